#include "Logging.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>
#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <atomic>
#include <deque>
#include <fstream>
#include <mutex>
#include <regex>

namespace yewu {

namespace {

std::atomic<std::int64_t> currentRunId{0};
std::mutex secretsMutex;
std::vector<std::string> secrets;

bool isSecretKey(const std::string& key) {
    const std::string lower = Poco::toLower(key);
    return lower.ends_with("password") || lower.ends_with("token") || lower.ends_with("secret");
}

void collectSecrets(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                    std::vector<std::string>& out) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& k : keys) {
        const std::string full = prefix.empty() ? k : prefix + "." + k;
        if (isSecretKey(full) && config.has(full)) {
            const std::string value = config.getString(full, "");
            if (value.size() >= 3) out.push_back(value);
        }
        collectSecrets(config, full, out);
    }
}

// Stamps the run id on each message and masks secrets in the formatted line.
class RunFormatter : public Poco::Formatter {
public:
    RunFormatter() : pattern_(new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S.%i %q [run %[run]] %s: %t")) {
        pattern_->setProperty("times", "local");
    }
    void format(const Poco::Message& message, std::string& text) override {
        Poco::Message stamped(message);
        const std::int64_t id = currentRunId.load();
        stamped.set("run", id ? std::to_string(id) : std::string("-"));
        std::string line;
        pattern_->format(stamped, line);
        text = redact(line);
    }

private:
    Poco::AutoPtr<Poco::PatternFormatter> pattern_;
};

// Passes on messages at or above a priority (Poco's numbers: lower is more severe).
class ThresholdChannel : public Poco::Channel {
public:
    ThresholdChannel(Poco::AutoPtr<Poco::Channel> inner, int priority) : inner_(std::move(inner)), priority_(priority) {}
    void log(const Poco::Message& message) override {
        if (message.getPriority() <= priority_) inner_->log(message);
    }
    void open() override { inner_->open(); }
    void close() override { inner_->close(); }

private:
    Poco::AutoPtr<Poco::Channel> inner_;
    int priority_;
};

}  // namespace

void setupLogging(const LoggingOptions& options, const Poco::Util::AbstractConfiguration& config) {
    {
        std::vector<std::string> found;
        collectSecrets(config, "", found);
        std::lock_guard lock(secretsMutex);
        secrets = std::move(found);
    }
    Poco::AutoPtr<Poco::SplitterChannel> splitter(new Poco::SplitterChannel);
    Poco::AutoPtr<RunFormatter> formatter(new RunFormatter);

    const auto dir = options.outDir / "logs";
    std::filesystem::create_directories(dir);
    Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel((dir / "yewu.log").string()));
    file->setProperty("rotation", options.rotation);
    file->setProperty("archive", "number");
    file->setProperty("compress", "true");
    file->setProperty("purgeCount", std::to_string(options.keep));
    file->setProperty("flush", "true");  // each line reaches the file even if the process is killed next
    splitter->addChannel(Poco::AutoPtr<Poco::Channel>(new Poco::FormattingChannel(formatter, file)));

    Poco::AutoPtr<Poco::Channel> console(new Poco::ConsoleChannel);
    Poco::AutoPtr<Poco::Channel> threshold(new ThresholdChannel(console, options.consolePriority));
    splitter->addChannel(Poco::AutoPtr<Poco::Channel>(new Poco::FormattingChannel(formatter, threshold)));

    Poco::Logger::root().setChannel(splitter);
    Poco::Logger::root().setLevel(Poco::Message::PRIO_INFORMATION);
    // Loggers created before this call keep their old channel: reset ours.
    log().setChannel(splitter);
    log().setLevel(Poco::Message::PRIO_INFORMATION);
}

Poco::Logger& log() { return Poco::Logger::get("yewu"); }

void setLogRunId(std::int64_t runId) { currentRunId.store(runId); }

std::string redact(const std::string& text) {
    std::string out = text;
    {
        std::lock_guard lock(secretsMutex);
        for (const auto& secret : secrets) Poco::replaceInPlace(out, secret, std::string("***"));
    }
    // key=value and key: value forms (conninfo strings, URLs' query strings, JSON).
    static const std::regex keyValue(R"re(((?:password|passwd|pwd|token|secret)"?\s*[=:]\s*"?)[^\s"&;,']+)re",
                                     std::regex::icase);
    out = std::regex_replace(out, keyValue, "$1***");
    // user:password@host in URIs.
    static const std::regex userInfo(R"re((://[^:/@\s]+:)[^@\s/]+@)re");
    out = std::regex_replace(out, userInfo, "$1***@");
    return out;
}

std::string logTail(const std::filesystem::path& outDir, int lines) {
    std::ifstream in(outDir / "logs" / "yewu.log");
    if (!in) return "";
    std::deque<std::string> tail;
    for (std::string line; std::getline(in, line);) {
        tail.push_back(line);
        if (int(tail.size()) > lines) tail.pop_front();
    }
    std::string text;
    for (const auto& line : tail) text += line + "\n";
    return text;
}

}  // namespace yewu
