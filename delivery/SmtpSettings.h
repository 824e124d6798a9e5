// SmtpSettings: how to reach the mail server, shared by every mailer (the
// appraisal packs, the scheduler's alerts). Read from [smtp] by
// jobs/MailConfig.h; the password only ever comes from YEWU_SMTP__PASSWORD.
#pragma once

#include <string>

namespace yewu {

struct SmtpSettings {
    enum class Tls { None, StartTls };

    std::string host = "localhost";  // smtp.host
    int port = 25;                   // smtp.port
    Tls tls = Tls::None;             // smtp.tls = none | starttls (STARTTLS required when set)
    std::string from;                // smtp.from, the sender address (required)
    std::string fromName;            // smtp.from_name, display name (UTF-8)
    std::string user;                // smtp.user; empty: no authentication
    std::string password;            // smtp.password = YEWU_SMTP__PASSWORD; never logged or printed
    std::string caFile;              // smtp.ca_file: a CA (or self-signed) certificate to trust, PEM
    bool verifyPeer = true;          // smtp.tls_verify: check the server's certificate and name
    std::string heloName;            // smtp.helo: name given in EHLO (default: this host's name)
    int timeoutSeconds = 30;         // smtp.timeout, per command
    double ratePerSecond = 0;        // smtp.rate: at most this many messages a second (0: no limit)
    int maxAttempts = 5;             // smtp.max_attempts for a message answered with 4xx
    int retryDelayMs = 2000;         // smtp.retry_delay_ms: first pause before a retry, doubled each time
    int connections = 4;             // smtp.connections: parallel connections of a mass mailing

    std::string where() const { return host + ":" + std::to_string(port); }
};

}  // namespace yewu
