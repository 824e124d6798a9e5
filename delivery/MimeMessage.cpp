#include "MimeMessage.h"

#include <Poco/Base64Encoder.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/SHA1Engine.h>
#include <Poco/Timestamp.h>

#include <set>
#include <sstream>

namespace yewu {

namespace {

constexpr std::size_t kWordBytes = 45;  // 45 bytes -> 60 base64 chars: the word stays under 75

std::string base64(const std::string& bytes, int lineLength) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(lineLength);  // 0: one line; otherwise CRLF every lineLength chars
    encoder << bytes;
    encoder.close();
    return out.str();
}

// Length of the UTF-8 sequence starting with byte c (1 for a stray continuation byte).
std::size_t sequenceLength(unsigned char c) {
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
}

bool needsEncoding(const std::string& text) {
    if (text.size() > 70) return true;  // a long ASCII subject is folded safely as encoded-words too
    for (unsigned char c : text)
        if (c >= 0x7F || c < 0x20 || c == '=' || c == '?') return true;
    return false;
}

void checkAddress(const std::string& email) {
    if (email.empty()) throw Poco::InvalidArgumentException("an e-mail address is empty");
    for (unsigned char c : email)
        if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == ',')
            throw Poco::InvalidArgumentException("not a plain e-mail address: '" + email + "'");
}

// A display name that needs no encoding, quoted when it has specials.
std::string quotedAscii(const std::string& name) {
    bool plain = true;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '-' || c == '_' || c == '.')) plain = false;
    if (plain) return name;
    std::string out = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string addressList(const std::vector<MailAddress>& list) {
    std::string out;
    for (std::size_t i = 0; i < list.size(); ++i) out += (i ? ",\r\n " : "") + MimeMessage::formatAddress(list[i]);
    return out;
}

std::string hexDigest(const std::string& text) {
    Poco::SHA1Engine sha;
    sha.update(text);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string normalizeLineEnds(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') continue;
        if (text[i] == '\n') out += "\r\n";
        else out += text[i];
    }
    return out;
}

// Encoded-words inside a quoted parameter stay on one line (no folding inside quotes).
std::string oneLine(std::string text) {
    for (std::size_t at; (at = text.find("\r\n ")) != std::string::npos;) text.replace(at, 3, " ");
    return text;
}

}  // namespace

std::string MimeMessage::encodeHeaderText(const std::string& text) {
    if (!needsEncoding(text)) return text;
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = i;
        while (end < text.size()) {
            const std::size_t n = sequenceLength(static_cast<unsigned char>(text[end]));
            if (end + n - i > kWordBytes && end > i) break;
            end = std::min(text.size(), end + n);
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(text.substr(i, end - i), 0) + "?=";
        i = end;
    }
    return out;
}

std::string MimeMessage::rfc2231Parameter(const std::string& name, const std::string& value) {
    static const char* hex = "0123456789ABCDEF";
    // attribute-char (RFC 2231/2045): printable ASCII except specials, space, '*', '\'', '%'
    auto plain = [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; };
    std::vector<std::string> pieces;  // each a run of whole characters, percent-encoded
    std::string current;
    for (std::size_t i = 0; i < value.size();) {
        const std::size_t n = std::min(sequenceLength(static_cast<unsigned char>(value[i])), value.size() - i);
        std::string encoded;
        for (std::size_t k = 0; k < n; ++k) {
            const auto c = static_cast<unsigned char>(value[i + k]);
            if (plain(c)) encoded += char(c);
            else encoded += std::string("%") + hex[c >> 4] + hex[c & 15];
        }
        if (current.size() + encoded.size() > 54) {  // keeps each folded line under 78 columns
            pieces.push_back(current);
            current.clear();
        }
        current += encoded;
        i += n;
    }
    pieces.push_back(current);
    if (pieces.size() == 1) return name + "*=UTF-8''" + pieces[0];
    std::string out;
    for (std::size_t i = 0; i < pieces.size(); ++i)
        out += (i ? ";\r\n " : "") + name + "*" + std::to_string(i) + "*=" + (i ? "" : "UTF-8''") + pieces[i];
    return out;
}

std::string MimeMessage::formatAddress(const MailAddress& address) {
    checkAddress(address.email);
    if (address.name.empty()) return "<" + address.email + ">";
    const std::string name = needsEncoding(address.name) || address.name.find('"') != std::string::npos
                                 ? encodeHeaderText(address.name)
                                 : quotedAscii(address.name);
    return name + " <" + address.email + ">";
}

std::string MimeMessage::dateNow() {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%w, %d %b %Y %H:%M:%S +0000");  // RFC 5322, UTC
}

std::vector<std::string> MimeMessage::envelopeRecipients(const OutgoingMail& mail) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto* list : {&mail.to, &mail.cc, &mail.bcc})
        for (const MailAddress& a : *list) {
            checkAddress(a.email);
            if (seen.insert(a.email).second) out.push_back(a.email);
        }
    return out;
}

std::string MimeMessage::render(const OutgoingMail& mail) {
    if (mail.to.empty()) throw Poco::InvalidArgumentException("a mail needs a To address");
    const std::string boundary = "=_yewu_" + hexDigest(mail.messageId + "\n" + mail.subject);
    std::string m;
    m.reserve(1024);
    m += "Date: " + (mail.date.empty() ? dateNow() : mail.date) + "\r\n";
    m += "From: " + formatAddress(mail.from) + "\r\n";
    m += "To: " + addressList(mail.to) + "\r\n";
    if (!mail.cc.empty()) m += "Cc: " + addressList(mail.cc) + "\r\n";
    m += "Subject: " + encodeHeaderText(mail.subject) + "\r\n";
    if (!mail.messageId.empty()) m += "Message-ID: <" + mail.messageId + ">\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no vacation replies to a batch mailer
    const std::string textPart = "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                                 base64(normalizeLineEnds(mail.body), 76) + "\r\n";
    if (mail.attachments.empty()) return m + textPart;
    m += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    m += "This is a multi-part message in MIME format.\r\n";
    m += "--" + boundary + "\r\n" + textPart;
    for (const MailAttachment& a : mail.attachments) {
        m += "--" + boundary + "\r\n";
        m += "Content-Type: " + (a.contentType.empty() ? std::string("application/octet-stream") : a.contentType) +
             ";\r\n name=\"" + oneLine(encodeHeaderText(a.fileName)) + "\"\r\n";
        m += "Content-Transfer-Encoding: base64\r\n";
        m += "Content-Disposition: attachment;\r\n " + rfc2231Parameter("filename", a.fileName) + "\r\n\r\n";
        m += base64(a.content, 76) + "\r\n";
    }
    m += "--" + boundary + "--\r\n";
    return m;
}

}  // namespace yewu
