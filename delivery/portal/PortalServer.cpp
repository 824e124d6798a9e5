#include "PortalServer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "DownloadHeaders.h"
#include "LoginThrottle.h"
#include "ManifestCatalog.h"
#include "PortalAudit.h"
#include "PortalCrypto.h"
#include "PortalPages.h"
#include "PortalUserStore.h"
#include "SessionStore.h"

namespace yewu {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

const char* kSessionCookie = "yewu_session";
const char* kLoginCsrfCookie = "yewu_login_csrf";
constexpr std::size_t kMaxFormBytes = 16 * 1024;

bool isHexId(const std::string& s) {
    return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

}  // namespace

// Everything the request handlers share; lives as long as the server.
class PortalState {
public:
    explicit PortalState(const PortalSettings& s)
        : settings(s),
          users(s.usersFile.empty() ? s.outDir / "portal-users.json" : s.usersFile),
          catalog(s.outDir),
          sessions(s.sessionLifetime),
          throttle(s.lockoutAfter, s.lockoutPerAddress, s.lockoutWindow, s.lockoutFor),
          audit(s.outDir),
          policy(s.rules, [this](const std::string& id) {
              std::string team = settings.teamOfSalesperson ? settings.teamOfSalesperson(id) : "";
              return team.empty() ? users.teamOfSalesperson(id) : team;
          }) {}

    PortalSettings settings;
    bool tls = false;
    PortalUserStore users;
    ManifestCatalog catalog;
    SessionStore sessions;
    LoginThrottle throttle;
    PortalAudit audit;
    AccessPolicy policy;
};

namespace {

struct Caller {
    PortalUser user;
    std::optional<PortalSession> session;  // nullopt for a bearer token
};

class PortalHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit PortalHandler(PortalState& state) : state_(state) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        securityHeaders(response);
        lang_ = PortalLang::ZhCN;
        try {
            Poco::URI uri(request.getURI());
            path_ = uri.getPath();
            queryLang_.clear();
            for (const auto& [k, v] : uri.getQueryParameters())
                if (k == "lang") queryLang_ = v;
            lang_ = PortalPages::chooseLang(queryLang_, request.get("Accept-Language", ""));
            remote_ = request.clientAddress().host().toString();
            route(request, response);
        } catch (const Poco::SyntaxException&) {
            sendError(response, HTTPResponse::HTTP_BAD_REQUEST, "bad request");
        } catch (const Poco::Exception& e) {
            std::cerr << "yewu serve: " << request.getMethod() << " " << path_ << ": " << e.displayText() << "\n";
            if (!response.sent()) sendError(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "internal error");
        } catch (const std::exception& e) {
            std::cerr << "yewu serve: " << request.getMethod() << " " << path_ << ": " << e.what() << "\n";
            if (!response.sent()) sendError(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "internal error");
        }
    }

private:
    void securityHeaders(HTTPServerResponse& response) {
        response.set("Content-Security-Policy",
                     "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                     "frame-ancestors 'none'; base-uri 'none'");
        response.set("X-Content-Type-Options", "nosniff");
        response.set("X-Frame-Options", "DENY");
        response.set("Referrer-Policy", "no-referrer");
        response.set("Cross-Origin-Opener-Policy", "same-origin");
        if (state_.tls) response.set("Strict-Transport-Security", "max-age=31536000");
    }

    void route(HTTPServerRequest& request, HTTPServerResponse& response) {
        const std::string& method = request.getMethod();
        const bool get = method == HTTPRequest::HTTP_GET || method == HTTPRequest::HTTP_HEAD;
        if (path_ == "/healthz") return get ? health(response) : methodNotAllowed(response, "GET, HEAD");
        if (path_ == "/static/portal.css") {
            if (!get) return methodNotAllowed(response, "GET, HEAD");
            response.set("Cache-Control", "public, max-age=3600");
            return sendText(response, HTTPResponse::HTTP_OK, "text/css; charset=utf-8", PortalPages::stylesheet(),
                            request);
        }
        if (path_ == "/login") {
            if (get) return loginPage(request, response, "", HTTPResponse::HTTP_OK);
            if (method == HTTPRequest::HTTP_POST) return loginPost(request, response);
            return methodNotAllowed(response, "GET, HEAD, POST");
        }
        if (path_ == "/logout") {
            if (method == HTTPRequest::HTTP_POST) return logout(request, response);
            return methodNotAllowed(response, "POST");
        }
        if (path_ == "/" || path_ == "/api/files") {
            if (!get) return methodNotAllowed(response, "GET, HEAD");
            return path_ == "/" ? listPage(request, response) : listJson(request, response);
        }
        if (path_.rfind("/files/", 0) == 0) {
            if (!get) return methodNotAllowed(response, "GET, HEAD");
            return download(request, response, path_.substr(7));
        }
        sendError(response, HTTPResponse::HTTP_NOT_FOUND, "not found");
    }

    // --- identity ---------------------------------------------------------------------------

    std::string cookie(HTTPServerRequest& request, const std::string& name) {
        Poco::Net::NameValueCollection cookies;
        request.getCookies(cookies);
        return cookies.get(name, "");
    }

    void setCookie(HTTPServerResponse& response, const std::string& name, const std::string& value,
                   const std::string& path, long long maxAge) {
        std::string c = name + "=" + value + "; Path=" + path + "; Max-Age=" + std::to_string(maxAge) +
                        "; HttpOnly; SameSite=Strict";
        if (state_.tls) c += "; Secure";
        response.add("Set-Cookie", c);
    }

    // Bearer token or session cookie. A bad bearer token sets badToken (answered 401, audited).
    std::optional<Caller> identify(HTTPServerRequest& request, bool& badToken, bool& expired) {
        badToken = expired = false;
        const std::string authorization = request.get("Authorization", "");
        if (!authorization.empty()) {
            if (authorization.rfind("Bearer ", 0) == 0) {
                if (auto user = state_.users.authenticateToken(authorization.substr(7))) return Caller{*user, {}};
            }
            badToken = true;
            AuditEvent e;
            e.event = "token_failed";
            e.remote = remote_;
            e.status = 401;
            e.detail = path_;
            state_.audit.record(std::move(e));
            return std::nullopt;
        }
        const std::string sid = cookie(request, kSessionCookie);
        if (sid.empty()) return std::nullopt;
        auto session = state_.sessions.find(sid);
        if (!session) {
            expired = true;
            return std::nullopt;
        }
        auto user = state_.users.find(session->user);
        if (!user) {  // removed since login
            state_.sessions.erase(sid);
            return std::nullopt;
        }
        return Caller{*user, session};
    }

    void unauthorized(HTTPServerResponse& response) {
        response.set("WWW-Authenticate", "Bearer realm=\"yewu\"");
        sendError(response, HTTPResponse::HTTP_UNAUTHORIZED, "authentication required");
    }

    std::string langQuery() const { return queryLang_.empty() ? "" : "?lang=" + PortalPages::langTag(lang_); }

    void redirect(HTTPServerResponse& response, const std::string& location) {
        response.set("Location", location);
        response.set("Cache-Control", "no-store");
        response.setStatusAndReason(HTTPResponse::HTTP_SEE_OTHER);
        response.setContentLength(0);
        response.send();
    }

    // --- pages -----------------------------------------------------------------------------------

    void health(HTTPServerResponse& response) {
        auto snap = state_.catalog.snapshot();
        Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
        o.set("status", "ok");
        o.set("manifests", snap->manifests);
        o.set("files", snap->entries.size());
        std::ostringstream text;
        o.stringify(text);
        response.set("Cache-Control", "no-store");
        response.setStatusAndReason(HTTPResponse::HTTP_OK);
        response.setContentType("application/json");
        response.sendBuffer(text.str().data(), text.str().size());
    }

    void loginPage(HTTPServerRequest& request, HTTPServerResponse& response, const std::string& message,
                   HTTPResponse::HTTPStatus status) {
        std::string csrf = cookie(request, kLoginCsrfCookie);
        if (csrf.size() != 64) csrf = portal_crypto::randomHex(32);
        setCookie(response, kLoginCsrfCookie, csrf, "/login", 3600);
        response.set("Cache-Control", "no-store");
        sendText(response, status, "text/html; charset=utf-8", PortalPages::login(lang_, csrf, message), request);
    }

    bool readForm(HTTPServerRequest& request, Poco::Net::HTMLForm& form) {
        if (request.getContentLength64() > std::streamsize(kMaxFormBytes)) return false;
        std::string body;
        char buffer[4096];
        auto& in = request.stream();
        while (in && body.size() <= kMaxFormBytes) {
            in.read(buffer, sizeof buffer);
            body.append(buffer, std::size_t(in.gcount()));
        }
        if (body.size() > kMaxFormBytes) return false;
        std::istringstream text(body);
        form.setFieldLimit(20);
        form.read(text);
        return true;
    }

    void loginPost(HTTPServerRequest& request, HTTPServerResponse& response) {
        Poco::Net::HTMLForm form;
        if (!readForm(request, form)) return sendError(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, "too large");
        const std::string expected = cookie(request, kLoginCsrfCookie);
        const std::string given = form.get("csrf", "");
        const std::string name = form.get("user", "").substr(0, 128);
        if (expected.size() != 64 || !portal_crypto::constantTimeEquals(expected, given)) {
            audit("csrf_rejected", name, 403, "login");
            return loginPage(request, response, "csrf", HTTPResponse::HTTP_FORBIDDEN);
        }
        if (state_.throttle.blocked(name, remote_)) {
            audit("login_locked", name, 429, "account or address locked after repeated failures");
            return loginPage(request, response, "locked", HTTPResponse::HTTP_TOO_MANY_REQUESTS);
        }
        auto user = state_.users.authenticatePassword(name, form.get("password", ""));
        if (!user) {
            const bool nowLocked = state_.throttle.failed(name, remote_);
            audit("login_failed", name, 401, nowLocked ? "locked now" : "");
            return loginPage(request, response, nowLocked ? "locked" : "invalid",
                             nowLocked ? HTTPResponse::HTTP_TOO_MANY_REQUESTS : HTTPResponse::HTTP_UNAUTHORIZED);
        }
        state_.throttle.succeeded(name);
        const std::string old = cookie(request, kSessionCookie);
        if (!old.empty()) state_.sessions.erase(old);
        const PortalSession session = state_.sessions.create(user->name);
        setCookie(response, kSessionCookie, session.id, "/", state_.sessions.lifetime().count());
        setCookie(response, kLoginCsrfCookie, "", "/login", 0);
        audit("login", user->name, 303, "");
        redirect(response, "/" + langQuery());
    }

    void logout(HTTPServerRequest& request, HTTPServerResponse& response) {
        Poco::Net::HTMLForm form;
        if (!readForm(request, form)) return sendError(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, "too large");
        bool badToken = false, expired = false;
        auto caller = identify(request, badToken, expired);
        if (!caller || !caller->session) return redirect(response, "/login" + langQuery());
        if (!portal_crypto::constantTimeEquals(caller->session->csrf, form.get("csrf", ""))) {
            audit("csrf_rejected", caller->user.name, 403, "logout");
            return sendError(response, HTTPResponse::HTTP_FORBIDDEN, "CSRF token missing or wrong");
        }
        state_.sessions.erase(caller->session->id);
        setCookie(response, kSessionCookie, "", "/", 0);
        audit("logout", caller->user.name, 303, "");
        redirect(response, "/login" + langQuery());
    }

    std::vector<const CatalogEntry*> visible(const ManifestCatalog::Snapshot& snap, const PortalUser& user) {
        std::vector<const CatalogEntry*> out;
        for (const auto& e : snap.entries)
            if (state_.policy.mayDownload(user, e)) out.push_back(&e);
        return out;
    }

    void listPage(HTTPServerRequest& request, HTTPServerResponse& response) {
        bool badToken = false, expired = false;
        auto caller = identify(request, badToken, expired);
        if (badToken) return unauthorized(response);
        if (!caller) return redirect(response, "/login" + langQuery());
        auto snap = state_.catalog.snapshot();
        response.set("Cache-Control", "no-store");
        sendText(response, HTTPResponse::HTTP_OK, "text/html; charset=utf-8",
                 PortalPages::list(lang_, caller->user.name, portalRoleName(caller->user.role),
                                   visible(*snap, caller->user), caller->session ? caller->session->csrf : ""),
                 request);
    }

    void listJson(HTTPServerRequest& request, HTTPServerResponse& response) {
        bool badToken = false, expired = false;
        auto caller = identify(request, badToken, expired);
        if (!caller) return unauthorized(response);
        auto snap = state_.catalog.snapshot();
        Poco::JSON::Array files;
        for (const auto* e : visible(*snap, caller->user)) {
            Poco::JSON::Object f(Poco::JSON_PRESERVE_KEY_ORDER);
            f.set("id", e->id);
            f.set("job", e->job);
            f.set("period", e->period);
            f.set("path", e->path);
            f.set("kind", e->kind);
            f.set("subject", e->subject);
            f.set("bytes", e->bytes);
            f.set("sha256", e->sha256);
            f.set("url", "/files/" + e->id);
            files.add(f);
        }
        Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
        root.set("user", caller->user.name);
        root.set("files", files);
        std::ostringstream text;
        root.stringify(text);
        response.set("Cache-Control", "no-store");
        sendText(response, HTTPResponse::HTTP_OK, "application/json", text.str(), request);
    }

    void download(HTTPServerRequest& request, HTTPServerResponse& response, const std::string& id) {
        bool badToken = false, expired = false;
        auto caller = identify(request, badToken, expired);
        if (!caller) return unauthorized(response);
        // The id is only ever a key into the manifests: anything not shaped like one is unknown.
        auto snap = state_.catalog.snapshot();
        const CatalogEntry* entry = isHexId(id) ? snap->find(id) : nullptr;
        if (!entry && isHexId(id)) {
            snap = state_.catalog.snapshot(true);  // published a moment ago?
            entry = snap->find(id);
        }
        if (!entry) {
            audit("not_found", caller->user.name, 404, id.substr(0, 80));
            return sendError(response, HTTPResponse::HTTP_NOT_FOUND, "no such file");
        }
        if (!state_.policy.mayDownload(caller->user, *entry)) {
            audit("denied", caller->user.name, 403, "", entry);
            return sendError(response, HTTPResponse::HTTP_FORBIDDEN, "not yours to download");
        }
        const std::string etag = download_headers::etagFor(entry->sha256);
        response.set("ETag", etag);
        response.set("Cache-Control", "private, no-cache");
        if (download_headers::etagMatches(request.get("If-None-Match", ""), etag)) {
            audit("not_modified", caller->user.name, 304, "", entry);
            response.setStatusAndReason(HTTPResponse::HTTP_NOT_MODIFIED);
            response.send();
            return;
        }
        std::ifstream in(entry->file, std::ios::binary);
        std::error_code ec;
        const auto size = std::filesystem::file_size(entry->file, ec);
        if (!in || ec || std::int64_t(size) != entry->bytes) {
            // Replaced by a rerun since the manifest was read: the client retries against the new manifest.
            state_.catalog.snapshot(true);
            audit("unavailable", caller->user.name, 503, "file changed or missing", entry);
            response.set("Retry-After", "2");
            return sendError(response, HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "file is being republished");
        }
        response.setStatusAndReason(HTTPResponse::HTTP_OK);
        response.setContentType(download_headers::contentTypeFor(entry->fileName()));
        response.set("Content-Disposition", download_headers::contentDisposition(entry->fileName()));
        response.setContentLength64(entry->bytes);
        std::ostream& out = response.send();
        std::streamsize sent = 0;
        if (request.getMethod() != HTTPRequest::HTTP_HEAD) sent = Poco::StreamCopier::copyStream(in, out, 1 << 16);
        std::string detail;
        if (request.getMethod() == HTTPRequest::HTTP_HEAD) detail = "HEAD";
        else if (!out.good() || sent != entry->bytes) detail = "incomplete: the client went away";
        audit("download", caller->user.name, 200, detail, entry, sent);
    }

    // --- helpers ---------------------------------------------------------------------------------

    void audit(const std::string& event, const std::string& user, int status, const std::string& detail,
               const CatalogEntry* entry = nullptr, std::int64_t bytes = 0) {
        AuditEvent e;
        e.event = event;
        e.user = user;
        e.remote = remote_;
        e.status = status;
        e.detail = detail;
        e.bytes = bytes;
        if (entry) {
            e.fileId = entry->id;
            e.job = entry->job;
            e.period = entry->period;
            e.path = entry->path;
            e.kind = entry->kind;
            e.subject = entry->subject;
        }
        state_.audit.record(std::move(e));
    }

    void sendText(HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const std::string& type,
                  const std::string& body, HTTPServerRequest& request) {
        response.setStatusAndReason(status);
        response.setContentType(type);
        if (request.getMethod() == HTTPRequest::HTTP_HEAD) {
            response.setContentLength64(std::int64_t(body.size()));
            response.send();
        } else {
            response.sendBuffer(body.data(), body.size());
        }
    }

    void sendError(HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const std::string& message) {
        if (response.sent()) return;
        response.set("Cache-Control", "no-store");
        response.setStatusAndReason(status);
        response.setContentType("text/html; charset=utf-8");
        const std::string body = PortalPages::error(lang_, int(status), message);
        response.sendBuffer(body.data(), body.size());
    }

    void methodNotAllowed(HTTPServerResponse& response, const std::string& allow) {
        response.set("Allow", allow);
        sendError(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "method not allowed");
    }

    PortalState& state_;
    PortalLang lang_ = PortalLang::ZhCN;
    std::string path_, queryLang_, remote_;
};

class PortalHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit PortalHandlerFactory(std::shared_ptr<PortalState> state) : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
        return new PortalHandler(*state_);
    }

private:
    std::shared_ptr<PortalState> state_;
};

}  // namespace

PortalServer::PortalServer(PortalSettings settings) : settings_(std::move(settings)) {
    if (settings_.usersFile.empty()) settings_.usersFile = settings_.outDir / "portal-users.json";
}

PortalServer::~PortalServer() { stop(); }

bool PortalServer::tls() const { return !settings_.tlsCertificate.empty() && !settings_.tlsPrivateKey.empty(); }

std::string PortalServer::baseUrl() const {
    return std::string(tls() ? "https" : "http") + "://" + settings_.host + ":" + std::to_string(port_);
}

void PortalServer::start() {
    if (server_) return;
    state_ = std::make_shared<PortalState>(settings_);
    state_->tls = tls();
    const Poco::Net::SocketAddress address(settings_.host, settings_.port);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (tls()) {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Ptr context = new Poco::Net::Context(
            Poco::Net::Context::TLS_SERVER_USE, settings_.tlsPrivateKey, settings_.tlsCertificate, "",
            Poco::Net::Context::VERIFY_NONE, 9, false, "HIGH:!aNULL:!MD5:!RC4");
        context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
        socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 128, context);
    } else {
        socket = std::make_unique<Poco::Net::ServerSocket>(address, 128);
    }
    port_ = socket->address().port();

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(settings_.maxThreads);
    params->setMaxQueued(settings_.maxQueued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(long(settings_.keepAlive.count()), 0));
    params->setMaxKeepAliveRequests(1000);
    params->setTimeout(Poco::Timespan(30, 0));
    params->setServerName("yewu");
    pool_ = std::make_unique<Poco::ThreadPool>(2, settings_.maxThreads + 2);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new PortalHandlerFactory(state_), *pool_, *socket, params);
    server_->start();
}

void PortalServer::stop() {
    if (!server_) return;
    server_->stopAll(true);
    server_.reset();
    pool_->joinAll();
    pool_.reset();
    state_->audit.flush();
    state_.reset();
}

void PortalServer::flushAudit() {
    if (state_) state_->audit.flush();
}

}  // namespace yewu
