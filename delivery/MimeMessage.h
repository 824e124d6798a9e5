// MimeMessage: turns an OutgoingMail into the exact bytes sent after DATA
// (RFC 5322 + MIME, CRLF line ends, no dot-stuffing).
//
// Hand-written rather than Poco::Net::MailMessage because Poco 1.11
//  - writes attachment names as raw UTF-8 in a quoted filename="…" (not
//    RFC 2231 filename*=UTF-8''…), which many clients show as mojibake;
//  - splits MailMessage::encodeWord output every 64 encoded characters even
//    inside a UTF-8 sequence, against RFC 2047 section 5 ("each encoded-word
//    MUST represent an integral number of characters");
//  - draws a random MIME boundary, so the same mail is never the same bytes.
// Here: headers as RFC 2047 B-words split only between characters,
// attachment names as RFC 2231 filename* (with continuations) plus an
// RFC 2047 name= for old clients, bodies and attachments base64, and a
// boundary derived from the Message-ID: same mail, same bytes.
#pragma once

#include <string>
#include <vector>

#include "OutgoingMail.h"

namespace yewu {

class MimeMessage {
public:
    // The message text. Throws Poco::InvalidArgumentException for an address with CR/LF or
    // non-ASCII characters, or a mail without a From or To address.
    static std::string render(const OutgoingMail& mail);

    // Every envelope recipient: To, then Cc, then Bcc (duplicates removed, first kept).
    static std::vector<std::string> envelopeRecipients(const OutgoingMail& mail);

    // RFC 2047 encoded-words (=?UTF-8?B?…?=), folded with CRLF SP, each holding whole
    // UTF-8 characters; ASCII text without specials comes back as it is.
    static std::string encodeHeaderText(const std::string& text);
    // RFC 2231 parameter: ` filename*=UTF-8''%E7…`, split into filename*0*, filename*1* …
    // continuations when long. Returns the text after "; " (may contain CRLF SP folds).
    static std::string rfc2231Parameter(const std::string& name, const std::string& value);
    // "Name <a@b>" with the name encoded when needed.
    static std::string formatAddress(const MailAddress& address);
    // Now, as an RFC 5322 date ("Tue, 03 Nov 2026 09:00:00 +0000").
    static std::string dateNow();
};

}  // namespace yewu
