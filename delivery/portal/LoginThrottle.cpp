#include "LoginThrottle.h"

namespace yewu {

LoginThrottle::LoginThrottle(int maxFailures, int maxPerAddress, std::chrono::seconds window,
                             std::chrono::seconds lockFor)
    : maxFailures_(maxFailures), maxPerAddress_(maxPerAddress), window_(window), lockFor_(lockFor) {}

bool LoginThrottle::isLocked(std::map<std::string, Counter>& m, const std::string& key, Clock::time_point now) {
    const auto it = m.find(key);
    if (it == m.end()) return false;
    if (it->second.lockedUntil > now) return true;
    while (!it->second.failures.empty() && now - it->second.failures.front() > window_)
        it->second.failures.pop_front();
    if (it->second.failures.empty() && it->second.lockedUntil <= now) m.erase(it);  // bounded memory
    return false;
}

bool LoginThrottle::blocked(const std::string& user, const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    const bool u = isLocked(users_, user, now);
    const bool a = isLocked(addresses_, address, now);
    return u || a;
}

bool LoginThrottle::count(Counter& c, int limit, Clock::time_point now) {
    while (!c.failures.empty() && now - c.failures.front() > window_) c.failures.pop_front();
    c.failures.push_back(now);
    if (int(c.failures.size()) >= limit) {
        c.lockedUntil = now + lockFor_;
        c.failures.clear();
        return true;
    }
    return false;
}

bool LoginThrottle::failed(const std::string& user, const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    // Names and addresses are attacker-chosen: forget idle counters before the maps grow large.
    for (auto* m : {&users_, &addresses_})
        if (m->size() > 10000)
            std::erase_if(*m, [&](const auto& kv) {
                return kv.second.lockedUntil <= now &&
                       (kv.second.failures.empty() || now - kv.second.failures.back() > window_);
            });
    const bool u = count(users_[user], maxFailures_, now);
    const bool a = count(addresses_[address], maxPerAddress_, now);
    return u || a;
}

void LoginThrottle::succeeded(const std::string& user) {
    std::lock_guard lock(mutex_);
    users_.erase(user);
}

}  // namespace yewu
