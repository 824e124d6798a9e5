#include "SessionStore.h"

#include "PortalCrypto.h"

namespace yewu {

SessionStore::SessionStore(std::chrono::seconds lifetime, std::size_t maxSessions)
    : lifetime_(lifetime), maxSessions_(maxSessions) {}

PortalSession SessionStore::create(const std::string& user) {
    PortalSession s{portal_crypto::randomHex(32), user, portal_crypto::randomHex(32), Clock::now() + lifetime_};
    std::lock_guard lock(mutex_);
    if (sessions_.size() >= maxSessions_) {
        const auto now = Clock::now();
        std::erase_if(sessions_, [&](const auto& kv) { return kv.second.expires <= now; });
        while (sessions_.size() >= maxSessions_) {
            auto oldest = sessions_.begin();
            for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
                if (it->second.expires < oldest->second.expires) oldest = it;
            sessions_.erase(oldest);
        }
    }
    sessions_[s.id] = s;
    return s;
}

std::optional<PortalSession> SessionStore::find(const std::string& id) {
    if (id.size() != 64) return std::nullopt;
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) return std::nullopt;
    if (it->second.expires <= Clock::now()) {
        sessions_.erase(it);
        return std::nullopt;
    }
    return it->second;
}

void SessionStore::erase(const std::string& id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
}

}  // namespace yewu
