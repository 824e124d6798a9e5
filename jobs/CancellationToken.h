// CancellationToken: a stop request that long work polls. The signal handler
// for SIGTERM/SIGINT (app/) sets it; the Runner polls it between chunks of
// source rows and between documents, the scheduler while it sleeps.
// request() only stores to a lock-free atomic, so it is async-signal-safe.
#pragma once

#include <atomic>
#include <string>

#include <Poco/Exception.h>

namespace yewu {

// Thrown by throwIfRequested(); the Runner records the run as 'interrupted'.
class RunInterrupted : public Poco::RuntimeException {
public:
    explicit RunInterrupted(const std::string& why) : Poco::RuntimeException(why) {}
};

class CancellationToken {
public:
    void request(int signal = 0) {
        signal_.store(signal, std::memory_order_relaxed);
        requested_.store(true, std::memory_order_release);
    }
    bool requested() const { return requested_.load(std::memory_order_acquire); }
    int signal() const { return signal_.load(std::memory_order_relaxed); }
    void throwIfRequested() const {
        if (requested())
            throw RunInterrupted(signal() ? "stopped by signal " + std::to_string(signal()) : "stopped on request");
    }

private:
    static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);
    std::atomic<bool> requested_{false};
    std::atomic<int> signal_{0};
};

}  // namespace yewu
