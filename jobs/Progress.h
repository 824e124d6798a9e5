// Progress: what a long run shows while it works. Counts source rows (fed by
// the Runner from every chunk a job reads) and documents (every output file
// created), with the rate and, when a total is expected, the ETA.
//   Bar   - stderr is a terminal: one line redrawn in place, ~5 times a second;
//   Lines - otherwise (logs, cron mail): one plain line every `interval`;
//   Off   - --quiet.
// The percentage and ETA come from a job's expect() when it knows its total,
// else from the duration of the job's last successful run (the Runner calls
// expectDuration()): rows seen here include pre-scans the ledger does not count,
// so the ledger's row counts are no measure of them.
// Thread-safe: a job may read tables on several threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>

namespace yewu {

class Progress {
public:
    enum class Mode { Off, Bar, Lines };
    // Bar when stderr is a terminal, else Lines; Off when quiet.
    static Mode modeFor(bool quiet);

    Progress(std::string label, Mode mode, std::ostream& out,
             std::chrono::milliseconds interval = std::chrono::seconds(10));
    ~Progress();

    // unit: "rows" or "documents". total <= 0 means unknown (no ETA).
    void expect(std::int64_t total, const std::string& unit);
    // An estimate of the whole run's duration, used when no total is expected.
    void expectDuration(std::chrono::seconds duration) { expectedDuration_ = duration; }
    void addRows(std::int64_t n);
    void addDocument();
    // Clears the bar (Bar) or prints a closing line (Lines). Called by the destructor too.
    void finish();

    std::int64_t rows() const {
        std::lock_guard lock(mutex_);
        return rows_;
    }
    std::int64_t documents() const {
        std::lock_guard lock(mutex_);
        return documents_;
    }
    // The current status text, without decoration: "1,234 rows, 5,000 rows/s, 40% of ~3,000, ETA 0:01".
    std::string status() const;

private:
    void maybeRender();       // with mutex_ held
    std::string statusLocked() const;
    mutable std::mutex mutex_;

    using Clock = std::chrono::steady_clock;
    std::string label_;
    Mode mode_;
    std::ostream& out_;
    std::chrono::milliseconds interval_;
    Clock::time_point start_;
    Clock::time_point lastRender_;
    std::int64_t rows_ = 0;
    std::int64_t documents_ = 0;
    std::int64_t total_ = 0;
    std::chrono::seconds expectedDuration_{0};
    bool totalInDocuments_ = false;
    bool rendered_ = false;
    bool finished_ = false;
};

}  // namespace yewu
