// SmtpTransport: MailTransport over Poco::Net::SMTPClientSession.
//
// One connection is opened on the first send and reused for every later
// message (RSET after a refused one); it is reopened when it broke. The
// socket is a StreamSocket with TCP_NODELAY handed to the session: with
// Poco's defaults every command waits ~40 ms for a delayed ACK on loopback.
// smtp.tls = starttls upgrades with STARTTLS before any AUTH (and fails
// when the server does not offer it); the certificate is checked against
// smtp.host unless smtp.tls_verify = false. Authentication is done here,
// not with Poco's login(): AUTH PLAIN when offered, else AUTH LOGIN sent
// without waiting for the exact "Username:" prompts Poco insists on (it
// silently skips authentication otherwise). Error texts carry the server's
// reply, never the password.
#pragma once

#include <memory>

#include "MailTransport.h"
#include "SmtpSettings.h"

namespace yewu {

class SmtpTransport : public MailTransport {
public:
    explicit SmtpTransport(SmtpSettings settings);
    ~SmtpTransport() override;

    MailReceipt send(const std::string& from, const std::vector<std::string>& recipients, const std::string& data,
                     const std::function<void()>& beforeEnd) override;
    void close() noexcept override;

    // Messages sent over the current connection, connections opened so far (for tests and logs).
    int connections() const { return connections_; }

private:
    void connect();
    void startTls();
    void authenticate(const std::string& capabilities);
    std::string ehlo();
    // Sends a command and returns the reply code; `reply` gets the text.
    int command(const std::string& line, std::string& reply);
    void abandon() noexcept;  // drops the connection without QUIT

    class Session;  // Poco's session with its socket reachable (for DATA and STARTTLS)
    SmtpSettings settings_;
    std::unique_ptr<Session> session_;
    int connections_ = 0;
};

}  // namespace yewu
