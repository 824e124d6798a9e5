#include "SmtpAlertSink.h"

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

namespace yewu {

void SmtpAlertSink::send(const Alert& alert) {
    if (settings_.from.empty()) throw Poco::Net::SMTPException("smtp.from is not set: no sender for the alert");
    if (alert.to.empty()) throw Poco::Net::SMTPException("an alert needs at least one recipient");

    Poco::Net::MailMessage message;
    message.setSender(settings_.from);
    for (const auto& to : alert.to)
        message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, to));
    message.setSubject(Poco::Net::MailMessage::encodeWord(alert.subject, "UTF-8"));
    message.setDate(Poco::Timestamp());
    message.setContentType("text/plain; charset=UTF-8");
    message.setContent(alert.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);

    const std::string where = settings_.host + ":" + std::to_string(settings_.port);
    try {
        const Poco::Timespan timeout(settings_.timeoutSeconds, 0);
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress(settings_.host, Poco::UInt16(settings_.port)), timeout);
        socket.setNoDelay(true);  // without it each command stalls ~40 ms on delayed ACKs
        Poco::Net::SMTPClientSession session(socket);
        session.setTimeout(timeout);
        if (settings_.user.empty())
            session.login();
        else
            session.login(Poco::Net::SMTPClientSession::AUTH_PLAIN, settings_.user, settings_.password);
        session.sendMessage(message);
        session.close();
    } catch (const Poco::Exception& e) {
        // Poco's messages name the server's reply, never our credentials.
        throw Poco::Net::SMTPException("cannot send the alert through " + where + ": " + e.displayText());
    }
}

}  // namespace yewu
