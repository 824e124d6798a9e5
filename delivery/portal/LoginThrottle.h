// LoginThrottle: slows down password guessing. Failed logins are counted per
// account and per client address within a sliding window:
//   - maxFailures failures for one account lock it for lockFor (even the right
//     password is refused meanwhile, and the attempt is not checked);
//   - maxPerAddress failures from one address refuse every login from it for
//     lockFor, which covers guessing across many account names.
// A successful login clears the account's count. State is in memory (a
// restart forgets it; the audit table keeps the record). Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace yewu {

class LoginThrottle {
public:
    using Clock = std::chrono::steady_clock;
    LoginThrottle(int maxFailures, int maxPerAddress, std::chrono::seconds window, std::chrono::seconds lockFor);

    // True while the account or the address is locked out.
    bool blocked(const std::string& user, const std::string& address);
    // Counts a failure; true when it (now) locks the account or the address.
    bool failed(const std::string& user, const std::string& address);
    void succeeded(const std::string& user);

private:
    struct Counter {
        std::deque<Clock::time_point> failures;
        Clock::time_point lockedUntil{};
    };
    bool count(Counter& c, int limit, Clock::time_point now);
    bool isLocked(std::map<std::string, Counter>& m, const std::string& key, Clock::time_point now);

    int maxFailures_, maxPerAddress_;
    std::chrono::seconds window_, lockFor_;
    std::mutex mutex_;
    std::map<std::string, Counter> users_, addresses_;
};

}  // namespace yewu
