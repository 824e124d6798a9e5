// RetryPolicy: how a connector retries an operation that failed for a reason
// that may pass (a database not accepting connections yet, a dropped
// connection, an HTTP 503): up to `retries` more attempts, waiting `delay`
// before the first and doubling the wait each time, never more than
// `maxDelay`. Defaults: 3 retries, 1 s, 30 s (config source.retries,
// source.retry_delay in seconds).
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace yewu {

class RetryPolicy {
public:
    RetryPolicy() = default;
    RetryPolicy(int retries, std::chrono::milliseconds delay,
                std::chrono::milliseconds maxDelay = std::chrono::seconds(30));
    // source.retries and source.retry_delay (seconds, may be fractional) from `config`.
    // Throws Poco::SyntaxException for values that are not numbers, or are negative.
    static RetryPolicy fromConfig(const Poco::Util::AbstractConfiguration& config);

    int retries() const { return retries_; }
    // The wait before retry number `attempt` (1-based).
    std::chrono::milliseconds delayBefore(int attempt) const;

    // Calls `operation` until it returns without throwing a Poco::Exception, at most
    // retries() + 1 times; `onRetry(attempt, error)` is told before each wait (for a log line).
    // Rethrows the last exception when every attempt failed. `retryable` may veto a retry
    // (an error that will not pass, such as a bad password); by default every error retries.
    void run(const std::function<void()>& operation,
             const std::function<void(int attempt, const std::string& error)>& onRetry = {},
             const std::function<bool(const std::exception&)>& retryable = {}) const;

private:
    int retries_ = 3;
    std::chrono::milliseconds delay_{1000};
    std::chrono::milliseconds maxDelay_{30000};
};

}  // namespace yewu
