// PortalServer: the download portal (`yewu serve`), a Poco::Net HTTPServer,
// over TLS (Poco::NetSSL) when a certificate and key are configured.
//
// Routes (everything else 404; wrong method 405):
//   GET  /healthz            {"status":"ok",...}, no login (for monitoring)
//   GET  /login, POST /login  form login; POST needs the login CSRF token
//   POST /logout              needs the session's CSRF token
//   GET  /                    the reports the caller may download, by job and period
//   GET  /api/files           the same as JSON (for scripts with a Bearer token)
//   GET  /files/<32 hex id>   the download; the id is looked up in the manifests
//   GET  /static/portal.css
// Callers are identified by the session cookie (yewu_session: HttpOnly,
// SameSite=Strict, Secure under TLS) or by "Authorization: Bearer <token>".
// Without either, pages redirect to /login and downloads/API answer 401.
// Every response carries CSP (default-src 'none', frame-ancestors 'none'),
// X-Content-Type-Options: nosniff, X-Frame-Options: DENY and no-referrer.
// Downloads send the manifest's sha256 as ETag (If-None-Match -> 304) and are
// streamed from the file in 64 KiB pieces, never held in memory.
//
// Lifetime: start() binds and serves on background threads; stop() (or the
// destructor) stops accepting, waits for requests in flight, flushes the
// audit trail. start() throws Poco::Net exceptions when it cannot bind or
// load the certificate.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "AccessPolicy.h"

namespace Poco {
class ThreadPool;
}
namespace Poco::Net {
class HTTPServer;
}

namespace yewu {

struct PortalSettings {
    std::filesystem::path outDir = "out";
    std::filesystem::path usersFile;         // default: outDir / "portal-users.json"
    std::string host = "127.0.0.1";
    unsigned short port = 8080;              // 0: any free port (see PortalServer::port())
    std::string tlsCertificate;              // PEM file; TLS only when both are set
    std::string tlsPrivateKey;               // PEM file
    std::chrono::seconds sessionLifetime{8 * 3600};
    int lockoutAfter = 5;                    // failed logins per account within lockoutWindow
    int lockoutPerAddress = 20;              // failed logins per client address within lockoutWindow
    std::chrono::seconds lockoutWindow{15 * 60};
    std::chrono::seconds lockoutFor{15 * 60};
    int maxThreads = 128;                    // >= concurrent keep-alive clients, or they wait
    int maxQueued = 512;
    // How long a kept-alive connection may sit between requests. Counted from when the response
    // was handed to the socket, so it must cover a slow client still reading a large download.
    std::chrono::seconds keepAlive{20};
    AccessRules rules;
    // The team of a salesperson id when no teams.json names it ("" when unknown). The portal
    // cannot read sources (delivery -> core only), so app/ passes one that reads the source's
    // salesperson table; when it answers "", the salesperson's portal user's --team is used.
    std::function<std::string(const std::string&)> teamOfSalesperson;
};

class PortalState;

class PortalServer {
public:
    explicit PortalServer(PortalSettings settings);
    ~PortalServer();
    PortalServer(const PortalServer&) = delete;
    PortalServer& operator=(const PortalServer&) = delete;

    void start();
    void stop();
    unsigned short port() const { return port_; }
    bool tls() const;
    std::string baseUrl() const;
    // Waits until every audit event recorded so far is in the ledger (for tests).
    void flushAudit();

private:
    PortalSettings settings_;
    std::shared_ptr<PortalState> state_;
    std::unique_ptr<Poco::ThreadPool> pool_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    unsigned short port_ = 0;
};

}  // namespace yewu
