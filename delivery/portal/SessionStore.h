// SessionStore: browser sessions of the portal, in memory (a restart logs
// everyone out, which is acceptable for a download portal and keeps session
// secrets off the disk). A session id is 256 random bits; each session has
// its own CSRF token for the forms it posts, and expires `lifetime` after
// login (absolute, not sliding). At most maxSessions live at once: when full,
// expired sessions are dropped and then the oldest. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace yewu {

struct PortalSession {
    std::string id;
    std::string user;
    std::string csrf;
    std::chrono::steady_clock::time_point expires;
};

class SessionStore {
public:
    using Clock = std::chrono::steady_clock;
    explicit SessionStore(std::chrono::seconds lifetime, std::size_t maxSessions = 10000);

    PortalSession create(const std::string& user);
    // The live session with this id; nullopt when unknown or expired (an expired one is removed).
    std::optional<PortalSession> find(const std::string& id);
    void erase(const std::string& id);
    std::chrono::seconds lifetime() const { return lifetime_; }

private:
    std::chrono::seconds lifetime_;
    std::size_t maxSessions_;
    std::mutex mutex_;
    std::map<std::string, PortalSession> sessions_;
};

}  // namespace yewu
