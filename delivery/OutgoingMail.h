// OutgoingMail: one e-mail as yewu means it, before it becomes RFC 5322 text
// (MimeMessage::render) and goes to a MailTransport. Plain data; UTF-8 text.
#pragma once

#include <string>
#include <vector>

namespace yewu {

struct MailAddress {
    std::string name;   // display name, UTF-8 (may be empty)
    std::string email;  // addr-spec, ASCII
};

struct MailAttachment {
    std::string fileName;     // UTF-8 (Chinese allowed; written per RFC 2231)
    std::string contentType;  // "application/pdf", ...
    std::string content;      // the bytes
};

struct OutgoingMail {
    MailAddress from;
    std::vector<MailAddress> to;
    std::vector<MailAddress> cc;
    std::vector<MailAddress> bcc;  // envelope only, never a header
    std::string subject;           // UTF-8
    std::string body;              // UTF-8 plain text, '\n' line ends
    std::vector<MailAttachment> attachments;
    std::string messageId;  // "local@domain", without the angle brackets
    std::string date;       // RFC 5322 date text; empty: now
};

}  // namespace yewu
