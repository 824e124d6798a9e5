#include "RetryPolicy.h"

#include <Poco/Exception.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <thread>

namespace yewu {

RetryPolicy::RetryPolicy(int retries, std::chrono::milliseconds delay, std::chrono::milliseconds maxDelay)
    : retries_(std::max(0, retries)), delay_(delay), maxDelay_(maxDelay) {}

RetryPolicy RetryPolicy::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    const int retries = config.getInt("source.retries", 3);
    const double seconds = config.getDouble("source.retry_delay", 1.0);
    if (retries < 0) throw Poco::SyntaxException("source.retries must be 0 or more");
    if (seconds < 0) throw Poco::SyntaxException("source.retry_delay must be 0 or more seconds");
    return RetryPolicy(retries, std::chrono::milliseconds(static_cast<long long>(seconds * 1000)));
}

std::chrono::milliseconds RetryPolicy::delayBefore(int attempt) const {
    auto wait = delay_;
    for (int i = 1; i < attempt && wait < maxDelay_; ++i) wait *= 2;
    return std::min(wait, maxDelay_);
}

void RetryPolicy::run(const std::function<void()>& operation,
                      const std::function<void(int, const std::string&)>& onRetry,
                      const std::function<bool(const std::exception&)>& retryable) const {
    for (int attempt = 0;; ++attempt) {
        try {
            operation();
            return;
        } catch (const Poco::Exception& e) {
            if (attempt >= retries_ || (retryable && !retryable(e))) throw;
            if (onRetry) onRetry(attempt + 1, e.displayText());
        }
        std::this_thread::sleep_for(delayBefore(attempt + 1));
    }
}

}  // namespace yewu
