// Logging: Poco logging for runs and the scheduler, to OUT/logs/yewu.log
// (rotated at 10 MB, 10 numbered archives kept, gzipped) and to the console (stderr).
// Every line carries the current run id ("run 12", or "run -" outside a run).
// Secrets never appear: every line (and every alert body, through redact())
// has the values of secret configuration keys (…password, …token, …secret,
// which come only from the environment) and "password=…"-like text masked.
#pragma once

#include <Poco/Logger.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace yewu {

struct LoggingOptions {
    std::filesystem::path outDir;  // the log goes to outDir/logs/yewu.log
    // Console threshold: Poco::Message::PRIO_INFORMATION for the scheduler,
    // PRIO_CRITICAL for `yewu run` (it prints its own summary), PRIO_ERROR under --quiet.
    int consolePriority = Poco::Message::PRIO_INFORMATION;
    std::string rotation = "10 M";
    int keep = 10;
};

// (Re)configures the root logger. Call once per process, after the configuration is loaded.
void setupLogging(const LoggingOptions& options, const Poco::Util::AbstractConfiguration& config);
// The logger everything in yewu writes to ("yewu").
Poco::Logger& log();
// The run id stamped on the following lines; 0 for none.
void setLogRunId(std::int64_t runId);
// Masks secrets (see above) in text.
std::string redact(const std::string& text);
// The last `lines` lines of OUT/logs/yewu.log ("" when there is none).
std::string logTail(const std::filesystem::path& outDir, int lines);

}  // namespace yewu
