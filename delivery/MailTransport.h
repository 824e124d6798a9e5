// MailTransport: hands finished messages to a mail server. SmtpTransport is
// the real one; tests inject failing ones. Not thread safe.
#pragma once

#include <Poco/Exception.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace yewu {

// Why a message was not (or maybe not) delivered.
class MailSendException : public Poco::Exception {
public:
    enum class Kind {
        Transient,  // 4xx or a connection problem before the end of DATA: not delivered, may be retried
        Permanent,  // 5xx: not delivered, retrying will not help
        Unknown,    // the connection broke after the end of DATA was sent: the server may have it
    };
    MailSendException(Kind kind, const std::string& message, int smtpCode = 0, bool connectFailed = false)
        : Poco::Exception(message, smtpCode), kind_(kind), connectFailed_(connectFailed) {}
    const char* name() const noexcept override { return "Mail send error"; }
    const char* className() const noexcept override { return "yewu::MailSendException"; }
    Poco::Exception* clone() const override { return new MailSendException(*this); }
    void rethrow() const override { throw *this; }

    Kind kind() const { return kind_; }
    int smtpCode() const { return code(); }
    // True when no connection to the server could be made at all.
    bool connectFailed() const { return connectFailed_; }

private:
    Kind kind_;
    bool connectFailed_;
};

struct MailReceipt {
    std::string reply;  // the server's answer to the end of DATA ("250 2.0.0 Ok: queued as …")
    // Secondary recipients (recipients[1..]) the server refused, with its answer; the
    // message went to the others.
    std::vector<std::pair<std::string, std::string>> refused;
};

class MailTransport {
public:
    virtual ~MailTransport() = default;
    // Sends `data` (RFC 5322 text, CRLF line ends, not dot-stuffed) from `from` to `recipients`.
    // recipients[0] must be accepted, or nothing is sent; later ones (Cc, Bcc) may be refused.
    // `beforeEnd` is called once the whole text is with the server, just before the end
    // of DATA: only after it can the server have accepted the message. If it throws, the
    // transaction is abandoned (nothing delivered) and the exception propagates.
    // Throws MailSendException; a connection stays open for the next message when it can.
    virtual MailReceipt send(const std::string& from, const std::vector<std::string>& recipients,
                             const std::string& data, const std::function<void()>& beforeEnd) = 0;
    // Says goodbye (QUIT) and closes the connection, if one is open. Never throws.
    virtual void close() noexcept = 0;
};

}  // namespace yewu
