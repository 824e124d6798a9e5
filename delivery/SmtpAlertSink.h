// SmtpAlertSink: sends an Alert as one plain-text UTF-8 mail through the same
// mailer as the appraisal packs (MimeMessage + SmtpTransport: TCP_NODELAY,
// STARTTLS when smtp.tls = starttls, AUTH PLAIN, see SmtpTransport.h). One
// connection per alert: alerts are rare.
#pragma once

#include <string>

#include "AlertSink.h"
#include "SmtpSettings.h"

namespace yewu {

class SmtpAlertSink : public AlertSink {
public:
    explicit SmtpAlertSink(SmtpSettings settings) : settings_(std::move(settings)) {}
    // Throws MailSendException (a Poco::Exception) naming the server, never the password.
    void send(const Alert& alert) override;

private:
    SmtpSettings settings_;
};

}  // namespace yewu
