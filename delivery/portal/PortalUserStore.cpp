#include "PortalUserStore.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace yewu {

namespace fs = std::filesystem;

std::optional<PortalRole> parsePortalRole(const std::string& text) {
    if (text == "finance") return PortalRole::Finance;
    if (text == "manager") return PortalRole::Manager;
    if (text == "salesperson") return PortalRole::Salesperson;
    if (text == "admin") return PortalRole::Admin;
    return std::nullopt;
}

std::string portalRoleName(PortalRole role) {
    switch (role) {
        case PortalRole::Finance: return "finance";
        case PortalRole::Manager: return "manager";
        case PortalRole::Salesperson: return "salesperson";
        case PortalRole::Admin: return "admin";
    }
    return "?";
}

PortalUserStore::PortalUserStore(fs::path file) : file_(std::move(file)) {}

void PortalUserStore::reloadIfChanged() {
    Stamp now;
    struct stat st {};
    if (::stat(file_.c_str(), &st) == 0) {
        now.exists = true;
        now.inode = st.st_ino;
        now.size = static_cast<unsigned long long>(st.st_size);
        now.mtimeNs = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    }
    if (loaded_ && now == stamp_) return;
    std::vector<PortalUser> users;
    if (now.exists) {
        try {
            std::ifstream in(file_, std::ios::binary);
            if (!in) throw Poco::FileException("cannot read " + file_.string());
            Poco::JSON::Parser parser;
            auto root = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
            auto list = root->getArray("users");
            for (std::size_t i = 0; list && i < list->size(); ++i) {
                auto u = list->getObject(unsigned(i));
                PortalUser user;
                user.name = u->getValue<std::string>("name");
                const auto role = parsePortalRole(u->getValue<std::string>("role"));
                if (!role) throw Poco::DataFormatException("unknown role of user " + user.name);
                user.role = *role;
                user.salespersonId = u->optValue<std::string>("salesperson_id", "");
                user.team = u->optValue<std::string>("team", "");
                auto pw = u->getObject("password");
                if (!pw) throw Poco::DataFormatException("user " + user.name + " has no password hash");
                user.password.algorithm = pw->getValue<std::string>("algorithm");
                user.password.iterations = pw->getValue<int>("iterations");
                user.password.saltHex = pw->getValue<std::string>("salt");
                user.password.hashHex = pw->getValue<std::string>("hash");
                auto tokens = u->getArray("tokens");
                for (std::size_t k = 0; tokens && k < tokens->size(); ++k) {
                    auto t = tokens->getObject(unsigned(k));
                    user.tokens.push_back(ApiToken{t->getValue<std::string>("id"), t->getValue<std::string>("sha256"),
                                                   t->optValue<std::string>("created", "")});
                }
                users.push_back(std::move(user));
            }
        } catch (const Poco::Exception& e) {
            throw Poco::DataFormatException("malformed users file " + file_.string() + ": " + e.displayText());
        }
    }
    users_ = std::move(users);
    stamp_ = now;
    loaded_ = true;
}

void PortalUserStore::save() {
    Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array list;
    for (const auto& user : users_) {
        Poco::JSON::Object u(Poco::JSON_PRESERVE_KEY_ORDER);
        u.set("name", user.name);
        u.set("role", portalRoleName(user.role));
        u.set("salesperson_id", user.salespersonId);
        u.set("team", user.team);
        Poco::JSON::Object pw(Poco::JSON_PRESERVE_KEY_ORDER);
        pw.set("algorithm", user.password.algorithm);
        pw.set("iterations", user.password.iterations);
        pw.set("salt", user.password.saltHex);
        pw.set("hash", user.password.hashHex);
        u.set("password", pw);
        Poco::JSON::Array tokens;
        for (const auto& t : user.tokens) {
            Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
            o.set("id", t.id);
            o.set("sha256", t.sha256);
            o.set("created", t.createdAt);
            tokens.add(o);
        }
        u.set("tokens", tokens);
        list.add(u);
    }
    root.set("users", list);
    std::ostringstream text;
    root.stringify(text, 2);
    text << "\n";
    const std::string body = text.str();

    if (file_.has_parent_path()) fs::create_directories(file_.parent_path());
    const fs::path temp = file_.parent_path() / ("." + file_.filename().string() + ".tmp-" + std::to_string(::getpid()));
    const int fd = ::open(temp.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) throw Poco::FileException("cannot write " + temp.string() + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < body.size()) {
        const ssize_t n = ::write(fd, body.data() + done, body.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int saved = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            throw Poco::FileException("cannot write " + temp.string() + ": " + std::strerror(saved));
        }
        done += std::size_t(n);
    }
    ::fchmod(fd, 0600);
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(temp.c_str());
        throw Poco::FileException("cannot sync " + temp.string());
    }
    if (::rename(temp.c_str(), file_.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temp.c_str());
        throw Poco::FileException("cannot replace " + file_.string() + ": " + std::strerror(saved));
    }
    loaded_ = false;  // re-stat on next access
    reloadIfChanged();
}

PortalUser* PortalUserStore::findLocked(const std::string& name) {
    for (auto& u : users_)
        if (u.name == name) return &u;
    return nullptr;
}

std::optional<PortalUser> PortalUserStore::find(const std::string& name) {
    std::lock_guard lock(mutex_);
    reloadIfChanged();
    if (auto* u = findLocked(name)) return *u;
    return std::nullopt;
}

std::vector<PortalUser> PortalUserStore::all() {
    std::lock_guard lock(mutex_);
    reloadIfChanged();
    return users_;
}

std::optional<PortalUser> PortalUserStore::authenticatePassword(const std::string& name,
                                                                const std::string& password) {
    std::optional<PortalUser> user = find(name);  // hash outside the lock: PBKDF2 is slow on purpose
    if (!user) {
        static const PasswordHash dummy = portal_crypto::hashPassword("yewu-dummy");
        portal_crypto::verifyPassword(password, dummy);
        return std::nullopt;
    }
    if (!portal_crypto::verifyPassword(password, user->password)) return std::nullopt;
    return user;
}

std::optional<PortalUser> PortalUserStore::authenticateToken(const std::string& token) {
    // yewu_<8 hex id>_<64 hex secret>
    if (token.size() != 5 + 8 + 1 + 64 || token.rfind("yewu_", 0) != 0 || token[13] != '_') return std::nullopt;
    const std::string id = token.substr(5, 8);
    const std::string hash = portal_crypto::sha256Hex(token);
    std::lock_guard lock(mutex_);
    reloadIfChanged();
    for (const auto& u : users_)
        for (const auto& t : u.tokens)
            if (t.id == id && portal_crypto::constantTimeEquals(t.sha256, hash)) return u;
    return std::nullopt;
}

std::string PortalUserStore::teamOfSalesperson(const std::string& salespersonId) {
    if (salespersonId.empty()) return "";
    std::lock_guard lock(mutex_);
    reloadIfChanged();
    for (const auto& u : users_)
        if (u.role == PortalRole::Salesperson && u.salespersonId == salespersonId) return u.team;
    return "";
}

void PortalUserStore::add(PortalUser user, const std::string& password, int iterations) {
    if (user.name.empty() || user.name.size() > 64 ||
        std::any_of(user.name.begin(), user.name.end(), [](unsigned char c) { return c < 0x21 || c == 0x7f; }))
        throw Poco::InvalidArgumentException("a user name is 1-64 printable characters without spaces");
    if (user.role == PortalRole::Salesperson && user.salespersonId.empty())
        throw Poco::InvalidArgumentException("a salesperson user needs --salesperson-id");
    if (user.role == PortalRole::Manager && user.team.empty())
        throw Poco::InvalidArgumentException("a manager user needs --team");
    if (password.empty()) throw Poco::InvalidArgumentException("the password is empty");
    user.password = portal_crypto::hashPassword(password, iterations);
    user.tokens.clear();
    std::lock_guard lock(mutex_);
    reloadIfChanged();
    if (findLocked(user.name)) throw Poco::ExistsException("user '" + user.name + "' already exists");
    users_.push_back(std::move(user));
    save();
}

void PortalUserStore::remove(const std::string& name) {
    std::lock_guard lock(mutex_);
    reloadIfChanged();
    const auto it = std::find_if(users_.begin(), users_.end(), [&](const PortalUser& u) { return u.name == name; });
    if (it == users_.end()) throw Poco::NotFoundException("no user '" + name + "'");
    users_.erase(it);
    save();
}

void PortalUserStore::setPassword(const std::string& name, const std::string& password) {
    if (password.empty()) throw Poco::InvalidArgumentException("the password is empty");
    const PasswordHash hash = portal_crypto::hashPassword(password);
    std::lock_guard lock(mutex_);
    reloadIfChanged();
    PortalUser* u = findLocked(name);
    if (!u) throw Poco::NotFoundException("no user '" + name + "'");
    u->password = hash;
    save();
}

std::string PortalUserStore::createToken(const std::string& name) {
    std::lock_guard lock(mutex_);
    reloadIfChanged();
    PortalUser* u = findLocked(name);
    if (!u) throw Poco::NotFoundException("no user '" + name + "'");
    const std::string id = portal_crypto::randomHex(4);
    const std::string token = "yewu_" + id + "_" + portal_crypto::randomHex(32);
    u->tokens.push_back(ApiToken{id, portal_crypto::sha256Hex(token),
                                 Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ")});
    save();
    return token;
}

int PortalUserStore::revokeTokens(const std::string& name, const std::string& tokenId) {
    std::lock_guard lock(mutex_);
    reloadIfChanged();
    PortalUser* u = findLocked(name);
    if (!u) throw Poco::NotFoundException("no user '" + name + "'");
    const auto before = u->tokens.size();
    std::erase_if(u->tokens, [&](const ApiToken& t) { return tokenId.empty() || t.id == tokenId; });
    const int revoked = int(before - u->tokens.size());
    if (revoked > 0) save();
    return revoked;
}

}  // namespace yewu
