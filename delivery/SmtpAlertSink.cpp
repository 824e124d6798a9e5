#include "SmtpAlertSink.h"

#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>

#include "MimeMessage.h"
#include "SmtpTransport.h"

namespace yewu {

void SmtpAlertSink::send(const Alert& alert) {
    if (settings_.from.empty()) throw Poco::Net::SMTPException("smtp.from is not set: no sender for the alert");
    if (alert.to.empty()) throw Poco::Net::SMTPException("an alert needs at least one recipient");

    OutgoingMail mail;
    mail.from = MailAddress{settings_.fromName, settings_.from};
    for (const auto& to : alert.to) mail.to.push_back(MailAddress{"", to});
    mail.subject = alert.subject;
    mail.body = alert.body;
    const std::string domain = settings_.from.substr(settings_.from.find('@') + 1);
    mail.messageId = "alert." + std::to_string(Poco::Timestamp().epochMicroseconds()) + "@" + domain;

    SmtpTransport transport(settings_);
    try {
        transport.send(settings_.from, MimeMessage::envelopeRecipients(mail), MimeMessage::render(mail), [] {});
    } catch (const MailSendException& e) {
        transport.close();
        throw MailSendException(e.kind(), "cannot send the alert: " + e.message(), e.smtpCode());
    }
    transport.close();
}

}  // namespace yewu
