// The portal's commands: `yewu serve`, `yewu user ...` and the downloads part
// of `yewu history`. They turn configuration into delivery/portal settings;
// the portal itself knows nothing of Poco::Util or the command line.
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "AppConfig.h"
#include "Commands.h"
#include "delivery/portal/PortalAudit.h"
#include "delivery/portal/PortalServer.h"
#include "delivery/portal/PortalUserStore.h"
#include "jobs/ConfigError.h"
#include "jobs/SalespersonTeamDirectory.h"

namespace po = boost::program_options;

namespace yewu {

namespace {

Poco::AutoPtr<Poco::Util::LayeredConfiguration> configFor(const po::variables_map& vm,
                                                          const std::vector<std::string>& defines) {
    std::string ini;
    if (vm.count("config")) ini = vm["config"].as<std::string>();
    else if (std::filesystem::is_regular_file("config/yewu.ini")) ini = "config/yewu.ini";
    return loadConfiguration(ini, defines);
}

std::filesystem::path outDirOf(const po::variables_map& vm, const Poco::Util::AbstractConfiguration& config) {
    return vm.count("out") ? vm["out"].as<std::string>() : config.getString("paths.out", "out");
}

std::filesystem::path usersFileOf(const po::variables_map& vm, const Poco::Util::AbstractConfiguration& config,
                                  const std::filesystem::path& out) {
    if (vm.count("users-file")) return vm["users-file"].as<std::string>();
    if (config.has("portal.users_file")) return config.getString("portal.users_file");
    return out / "portal-users.json";
}

std::set<std::string> kindList(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                               const std::set<std::string>& fallback) {
    if (!config.has(key)) return fallback;
    std::set<std::string> kinds;
    Poco::StringTokenizer tokens(config.getString(key), ",",
                                 Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& t : tokens) kinds.insert(t);
    return kinds;
}

int positiveInt(const Poco::Util::AbstractConfiguration& config, const std::string& key, int fallback) {
    try {
        const int v = config.getInt(key, fallback);
        if (v <= 0) throw ConfigError(key + " must be a positive number");
        return v;
    } catch (const Poco::SyntaxException&) {
        throw ConfigError(key + " must be a number, got '" + config.getString(key) + "'");
    }
}

// "127.0.0.1:8080", "[::1]:8080", ":8080" (loopback).
void parseListen(const std::string& listen, std::string& host, unsigned short& port) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) throw ConfigError("--listen expects HOST:PORT, got '" + listen + "'");
    host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "127.0.0.1";
    const std::string p = listen.substr(colon + 1);
    char* end = nullptr;
    const long value = std::strtol(p.c_str(), &end, 10);
    if (p.empty() || *end != '\0' || value < 0 || value > 65535)
        throw ConfigError("--listen expects a port 0-65535, got '" + p + "'");
    port = static_cast<unsigned short>(value);
}

std::string readPassword() {
    if (const char* env = std::getenv("YEWU_NEW_PASSWORD"); env && *env) return env;
    if (!::isatty(STDIN_FILENO))
        throw ConfigError("no terminal to read the password from: set YEWU_NEW_PASSWORD in scripts");
    auto ask = [](const char* prompt) {
        std::cerr << prompt << std::flush;
        termios old{};
        ::tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::string line;
        std::getline(std::cin, line);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << "\n";
        return line;
    };
    const std::string first = ask("New password: ");
    if (first.empty()) throw ConfigError("the password is empty");
    if (ask("Repeat it: ") != first) throw ConfigError("the passwords differ");
    return first;
}

}  // namespace

int serveCommand(const Args& args) {
    po::options_description options("yewu serve options");
    std::vector<std::string> defines;
    options.add_options()("config", po::value<std::string>(), "INI configuration file")(
        "out", po::value<std::string>(), "output folder OUT (default: paths.out, or ./out)")(
        "listen", po::value<std::string>(), "HOST:PORT (default: portal.listen, or 127.0.0.1:8080; port 0: any)")(
        "source", po::value<std::string>(), "source URI for salespeople's teams (default: source.uri; none: skip)")(
        "define,D", po::value<std::vector<std::string>>(&defines)->composing(), "section.key=value");
    po::variables_map vm;
    if (!parseCommandLine(args, options, vm, "yewu serve [options]")) return 0;
    auto config = configFor(vm, defines);

    PortalSettings s;
    s.outDir = outDirOf(vm, *config);
    s.usersFile = usersFileOf(vm, *config, s.outDir);
    parseListen(vm.count("listen") ? vm["listen"].as<std::string>() : config->getString("portal.listen", "127.0.0.1:8080"),
                s.host, s.port);
    s.tlsCertificate = config->getString("portal.tls_certificate", "");
    s.tlsPrivateKey = config->getString("portal.tls_private_key", "");
    if (s.tlsCertificate.empty() != s.tlsPrivateKey.empty())
        throw ConfigError("TLS needs both portal.tls_certificate and portal.tls_private_key");
    s.sessionLifetime = std::chrono::seconds(positiveInt(*config, "portal.session_seconds", 8 * 3600));
    s.lockoutAfter = positiveInt(*config, "portal.lockout_after", 5);
    s.lockoutPerAddress = positiveInt(*config, "portal.lockout_per_address", 20);
    s.lockoutWindow = std::chrono::seconds(positiveInt(*config, "portal.lockout_window_seconds", 900));
    s.lockoutFor = std::chrono::seconds(positiveInt(*config, "portal.lockout_seconds", 900));
    s.maxThreads = positiveInt(*config, "portal.max_threads", 128);
    s.keepAlive = std::chrono::seconds(positiveInt(*config, "portal.keep_alive_seconds", 20));
    s.rules.financeKinds = kindList(*config, "portal.finance_kinds", s.rules.financeKinds);
    s.rules.managerKinds = kindList(*config, "portal.manager_kinds", s.rules.managerKinds);
    s.rules.salespersonKinds = kindList(*config, "portal.salesperson_kinds", s.rules.salespersonKinds);
    s.rules.managerSeesCompanyKpi = config->getBool("portal.manager_sees_company_kpi", true);
    s.rules.teamKinds = kindList(*config, "portal.team_kinds", s.rules.teamKinds);
    const std::string sourceUri = vm.count("source") ? vm["source"].as<std::string>() : config->getString("source.uri", "");
    if (!sourceUri.empty()) {
        auto teams = std::make_shared<SalespersonTeamDirectory>(
            sourceUri, config, std::chrono::seconds(positiveInt(*config, "portal.teams_refresh_seconds", 600)));
        s.teamOfSalesperson = [teams](const std::string& id) { return teams->teamOf(id); };
    }

    // Block the stop signals in every thread; this one waits for them below.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    PortalServer server(s);
    server.start();
    std::cout << "yewu serve: listening on " << server.baseUrl() << "/ (OUT " << s.outDir.string() << ", users "
              << s.usersFile.string() << ")" << std::endl;
    int signal = 0;
    sigwait(&stopSignals, &signal);
    std::cerr << "yewu serve: stopping (signal " << signal << ")\n";
    server.stop();
    return 0;
}

int userCommand(const Args& args) {
    po::options_description options("yewu user options");
    std::vector<std::string> defines;
    options.add_options()("action", po::value<std::string>()->required(), "add | token | revoke | remove | passwd | list")(
        "name", po::value<std::string>(), "user name")(
        "role", po::value<std::string>(), "finance | manager | salesperson | admin (add)")(
        "salesperson-id", po::value<std::string>(), "the salesperson's canonical id (role salesperson)")(
        "team", po::value<std::string>(), "the team managed (role manager) or belonged to")(
        "token", po::value<std::string>(), "revoke: only the token with this id (default: all)")(
        "config", po::value<std::string>(), "INI configuration file")(
        "out", po::value<std::string>(), "output folder OUT (default: paths.out, or ./out)")(
        "users-file", po::value<std::string>(), "users file (default: portal.users_file, or OUT/portal-users.json)")(
        "define,D", po::value<std::vector<std::string>>(&defines)->composing(), "section.key=value");
    po::positional_options_description positional;
    positional.add("action", 1).add("name", 1);
    po::variables_map vm;
    if (!parseCommandLine(args, options, vm,
                   "yewu user add NAME --role finance|manager|salesperson|admin [--salesperson-id N] [--team T]\n"
                   "       yewu user token NAME | revoke NAME [--token ID] | remove NAME | passwd NAME | list\n"
                   "  (passwords from the terminal, or YEWU_NEW_PASSWORD)",
                   &positional))
        return 0;
    auto config = configFor(vm, defines);
    const auto out = outDirOf(vm, *config);
    PortalUserStore store(usersFileOf(vm, *config, out));
    const std::string action = vm["action"].as<std::string>();
    if (action == "list") {
        for (const auto& u : store.all()) {
            std::cout << std::left << std::setw(16) << u.name << std::setw(12) << portalRoleName(u.role);
            if (!u.salespersonId.empty()) std::cout << " salesperson " << u.salespersonId;
            if (!u.team.empty()) std::cout << " team " << u.team;
            for (const auto& t : u.tokens) std::cout << " token:" << t.id;
            std::cout << "\n";
        }
        return 0;
    }
    if (!vm.count("name")) throw ConfigError("yewu user " + action + " needs a user NAME");
    const std::string name = vm["name"].as<std::string>();
    try {
        if (action == "add") {
            if (!vm.count("role")) throw ConfigError("yewu user add needs --role finance|manager|salesperson|admin");
            const auto role = parsePortalRole(vm["role"].as<std::string>());
            if (!role) throw ConfigError("--role expects finance, manager, salesperson or admin");
            PortalUser user;
            user.name = name;
            user.role = *role;
            if (vm.count("salesperson-id")) user.salespersonId = vm["salesperson-id"].as<std::string>();
            if (vm.count("team")) user.team = vm["team"].as<std::string>();
            const std::string password = readPassword();
            store.add(user, password);
            std::cerr << "yewu user: added " << name << " (" << portalRoleName(user.role) << ") to "
                      << store.file().string() << "\n";
        } else if (action == "passwd") {
            store.setPassword(name, readPassword());
            std::cerr << "yewu user: password of " << name << " changed\n";
        } else if (action == "token") {
            std::cout << store.createToken(name) << "\n";
            std::cerr << "yewu user: token created for " << name
                      << "; it is shown only now (send it as 'Authorization: Bearer TOKEN')\n";
        } else if (action == "revoke") {
            const int n = store.revokeTokens(name, vm.count("token") ? vm["token"].as<std::string>() : "");
            std::cerr << "yewu user: revoked " << n << " token(s) of " << name << "\n";
        } else if (action == "remove") {
            store.remove(name);
            std::cerr << "yewu user: removed " << name << "\n";
        } else {
            throw ConfigError("unknown action '" + action + "'. Known: add, token, revoke, remove, passwd, list");
        }
    } catch (const Poco::ExistsException& e) {
        throw ConfigError(e.message());
    } catch (const Poco::NotFoundException& e) {
        throw ConfigError(e.message());
    } catch (const Poco::InvalidArgumentException& e) {
        throw ConfigError(e.message());
    }
    return 0;
}

int printDownloadHistory(const std::filesystem::path& outDir, int limit) {
    for (const auto& e : PortalAudit::recent(outDir, limit)) {
        std::cout << "#" << e.id << "  " << e.at << "  " << std::left << std::setw(13) << e.event << " "
                  << (e.user.empty() ? "-" : e.user) << " from " << e.remote << "  " << e.status;
        if (!e.path.empty()) std::cout << "  " << e.job << "/" << e.period << "/" << e.path << " (" << e.kind << ")";
        if (e.bytes) std::cout << "  " << e.bytes << " bytes";
        if (!e.detail.empty()) std::cout << "  " << e.detail;
        std::cout << "\n";
    }
    return 0;
}

}  // namespace yewu
