#include "SmtpTransport.h"

#include <Poco/Base64Encoder.h>
#include <Poco/Environment.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/DialogSocket.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/Timespan.h>

#include <mutex>
#include <sstream>

namespace yewu {

namespace {

using Kind = MailSendException::Kind;

std::string base64(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << text;
    encoder.close();
    return out.str();
}

// The server's reply on one line, for messages ("550 5.1.1 <x@y>: unknown user").
std::string flat(const std::string& reply) {
    std::string out = reply;
    for (char& c : out)
        if (c == '\r' || c == '\n') c = ' ';
    return out;
}

Kind kindOf(int code) { return code >= 500 && code < 600 ? Kind::Permanent : Kind::Transient; }

// The mechanisms of the EHLO reply's AUTH line ("250-AUTH PLAIN LOGIN", "250 AUTH=LOGIN").
std::vector<std::string> authMechanisms(const std::string& capabilities) {
    std::vector<std::string> out;
    std::istringstream lines(capabilities);
    for (std::string line; std::getline(lines, line);) {
        if (line.size() > 4 && (line[3] == '-' || line[3] == ' ')) line = line.substr(4);
        const std::string upper = Poco::toUpper(line);
        if (upper.rfind("AUTH", 0) != 0 || upper.size() < 5 || (upper[4] != ' ' && upper[4] != '=')) continue;
        std::istringstream words(upper.substr(5));
        for (std::string w; words >> w;) out.push_back(Poco::trim(w));
    }
    return out;
}

bool offers(const std::string& capabilities, const std::string& keyword) {
    std::istringstream lines(capabilities);
    for (std::string line; std::getline(lines, line);) {
        if (line.size() > 4) line = line.substr(4);
        if (Poco::icompare(Poco::trim(line), keyword) == 0) return true;
    }
    return false;
}

// RFC 5321 4.5.2: a line starting with '.' gets another; the text ends with CRLF.
std::string dotStuffed(const std::string& data) {
    std::string out;
    out.reserve(data.size() + 64);
    bool lineStart = true;
    for (char c : data) {
        if (lineStart && c == '.') out += '.';
        out += c;
        lineStart = c == '\n';
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
}

}  // namespace

// SMTPClientSession keeps its socket protected; the end of DATA and the STARTTLS
// upgrade (checked against smtp.host, which Poco's own startTLS() does not pass) need it.
class SmtpTransport::Session : public Poco::Net::SMTPClientSession {
public:
    using Poco::Net::SMTPClientSession::SMTPClientSession;
    using Poco::Net::SMTPClientSession::socket;
};

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {}

SmtpTransport::~SmtpTransport() { close(); }

int SmtpTransport::command(const std::string& line, std::string& reply) { return session_->sendCommand(line, reply); }

void SmtpTransport::abandon() noexcept {
    if (!session_) return;
    try {
        session_->socket().close();
    } catch (const Poco::Exception&) {
        // already gone
    }
    session_.reset();  // its destructor's QUIT fails quietly on the closed socket
}

void SmtpTransport::close() noexcept {
    if (!session_) return;
    try {
        session_->close();  // QUIT
    } catch (const Poco::Exception&) {
        // the server went away first; nothing to tell
    }
    session_.reset();
}

std::string SmtpTransport::ehlo() {
    const std::string name = settings_.heloName.empty() ? Poco::Environment::nodeName() : settings_.heloName;
    std::string reply;
    int code = command("EHLO " + name, reply);
    if (code / 100 == 2) return reply;
    code = command("HELO " + name, reply);
    if (code / 100 == 2) return "";
    throw MailSendException(kindOf(code), settings_.where() + " refused HELO: " + flat(reply), code, true);
}

void SmtpTransport::startTls() {
    static std::once_flag sslInit;
    std::call_once(sslInit, [] { Poco::Net::initializeSSL(); });
    std::string reply;
    const int code = command("STARTTLS", reply);
    if (code != 220)
        throw MailSendException(Kind::Permanent, settings_.where() + " refused STARTTLS: " + flat(reply), code, true);
    try {
        Poco::Net::Context::Ptr context = new Poco::Net::Context(
            Poco::Net::Context::TLS_CLIENT_USE, "", "", settings_.caFile,
            settings_.verifyPeer ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE, 9,
            /*loadDefaultCAs=*/true);
        Poco::Net::SecureStreamSocket secure =
            Poco::Net::SecureStreamSocket::attach(session_->socket(), settings_.host, context);
        session_->socket() = secure;
    } catch (const Poco::Exception& e) {
        throw MailSendException(Kind::Permanent, "TLS with " + settings_.where() + " failed: " + e.displayText(), 0,
                                true);
    }
}

void SmtpTransport::authenticate(const std::string& capabilities) {
    const auto mechanisms = authMechanisms(capabilities);
    const auto has = [&](const char* m) { return std::find(mechanisms.begin(), mechanisms.end(), m) != mechanisms.end(); };
    std::string reply;
    int code = 0;
    if (has("PLAIN")) {
        code = command("AUTH PLAIN " + base64(std::string(1, '\0') + settings_.user + '\0' + settings_.password), reply);
    } else if (has("LOGIN")) {
        // Answer the two 334 prompts in order, whatever their wording.
        code = command("AUTH LOGIN", reply);
        if (code == 334) code = command(base64(settings_.user), reply);
        if (code == 334) code = command(base64(settings_.password), reply);
    } else {
        throw MailSendException(Kind::Permanent,
                                settings_.where() + " offers no AUTH PLAIN or LOGIN" +
                                    (settings_.tls == SmtpSettings::Tls::None ? " (servers often offer AUTH only "
                                                                                "after STARTTLS: smtp.tls = starttls)"
                                                                              : ""),
                                0, true);
    }
    if (code != 235)
        throw MailSendException(Kind::Permanent,
                                "authentication as '" + settings_.user + "' at " + settings_.where() +
                                    " failed: " + flat(reply),
                                code, true);
}

void SmtpTransport::connect() {
    const Poco::Timespan timeout(settings_.timeoutSeconds, 0);
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress(settings_.host, Poco::UInt16(settings_.port)), timeout);
        socket.setNoDelay(true);  // see the header: ~40 ms per command without it
        session_ = std::make_unique<Session>(socket);
        session_->setTimeout(timeout);
        session_->open();  // the 220 greeting
    } catch (const Poco::Exception& e) {
        abandon();
        throw MailSendException(Kind::Transient, "cannot connect to the mail server " + settings_.where() + ": " +
                                                     e.displayText(),
                                0, true);
    }
    try {
        std::string capabilities = ehlo();
        if (settings_.tls == SmtpSettings::Tls::StartTls) {
            if (!offers(capabilities, "STARTTLS"))
                throw MailSendException(Kind::Permanent,
                                        settings_.where() + " does not offer STARTTLS (smtp.tls = starttls)", 0, true);
            startTls();
            capabilities = ehlo();
        }
        if (!settings_.user.empty()) authenticate(capabilities);
    } catch (const MailSendException&) {
        abandon();
        throw;
    } catch (const Poco::Exception& e) {
        abandon();
        throw MailSendException(Kind::Transient, "mail server " + settings_.where() + " broke off: " + e.displayText(),
                                0, true);
    }
    ++connections_;
}

MailReceipt SmtpTransport::send(const std::string& from, const std::vector<std::string>& recipients,
                                const std::string& data, const std::function<void()>& beforeEnd) {
    if (recipients.empty()) throw Poco::InvalidArgumentException("a mail needs a recipient");
    // A refusal: RSET so the connection can carry the next message (421: the server is leaving).
    const auto refusal = [this](const std::string& stage, int code, const std::string& reply) {
        if (code == 421 || code <= 0) {  // <= 0: the connection closed without a reply
            abandon();
        } else {
            try {
                std::string ignored;
                command("RSET", ignored);
            } catch (const Poco::Exception&) {
                abandon();
            }
        }
        if (code <= 0)
            return MailSendException(Kind::Transient, "connection to " + settings_.where() + " closed at " + stage);
        return MailSendException(kindOf(code), settings_.where() + " refused " + stage + ": " + flat(reply), code);
    };

    std::string reply;
    int code = 0;
    for (int round = 0;; ++round) {
        const bool reused = session_ != nullptr;
        if (!session_) connect();
        try {
            code = command("MAIL FROM:<" + from + ">", reply);
        } catch (const Poco::Exception& e) {
            abandon();
            if (reused && round == 0) continue;  // a kept connection the server had dropped: reconnect once
            throw MailSendException(Kind::Transient,
                                    "connection to " + settings_.where() + " lost (MAIL FROM): " + e.displayText());
        }
        if ((code == 421 || code <= 0) && reused && round == 0) {  // the server ended an idle connection
            abandon();
            continue;
        }
        break;
    }
    if (code / 100 != 2) throw refusal("MAIL FROM:<" + from + ">", code, reply);

    MailReceipt receipt;
    try {
        for (std::size_t i = 0; i < recipients.size(); ++i) {
            code = command("RCPT TO:<" + recipients[i] + ">", reply);
            if (code / 100 == 2) continue;
            if (i == 0) throw refusal("RCPT TO:<" + recipients[i] + ">", code, reply);
            receipt.refused.emplace_back(recipients[i], flat(reply));
        }
        code = command("DATA", reply);
        if (code != 354) throw refusal("DATA", code, reply);
        const std::string text = dotStuffed(data);
        for (std::size_t sent = 0; sent < text.size();) {
            const int n = session_->socket().sendBytes(text.data() + sent, int(std::min<std::size_t>(text.size() - sent, 1 << 20)));
            if (n <= 0) throw Poco::Net::NetException("the connection closed while sending the message");
            sent += std::size_t(n);
        }
    } catch (const MailSendException&) {
        throw;
    } catch (const Poco::Exception& e) {
        abandon();
        throw MailSendException(Kind::Transient, "connection to " + settings_.where() + " lost before the end of the "
                                                 "message (not delivered): " + e.displayText());
    }

    try {
        beforeEnd();
    } catch (...) {
        abandon();  // no final dot: the server discards the message
        throw;
    }

    try {
        session_->socket().sendBytes(".\r\n", 3);
        code = session_->socket().receiveStatusMessage(reply);
    } catch (const Poco::Exception& e) {
        abandon();
        throw MailSendException(Kind::Unknown, "connection to " + settings_.where() +
                                                   " lost after the end of the message: the server may have "
                                                   "accepted it (" + e.displayText() + ")");
    }
    if (code <= 0) {
        abandon();
        throw MailSendException(Kind::Unknown, "connection to " + settings_.where() +
                                                   " closed after the end of the message, without an answer: the "
                                                   "server may have accepted it");
    }
    if (code / 100 != 2) {
        // No RSET needed: the transaction ended with this reply.
        if (code == 421) abandon();
        throw MailSendException(kindOf(code), settings_.where() + " refused the message: " + flat(reply), code);
    }
    receipt.reply = flat(reply);
    return receipt;
}

}  // namespace yewu
