// MimeMessage: RFC 2047 headers split only between characters, RFC 2231
// attachment names, deterministic bytes.
#include "delivery/MimeMessage.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/StringPartSource.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace yewu {
namespace {

std::string unbase64(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    std::string out;
    char c;
    while (decoder.get(c)) out += c;
    return out;
}

bool validUtf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

const std::string kLong = "2026年10月绩效考核通知书——张三（华东销售一部），请查收附件并于五个工作日内确认";

TEST(MimeMessageTest, PocoEncodeWordSplitsInsideCharacters) {
    // Why MimeMessage encodes headers itself: Poco 1.11 cuts words every 64 columns,
    // through the middle of a UTF-8 sequence (RFC 2047 section 5 forbids it).
    const std::string poco = Poco::Net::MailMessage::encodeWord(kLong, "UTF-8");
    EXPECT_NE(poco.find("?=\r\n =?UTF-8?q?"), std::string::npos);
    EXPECT_NE(poco.find("=E9?=\r\n"), std::string::npos) << poco;  // "通" (E9 80 9A) cut after its first byte
}

TEST(MimeMessageTest, PocoWritesRawUtf8AttachmentNames) {
    // Why attachments are written here too: Poco 1.11 puts the UTF-8 bytes in a quoted
    // filename="…" (neither RFC 2231 nor RFC 2047).
    Poco::Net::MailMessage m;
    m.setSender("hr@example.com");
    m.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, "x@example.com"));
    m.addContent(new Poco::Net::StringPartSource("body"));
    m.addAttachment("张三.pdf", new Poco::Net::StringPartSource("%PDF", "application/pdf", "张三.pdf"));
    std::ostringstream out;
    m.write(out);
    EXPECT_NE(out.str().find("filename=\"张三.pdf\""), std::string::npos) << out.str();
    EXPECT_EQ(out.str().find("filename*"), std::string::npos);
}

TEST(MimeMessageTest, EncodedWordsHoldWholeCharacters) {
    const std::string encoded = MimeMessage::encodeHeaderText(kLong);
    const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=)");
    std::string joined;
    int words = 0;
    for (std::sregex_iterator it(encoded.begin(), encoded.end(), word), end; it != end; ++it, ++words) {
        const std::string bytes = unbase64((*it)[1].str());
        EXPECT_TRUE(validUtf8(bytes)) << (*it)[0].str();
        EXPECT_LE((*it)[0].str().size(), 75u);
        joined += bytes;
    }
    EXPECT_GT(words, 1);
    EXPECT_EQ(joined, kLong);
    EXPECT_EQ(MimeMessage::encodeHeaderText("Monthly report"), "Monthly report");
}

TEST(MimeMessageTest, AttachmentNamesUseRfc2231) {
    EXPECT_EQ(MimeMessage::rfc2231Parameter("filename", "张三.pdf"), "filename*=UTF-8''%E5%BC%A0%E4%B8%89.pdf");
    const std::string longName = MimeMessage::rfc2231Parameter("filename", "绩效考核通知书_2026-10_欧阳娜娜.pdf");
    EXPECT_NE(longName.find("filename*0*=UTF-8''"), std::string::npos) << longName;
    EXPECT_NE(longName.find(";\r\n filename*1*="), std::string::npos) << longName;
    // No percent-escape is split across continuations.
    EXPECT_EQ(std::regex_search(longName, std::regex(R"(%[0-9A-F]?;)")), false) << longName;
}

TEST(MimeMessageTest, SameMailSameBytes) {
    OutgoingMail mail;
    mail.from = {"示例贸易", "hr@example.com"};
    mail.to = {{"张三", "zhangsan@example.com"}};
    mail.cc = {{"", "archive@example.com"}};
    mail.bcc = {{"", "audit@example.com"}};
    mail.subject = kLong;
    mail.body = "张三，您好：\n.附件见下。\n";
    mail.messageId = "abc.appraisal.2026-10@example.com";
    mail.date = "Sun, 01 Nov 2026 09:00:00 +0800";
    mail.attachments.push_back({"绩效考核通知书_2026-10_张三.pdf", "application/pdf", std::string("%PDF\0\x01\xff", 7)});
    const std::string a = MimeMessage::render(mail), b = MimeMessage::render(mail);
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.find("audit@example.com"), std::string::npos) << "Bcc must not be a header";
    EXPECT_NE(a.find("Message-ID: <abc.appraisal.2026-10@example.com>\r\n"), std::string::npos);
    EXPECT_NE(a.find("Cc: <archive@example.com>\r\n"), std::string::npos);
    for (std::size_t at = a.find('\n'); at != std::string::npos; at = a.find('\n', at + 1)) ASSERT_EQ(a[at - 1], '\r');
    EXPECT_EQ(MimeMessage::envelopeRecipients(mail),
              (std::vector<std::string>{"zhangsan@example.com", "archive@example.com", "audit@example.com"}));
}

TEST(MimeMessageTest, RefusesHeaderInjection) {
    OutgoingMail mail;
    mail.from = {"", "hr@example.com"};
    mail.to = {{"", "x@example.com\r\nBcc: evil@example.com"}};
    EXPECT_THROW(MimeMessage::render(mail), Poco::InvalidArgumentException);
}

}  // namespace
}  // namespace yewu
