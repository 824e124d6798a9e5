// The download portal over real HTTP: a PortalServer on a free loopback port,
// a fixture OUT with manifests of every kind, and Poco's HTTP client (plus a
// raw socket for request lines a well-behaved client would never send).
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "delivery/portal/ManifestCatalog.h"
#include "delivery/portal/PortalAudit.h"
#include "delivery/portal/PortalCrypto.h"
#include "delivery/portal/PortalServer.h"
#include "delivery/portal/PortalUserStore.h"

namespace yewu {
namespace {

namespace fs = std::filesystem;
using Poco::Net::HTTPRequest;

struct Reply {
    int status = 0;
    std::string body;
    mutable std::map<std::string, std::string> headers;  // last value of each
    std::vector<std::string> setCookies;
};

void writeFile(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
}

struct FileSpec {
    std::string path, kind, subject, content;
};

// Writes the files and a manifest like the Runner's.
void publish(const fs::path& out, const std::string& job, const std::string& period, const std::vector<FileSpec>& files,
             const std::vector<FileSpec>& bogus = {}) {
    const fs::path dir = out / job / period;
    std::string json = "{\"job\": \"" + job + "\", \"period\": \"" + period + "\", \"files\": [";
    bool first = true;
    auto add = [&](const FileSpec& f) {
        json += std::string(first ? "" : ",") + "{\"path\": \"" + f.path + "\", \"kind\": \"" + f.kind +
                "\", \"bytes\": " + std::to_string(f.content.size()) + ", \"sha256\": \"" +
                portal_crypto::sha256Hex(f.content) + "\", \"rows\": 1, \"subject\": \"" + f.subject + "\"}";
        first = false;
    };
    for (const auto& f : files) {
        writeFile(dir / f.path, f.content);
        add(f);
    }
    for (const auto& f : bogus) add(f);
    json += "]}";
    writeFile(dir / "manifest.json", json);
}

class PortalHttpTest : public ::testing::Test {
protected:
    static inline fs::path root_, out_;
    static inline std::unique_ptr<PortalServer> server_;
    static inline std::map<std::string, std::string> ids_;  // "job/period/path" -> id
    static inline std::map<std::string, std::string> content_;

    static void SetUpTestSuite() {
        root_ = fs::temp_directory_path() / ("yewu-portal-test-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        out_ = root_ / "out";
        writeFile(root_ / "secret.txt", "TOPSECRET outside OUT\n");
        const std::string xlsx = "PK\x03\x04 fake workbook " + std::string(200000, 'x');
        std::vector<FileSpec> receivables{{"receivables-2026-10-31.xlsx", "receivables_workbook", "", xlsx}};
        publish(out_, "receivables", "2026-10-31", receivables,
                {{"../../secret.txt", "receivables_workbook", "", "x"}, {"/etc/passwd", "receivables_workbook", "", "x"},
                 {"evil.xlsx", "receivables_workbook", "", "x"}});
        fs::create_symlink(root_ / "secret.txt", out_ / "receivables" / "2026-10-31" / "evil.xlsx");
        publish(out_, "receivables", "2026-09-30", {{"receivables-2026-09-30.xlsx", "receivables_workbook", "", "PK old"}});
        publish(out_, "kpi", "2026-10",
                {{"kpi-2026-10.xlsx", "kpi_workbook", "", "PK kpi"},
                 {"people/7.xlsx", "personal_kpi_workbook", "7", "PK seven"},
                 {"people/8.xlsx", "personal_kpi_workbook", "8", "PK eight"}});
        writeFile(out_ / "kpi" / "2026-10" / "teams.json", R"({"teams": {"7": "华东", "8": "华北"}})");
        publish(out_, "appraisal", "2026-10",
                {{"letters/7-张三.pdf", "appraisal_letter", "7", "%PDF seven"},
                 {"letters/8-李四.pdf", "appraisal_letter", "8", "%PDF eight"},
                 {"letters/9.pdf", "appraisal_letter", "9", "%PDF nine"},
                 {"teams/华东.pdf", "team_pack", "华东", "%PDF east"},
                 {"teams/华北.pdf", "team_pack", "华北", "%PDF north"}});
        publish(out_, "contracts", "2026-10", {{"HT-SO1.pdf", "contract", "SO1", "%PDF contract"}});
        // Contracts keep one manifest for every month: OUT/contracts/manifest.json, period "".
        writeFile(out_ / "contracts" / "2026-11" / "HT-SO2.pdf", "%PDF contract 2");
        writeFile(out_ / "contracts" / "manifest.json",
                  "{\"job\": \"contracts\", \"period\": \"\", \"files\": [{\"path\": \"2026-11/HT-SO2.pdf\", "
                  "\"kind\": \"contract\", \"bytes\": 15, \"sha256\": \"" + portal_crypto::sha256Hex("%PDF contract 2") +
                  "\", \"rows\": 1, \"subject\": \"SO2\"}]}");
        for (const auto& entry : fs::recursive_directory_iterator(out_)) {
            if (!entry.is_regular_file() || entry.is_symlink()) continue;
            const auto rel = fs::relative(entry.path(), out_);
            auto it = rel.begin();
            const std::string job = (*it++).string(), period = (*it++).string();
            std::string path;
            for (; it != rel.end(); ++it) path += (path.empty() ? "" : "/") + it->string();
            const std::string key = job + "/" + period + "/" + path;
            ids_[key] = ManifestCatalog::idOf(job, period, path);
            std::ifstream in(entry.path(), std::ios::binary);
            content_[key] = std::string(std::istreambuf_iterator<char>(in), {});
        }

        PortalUserStore users(out_ / "portal-users.json");
        auto add = [&](const std::string& name, PortalRole role, const std::string& sp, const std::string& team) {
            PortalUser u;
            u.name = name;
            u.role = role;
            u.salespersonId = sp;
            u.team = team;
            users.add(u, "pw-" + name, portal_crypto::kMinIterations);
        };
        add("fin", PortalRole::Finance, "", "");
        add("mgr", PortalRole::Manager, "", "华东");
        add("sp7", PortalRole::Salesperson, "7", "华东");
        add("sp8", PortalRole::Salesperson, "8", "华北");
        add("root", PortalRole::Admin, "", "");
        add("victim", PortalRole::Finance, "", "");
        add("tok", PortalRole::Finance, "", "");

        PortalSettings s;
        s.outDir = out_;
        s.port = 0;
        s.lockoutAfter = 3;
        s.lockoutPerAddress = 1000;
        s.lockoutFor = std::chrono::seconds(2);
        s.teamOfSalesperson = [](const std::string& id) { return id == "9" ? "华东" : ""; };  // "the source"
        server_ = std::make_unique<PortalServer>(s);
        server_->start();
    }

    static void TearDownTestSuite() {
        server_.reset();
        fs::remove_all(root_);
    }

    static Reply request(const std::string& method, const std::string& uri,
                         const std::map<std::string, std::string>& headers = {}, const std::string& body = "",
                         unsigned short port = 0) {
        Poco::Net::HTTPClientSession session("127.0.0.1", port ? port : server_->port());
        session.setTimeout(Poco::Timespan(10, 0));
        HTTPRequest req(method, uri, HTTPRequest::HTTP_1_1);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!body.empty() || method == HTTPRequest::HTTP_POST) {
            req.setContentType("application/x-www-form-urlencoded");
            req.setContentLength(std::streamsize(body.size()));
        }
        session.sendRequest(req) << body;
        Poco::Net::HTTPResponse res;
        std::istream& in = session.receiveResponse(res);
        Reply r;
        r.status = res.getStatus();
        Poco::StreamCopier::copyToString(in, r.body);
        for (const auto& [k, v] : res) {
            r.headers[k] = v;
            if (Poco::icompare(k, "Set-Cookie") == 0) r.setCookies.push_back(v);
        }
        return r;
    }

    // The raw request line, sent as is over a socket: no client-side normalisation.
    static Reply raw(const std::string& target, const std::string& extraHeaders) {
        Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server_->port()));
        socket.setReceiveTimeout(Poco::Timespan(10, 0));
        const std::string text =
            "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders + "\r\n";
        socket.sendBytes(text.data(), int(text.size()));
        std::string response;
        char buffer[8192];
        for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) response.append(buffer, std::size_t(n));
        Reply r;
        if (response.size() > 12) r.status = std::stoi(response.substr(9, 3));
        r.body = response;
        return r;
    }

    static std::string cookieValue(const Reply& r, const std::string& name) {
        for (const auto& c : r.setCookies)
            if (c.rfind(name + "=", 0) == 0) return c.substr(name.size() + 1, c.find(';') - name.size() - 1);
        return "";
    }

    static std::string hidden(const std::string& html, const std::string& field) {
        const auto at = html.find("name=\"" + field + "\" value=\"");
        if (at == std::string::npos) return "";
        const auto start = at + field.size() + 15;
        return html.substr(start, html.find('"', start) - start);
    }

    static std::string formEncode(const std::string& s) {
        std::string out;
        Poco::URI::encode(s, "&=+;/?:@ ", out);
        return out;
    }

    static Reply loginAttempt(const std::string& user, const std::string& password) {
        const Reply page = request("GET", "/login");
        const std::string csrf = cookieValue(page, "yewu_login_csrf");
        EXPECT_EQ(csrf, hidden(page.body, "csrf"));
        return request("POST", "/login", {{"Cookie", "yewu_login_csrf=" + csrf}},
                       "user=" + formEncode(user) + "&password=" + formEncode(password) + "&csrf=" + csrf);
    }

    // Cookie header value of a fresh session.
    static std::string login(const std::string& user) {
        const Reply r = loginAttempt(user, "pw-" + user);
        EXPECT_EQ(r.status, 303) << user << ": " << r.body;
        const std::string sid = cookieValue(r, "yewu_session");
        EXPECT_EQ(sid.size(), 64u);
        return "yewu_session=" + sid;
    }

    static std::string id(const std::string& key) {
        const auto it = ids_.find(key);
        EXPECT_NE(it, ids_.end()) << key;
        return it == ids_.end() ? "" : it->second;
    }

    static Reply get(const std::string& cookie, const std::string& key) {
        return request("GET", "/files/" + id(key), {{"Cookie", cookie}});
    }
};

TEST_F(PortalHttpTest, HealthNeedsNoLoginAndEveryResponseHasSecurityHeaders) {
    const Reply r = request("GET", "/healthz");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("\"status\":\"ok\""), std::string::npos) << r.body;
    for (const auto& path : {"/healthz", "/login", "/", "/files/x", "/nope"}) {
        const Reply any = request("GET", path);
        EXPECT_NE(any.headers["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos) << path;
        EXPECT_NE(any.headers["Content-Security-Policy"].find("default-src 'none'"), std::string::npos) << path;
        EXPECT_EQ(any.headers["X-Content-Type-Options"], "nosniff") << path;
    }
}

TEST_F(PortalHttpTest, WithoutSessionPagesRedirectAndDownloadsAre401) {
    const Reply list = request("GET", "/");
    EXPECT_EQ(list.status, 303);
    EXPECT_EQ(list.headers["Location"], "/login");
    EXPECT_EQ(request("GET", "/files/" + id("receivables/2026-10-31/receivables-2026-10-31.xlsx")).status, 401);
    EXPECT_EQ(request("GET", "/api/files").status, 401);
    EXPECT_EQ(request("GET", "/", {{"Cookie", "yewu_session=" + std::string(64, 'a')}}).status, 303);
}

TEST_F(PortalHttpTest, LoginCookieIsHttpOnlyStrictAndPostsNeedCsrf) {
    const Reply noCsrf = request("POST", "/login", {}, "user=fin&password=pw-fin");
    EXPECT_EQ(noCsrf.status, 403);
    EXPECT_TRUE(cookieValue(noCsrf, "yewu_session").empty());
    const Reply page = request("GET", "/login");
    const std::string csrf = cookieValue(page, "yewu_login_csrf");
    const Reply wrong = request("POST", "/login", {{"Cookie", "yewu_login_csrf=" + csrf}},
                                "user=fin&password=pw-fin&csrf=" + std::string(64, '0'));
    EXPECT_EQ(wrong.status, 403);

    const Reply ok = loginAttempt("fin", "pw-fin");
    ASSERT_EQ(ok.status, 303);
    std::string setCookie;
    for (const auto& c : ok.setCookies)
        if (c.rfind("yewu_session=", 0) == 0) setCookie = c;
    EXPECT_NE(setCookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(setCookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(setCookie.find("Max-Age="), std::string::npos);
    EXPECT_EQ(setCookie.find("Secure"), std::string::npos);  // plain HTTP here; see the TLS test

    // Logout is a POST with the session's CSRF token.
    const std::string cookie = "yewu_session=" + cookieValue(ok, "yewu_session");
    const Reply list = request("GET", "/", {{"Cookie", cookie}});
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(request("POST", "/logout", {{"Cookie", cookie}}, "csrf=nope").status, 403);
    EXPECT_EQ(request("GET", "/logout", {{"Cookie", cookie}}).status, 405);
    EXPECT_EQ(request("POST", "/logout", {{"Cookie", cookie}}, "csrf=" + hidden(list.body, "csrf")).status, 303);
    EXPECT_EQ(request("GET", "/", {{"Cookie", cookie}}).status, 303);
}

TEST_F(PortalHttpTest, FinanceListsAndDownloadsTheReceivablesWorkbook) {
    const std::string cookie = login("fin");
    const Reply list = request("GET", "/", {{"Cookie", cookie}});
    ASSERT_EQ(list.status, 200);
    EXPECT_NE(list.body.find("receivables-2026-10-31.xlsx"), std::string::npos);
    EXPECT_NE(list.body.find("kpi-2026-10.xlsx"), std::string::npos);
    EXPECT_EQ(list.body.find("7-张三.pdf"), std::string::npos);  // letters are not finance's
    EXPECT_EQ(list.body.find("HT-SO1"), std::string::npos);
    EXPECT_EQ(list.body.find("evil"), std::string::npos);
    EXPECT_LT(list.body.find("2026-10-31"), list.body.find("2026-09-30"));  // newest first
    EXPECT_NE(list.body.find("应收账款"), std::string::npos);                // zh-CN by default

    const std::string key = "receivables/2026-10-31/receivables-2026-10-31.xlsx";
    const Reply file = get(cookie, key);
    ASSERT_EQ(file.status, 200);
    EXPECT_EQ(file.body, content_[key]);
    EXPECT_EQ(file.headers["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(file.headers["Content-Length"], std::to_string(content_[key].size()));
    EXPECT_EQ(file.headers["ETag"], "\"" + portal_crypto::sha256Hex(content_[key]) + "\"");
    EXPECT_EQ(file.headers["Content-Disposition"],
              "attachment; filename=\"receivables-2026-10-31.xlsx\"; filename*=UTF-8''receivables-2026-10-31.xlsx");
    const Reply again = request("GET", "/files/" + id(key), {{"Cookie", cookie}, {"If-None-Match", file.headers["ETag"]}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(request("GET", "/files/" + id(key), {{"Cookie", cookie}, {"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(PortalHttpTest, WrongRoleIs403AndUnknownIdIs404) {
    const std::string fin = login("fin");
    EXPECT_EQ(get(fin, "appraisal/2026-10/letters/7-张三.pdf").status, 403);
    EXPECT_EQ(get(fin, "appraisal/2026-10/teams/华东.pdf").status, 403);
    EXPECT_EQ(get(fin, "contracts/2026-10/HT-SO1.pdf").status, 403);
    const std::string sp7 = login("sp7");
    EXPECT_EQ(get(sp7, "receivables/2026-10-31/receivables-2026-10-31.xlsx").status, 403);
    EXPECT_EQ(get(sp7, "kpi/2026-10/kpi-2026-10.xlsx").status, 403);
    EXPECT_EQ(request("GET", "/files/" + std::string(32, '0'), {{"Cookie", fin}}).status, 404);
    EXPECT_EQ(request("GET", "/files/receivables-2026-10-31.xlsx", {{"Cookie", fin}}).status, 404);
    EXPECT_EQ(request("GET", "/files/", {{"Cookie", fin}}).status, 404);
    EXPECT_EQ(request("POST", "/files/" + std::string(32, '0'), {{"Cookie", fin}}).status, 405);
}

TEST_F(PortalHttpTest, SalespersonGetsOnlyTheirOwnFiles) {
    const std::string sp7 = login("sp7");
    const Reply letter = get(sp7, "appraisal/2026-10/letters/7-张三.pdf");
    ASSERT_EQ(letter.status, 200);
    EXPECT_EQ(letter.headers["Content-Type"], "application/pdf");
    EXPECT_EQ(letter.body, "%PDF seven");
    // A Chinese name: ASCII fallback plus the exact UTF-8 name (RFC 5987).
    EXPECT_EQ(letter.headers["Content-Disposition"],
              "attachment; filename=\"7-__.pdf\"; filename*=UTF-8''7-%E5%BC%A0%E4%B8%89.pdf");
    EXPECT_EQ(get(sp7, "kpi/2026-10/people/7.xlsx").status, 200);
    EXPECT_EQ(get(sp7, "appraisal/2026-10/letters/8-李四.pdf").status, 403);
    EXPECT_EQ(get(sp7, "kpi/2026-10/people/8.xlsx").status, 403);
    EXPECT_EQ(get(sp7, "appraisal/2026-10/teams/华东.pdf").status, 403);
    const Reply list = request("GET", "/?lang=en", {{"Cookie", sp7}});
    EXPECT_NE(list.body.find("7-张三.pdf"), std::string::npos);
    EXPECT_EQ(list.body.find("8-李四.pdf"), std::string::npos);
    EXPECT_NE(list.body.find("Appraisal letter"), std::string::npos);  // ?lang=en
}

TEST_F(PortalHttpTest, ManagerGetsTheirTeamOnly) {
    const std::string mgr = login("mgr");
    EXPECT_EQ(get(mgr, "appraisal/2026-10/teams/华东.pdf").status, 200);
    EXPECT_EQ(get(mgr, "appraisal/2026-10/teams/华北.pdf").status, 403);
    EXPECT_EQ(get(mgr, "appraisal/2026-10/letters/7-张三.pdf").status, 200);  // team from the users file
    EXPECT_EQ(get(mgr, "appraisal/2026-10/letters/8-李四.pdf").status, 403);
    EXPECT_EQ(get(mgr, "appraisal/2026-10/letters/9.pdf").status, 200);       // team from the source
    EXPECT_EQ(get(mgr, "kpi/2026-10/people/7.xlsx").status, 200);             // team from teams.json
    EXPECT_EQ(get(mgr, "kpi/2026-10/people/8.xlsx").status, 403);
    EXPECT_EQ(get(mgr, "kpi/2026-10/kpi-2026-10.xlsx").status, 200);
    EXPECT_EQ(get(mgr, "receivables/2026-10-31/receivables-2026-10-31.xlsx").status, 403);
}

TEST_F(PortalHttpTest, AdminSeesEverythingButNothingOutsideTheManifests) {
    const std::string root = login("root");
    const Reply api = request("GET", "/api/files", {{"Cookie", root}});
    ASSERT_EQ(api.status, 200);
    EXPECT_NE(api.body.find("HT-SO1.pdf"), std::string::npos);
    const Reply jobWide = request("GET", "/files/" + ManifestCatalog::idOf("contracts", "", "2026-11/HT-SO2.pdf"),
                                  {{"Cookie", root}});
    EXPECT_EQ(jobWide.status, 200);
    EXPECT_EQ(jobWide.body, "%PDF contract 2");
    EXPECT_NE(request("GET", "/", {{"Cookie", root}}).body.find("<h3>2026-11</h3>"), std::string::npos);
    EXPECT_EQ(api.body.find("secret"), std::string::npos);
    EXPECT_EQ(api.body.find("evil"), std::string::npos);
    EXPECT_EQ(api.body.find("/etc/passwd"), std::string::npos);
    // Manifest entries that point outside OUT (.., absolute, symlink) are never served.
    for (const auto& path : {"../../secret.txt", "/etc/passwd", "evil.xlsx"})
        EXPECT_EQ(request("GET", "/files/" + ManifestCatalog::idOf("receivables", "2026-10-31", path),
                          {{"Cookie", root}}).status, 404) << path;
}

TEST_F(PortalHttpTest, TraversalAttemptsNeverServeAFile) {
    const std::string root = login("root");
    const std::string valid = id("receivables/2026-10-31/receivables-2026-10-31.xlsx");
    const std::vector<std::string> targets = {
        "/files/../../secret.txt",
        "/files/..%2f..%2fsecret.txt",
        "/files/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/files/%252e%252e%252fsecret.txt",
        "/files//etc/passwd",
        "/files/%2Fetc%2Fpasswd",
        "/etc/passwd",
        "/../../../etc/passwd",
        "/files/" + valid + "/../../../secret.txt",
        "/files/" + valid + "%00.xlsx",
        "/files/%00",
        "/files/%c0%ae%c0%ae%c0%afsecret.txt",
        "/files/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
        "/files/%e0%80%ae%e0%80%ae%e0%80%afsecret.txt",
        "/files/..\\..\\secret.txt",
        "/static/../portal-users.json",
        "/portal-users.json",
        "/ledger.sqlite",
        "/files/portal-users.json",
        "http://127.0.0.1/../../secret.txt",
        "/files/receivables/2026-10-31/receivables-2026-10-31.xlsx",
    };
    for (const auto& target : targets) {
        const Reply r = raw(target, "Cookie: " + root + "\r\n");
        EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " -> " << r.status;
        EXPECT_EQ(r.body.find("TOPSECRET"), std::string::npos) << target;
        EXPECT_EQ(r.body.find("root:x:"), std::string::npos) << target;
        EXPECT_EQ(r.body.find("pbkdf2"), std::string::npos) << target;
        EXPECT_EQ(r.body.find("fake workbook"), std::string::npos) << target;
    }
    // A raw NUL byte in the request line.
    const Reply nul = raw(std::string("/files/") + valid + std::string("\0/../secret.txt", 15), "Cookie: " + root + "\r\n");
    EXPECT_NE(nul.status, 200);
    EXPECT_EQ(nul.body.find("TOPSECRET"), std::string::npos);
    // Query strings are never a path: this is simply the workbook of that id.
    const Reply query = raw("/files/" + valid + "?path=../../secret.txt&file=/etc/passwd", "Cookie: " + root + "\r\n");
    EXPECT_EQ(query.status, 200);
    EXPECT_NE(query.body.find("fake workbook"), std::string::npos);
    EXPECT_EQ(query.body.find("TOPSECRET"), std::string::npos);
    // The portal is still healthy afterwards.
    EXPECT_EQ(raw("/files/" + valid, "Cookie: " + root + "\r\n").status, 200);
}

TEST_F(PortalHttpTest, BruteForceLocksTheAccountForAWhile) {
    for (int i = 0; i < 2; ++i) EXPECT_EQ(loginAttempt("victim", "guess" + std::to_string(i)).status, 401);
    const Reply third = loginAttempt("victim", "guess-2");
    EXPECT_EQ(third.status, 429);
    // Locked: even the right password is refused, and says so.
    const Reply right = loginAttempt("victim", "pw-victim");
    EXPECT_EQ(right.status, 429);
    EXPECT_TRUE(cookieValue(right, "yewu_session").empty());
    EXPECT_NE(right.body.find("role=\"alert\""), std::string::npos);
    // Other accounts are not affected.
    EXPECT_EQ(loginAttempt("fin", "pw-fin").status, 303);
    std::this_thread::sleep_for(std::chrono::milliseconds(2300));
    EXPECT_EQ(loginAttempt("victim", "pw-victim").status, 303);

    server_->flushAudit();
    int failed = 0, locked = 0;
    for (const auto& e : PortalAudit::recent(out_, 500)) {
        if (e.user != "victim") continue;
        failed += e.event == "login_failed";
        locked += e.event == "login_locked";
        EXPECT_EQ(e.remote, "127.0.0.1");
    }
    EXPECT_EQ(failed, 3);
    EXPECT_GE(locked, 1);
}

TEST_F(PortalHttpTest, TokensWorkAndCanBeRevoked) {
    PortalUserStore cli(out_ / "portal-users.json");  // what `yewu user token` does, in another "process"
    const std::string token = cli.createToken("tok");
    const std::string key = "receivables/2026-10-31/receivables-2026-10-31.xlsx";
    const Reply api = request("GET", "/api/files", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(api.status, 200);
    EXPECT_NE(api.body.find(id(key)), std::string::npos);
    const Reply file = request("GET", "/files/" + id(key), {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(file.status, 200);
    EXPECT_EQ(file.body, content_[key]);
    EXPECT_EQ(request("GET", "/files/" + id(key), {{"Authorization", "Bearer " + token + "x"}}).status, 401);
    EXPECT_EQ(request("GET", "/files/" + id(key), {{"Authorization", "Basic Zm9vOmJhcg=="}}).status, 401);
    // The file stores only the hash.
    std::ifstream in(out_ / "portal-users.json");
    const std::string stored((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(stored.find(token.substr(14)), std::string::npos);
    EXPECT_EQ(stored.find("pw-fin"), std::string::npos);

    EXPECT_EQ(cli.revokeTokens("tok", ""), 1);
    EXPECT_EQ(request("GET", "/files/" + id(key), {{"Authorization", "Bearer " + token}}).status, 401);
    EXPECT_EQ(request("GET", "/api/files", {{"Authorization", "Bearer " + token}}).status, 401);
}

TEST_F(PortalHttpTest, DownloadsAndRefusalsAreAudited) {
    const std::string sp8 = login("sp8");
    ASSERT_EQ(get(sp8, "appraisal/2026-10/letters/8-李四.pdf").status, 200);
    ASSERT_EQ(get(sp8, "appraisal/2026-10/letters/7-张三.pdf").status, 403);
    server_->flushAudit();
    bool download = false, denied = false;
    for (const auto& e : PortalAudit::recent(out_, 500)) {
        if (e.user != "sp8") continue;
        if (e.event == "download" && e.path == "letters/8-李四.pdf") {
            download = true;
            EXPECT_EQ(e.remote, "127.0.0.1");
            EXPECT_EQ(e.status, 200);
            EXPECT_EQ(e.bytes, std::int64_t(content_["appraisal/2026-10/letters/8-李四.pdf"].size()));
            EXPECT_EQ(e.job, "appraisal");
            EXPECT_EQ(e.kind, "appraisal_letter");
            EXPECT_FALSE(e.at.empty());
        }
        if (e.event == "denied" && e.path == "letters/7-张三.pdf") denied = true;
    }
    EXPECT_TRUE(download);
    EXPECT_TRUE(denied);
}

TEST_F(PortalHttpTest, LanguageFollowsQueryThenAcceptLanguage) {
    EXPECT_NE(request("GET", "/login").body.find("登录"), std::string::npos);
    EXPECT_NE(request("GET", "/login?lang=en").body.find("Sign in"), std::string::npos);
    EXPECT_NE(request("GET", "/login", {{"Accept-Language", "en-US,en;q=0.9"}}).body.find("Sign in"),
              std::string::npos);
    EXPECT_NE(request("GET", "/login?lang=zh-CN", {{"Accept-Language", "en-US"}}).body.find("登录"),
              std::string::npos);
}

TEST_F(PortalHttpTest, ANewlyPublishedFileIsFoundAtOnce) {
    const std::string root = login("root");
    publish(out_, "receivables", "2026-11-30", {{"receivables-2026-11-30.xlsx", "receivables_workbook", "", "PK new"}});
    const Reply r = request("GET", "/files/" + ManifestCatalog::idOf("receivables", "2026-11-30",
                                                                    "receivables-2026-11-30.xlsx"),
                            {{"Cookie", root}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "PK new");
}

// Separate servers: settings the shared fixture cannot have.
TEST(PortalServerTest, SessionsExpire) {
    const fs::path out = fs::temp_directory_path() / ("yewu-portal-expiry-" + std::to_string(::getpid()));
    fs::remove_all(out);
    PortalUserStore users(out / "portal-users.json");
    PortalUser u;
    u.name = "fin";
    u.role = PortalRole::Finance;
    users.add(u, "pw", portal_crypto::kMinIterations);
    PortalSettings s;
    s.outDir = out;
    s.port = 0;
    s.sessionLifetime = std::chrono::seconds(1);
    PortalServer server(s);
    server.start();
    Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
    HTTPRequest page("GET", "/login", HTTPRequest::HTTP_1_1);
    session.sendRequest(page);
    Poco::Net::HTTPResponse pageRes;
    std::string html;
    Poco::StreamCopier::copyToString(session.receiveResponse(pageRes), html);
    Poco::Net::NameValueCollection nothing;
    std::vector<Poco::Net::HTTPCookie> cookies;
    pageRes.getCookies(cookies);
    ASSERT_FALSE(cookies.empty());
    const std::string csrf = cookies[0].getValue();
    HTTPRequest post("POST", "/login", HTTPRequest::HTTP_1_1);
    post.set("Cookie", "yewu_login_csrf=" + csrf);
    const std::string body = "user=fin&password=pw&csrf=" + csrf;
    post.setContentType("application/x-www-form-urlencoded");
    post.setContentLength(std::streamsize(body.size()));
    session.sendRequest(post) << body;
    Poco::Net::HTTPResponse postRes;
    std::string ignored;
    Poco::StreamCopier::copyToString(session.receiveResponse(postRes), ignored);
    ASSERT_EQ(postRes.getStatus(), 303);
    std::vector<Poco::Net::HTTPCookie> sessionCookies;
    postRes.getCookies(sessionCookies);
    std::string sid;
    for (const auto& c : sessionCookies)
        if (c.getName() == "yewu_session") sid = c.getValue();
    auto status = [&] {
        HTTPRequest list("GET", "/", HTTPRequest::HTTP_1_1);
        list.set("Cookie", "yewu_session=" + sid);
        session.sendRequest(list);
        Poco::Net::HTTPResponse res;
        std::string text;
        Poco::StreamCopier::copyToString(session.receiveResponse(res), text);
        return int(res.getStatus());
    };
    EXPECT_EQ(status(), 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    EXPECT_EQ(status(), 303);
    server.stop();
    fs::remove_all(out);
}

TEST(PortalServerTest, ServesOverTlsWithSecureCookies) {
    const fs::path dir = fs::temp_directory_path() / ("yewu-portal-tls-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 -keyout " +
                                key + " -out " + cert + " 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << "openssl could not make a test certificate";
    PortalSettings s;
    s.outDir = dir / "out";
    s.port = 0;
    s.tlsCertificate = cert;
    s.tlsPrivateKey = key;
    PortalServer server(s);
    server.start();
    ASSERT_TRUE(server.tls());
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_NONE);
    Poco::Net::HTTPSClientSession session("127.0.0.1", server.port(), context);
    HTTPRequest req("GET", "/login", HTTPRequest::HTTP_1_1);
    session.sendRequest(req);
    Poco::Net::HTTPResponse res;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(res), body);
    EXPECT_EQ(res.getStatus(), 200);
    EXPECT_NE(res.get("Set-Cookie", "").find("; Secure"), std::string::npos);
    EXPECT_NE(res.get("Strict-Transport-Security", "").find("max-age"), std::string::npos);
    server.stop();
    fs::remove_all(dir);
}

}  // namespace
}  // namespace yewu
