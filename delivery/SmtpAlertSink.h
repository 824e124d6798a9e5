// SmtpAlertSink: sends an Alert as one plain-text UTF-8 mail through an SMTP
// server with Poco::Net::SMTPClientSession. AUTH PLAIN when a user is given
// (Poco's AUTH LOGIN silently does nothing against servers whose prompts are
// not exactly "Username:"; see PITFALLS.md). No TLS here yet: the appraisal
// mailer (issue 6) brings STARTTLS; this sink is meant for a local relay.
#pragma once

#include <string>

#include "AlertSink.h"

namespace yewu {

struct SmtpSettings {
    std::string host = "localhost";  // smtp.host
    int port = 25;                   // smtp.port
    std::string from;                // smtp.from (required)
    std::string user;                // smtp.user; empty: no authentication
    std::string password;            // from YEWU_SMTP__PASSWORD only; never logged
    int timeoutSeconds = 30;
};

class SmtpAlertSink : public AlertSink {
public:
    explicit SmtpAlertSink(SmtpSettings settings) : settings_(std::move(settings)) {}
    // Throws Poco::Net::NetException / SMTPException naming the server, never the password.
    void send(const Alert& alert) override;

private:
    SmtpSettings settings_;
};

}  // namespace yewu
