// Scheduler: runs the [schedule] entries at their fire times (`yewu schedule`).
//
// - Due: an entry is due when one of its fire times lies after the last fire
//   recorded for it in the ledger (ScheduleLedger) and not after now. Several
//   missed fire times run once, for the latest of them.
// - Catch-up: a due fire older than `grace` (downtime, a long run before it)
//   runs when the entry's catch_up is on, and is recorded as skipped otherwise.
// - First sight: an entry never seen before starts from now (recorded as a
//   'baseline'), so adding an entry does not run it at once for the past.
// - Retries: a failed run is retried `retries` times, waiting retry_delay,
//   then twice that, and so on. A configuration error is not retried. After the
//   last failure, an alert with the error and the log tail goes to alert_to.
// - Stop request: the current run is interrupted (the Runner records it), the
//   fire is not recorded, so the next start catches it up; sleeps end at once.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "CancellationToken.h"
#include "Clock.h"
#include "JobLauncher.h"
#include "ScheduleConfig.h"
#include "ScheduleLedger.h"

namespace yewu {

class AlertSink;

class Scheduler {
public:
    // Nothing is owned; `alerts` may be null (failures are then only logged).
    Scheduler(const ScheduleSettings& settings, JobLauncher& launcher, Clock& clock, ScheduleLedger& ledger,
              AlertSink* alerts, const CancellationToken& cancel, std::filesystem::path outDir,
              std::string defaultSourceUri);

    // Runs every entry due now, once; returns 0, or 1 when a run failed for good.
    int runDue();
    // runDue(), then sleeps until the next fire time and again, until a stop request. Returns 0.
    int loop();

    // The next `count` fire times of an entry after `after`.
    std::vector<Instant> nextFires(const ScheduleEntry& entry, Instant after, int count) const;

private:
    // 0 done (or stopped), 1 failed after the retries.
    int fire(const ScheduleEntry& entry, Instant fireTime, bool late);
    void alert(const ScheduleEntry& entry, Instant fireTime, const RunOutcome& last, int attempts);

    const ScheduleSettings& settings_;
    JobLauncher& launcher_;
    Clock& clock_;
    ScheduleLedger& ledger_;
    AlertSink* alerts_;
    const CancellationToken& cancel_;
    std::filesystem::path outDir_;
    std::string defaultSourceUri_;
};

}  // namespace yewu
