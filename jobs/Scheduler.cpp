#include "Scheduler.h"

#include <Poco/Exception.h>

#include <algorithm>

#include "ConfigError.h"
#include "Logging.h"
#include "delivery/AlertSink.h"

namespace yewu {

namespace {

std::string seconds(std::chrono::seconds s) {
    const auto n = s.count();
    if (n % 3600 == 0 && n) return std::to_string(n / 3600) + "h";
    if (n % 60 == 0 && n) return std::to_string(n / 60) + "m";
    return std::to_string(n) + "s";
}

}  // namespace

Scheduler::Scheduler(const ScheduleSettings& settings, JobLauncher& launcher, Clock& clock, ScheduleLedger& ledger,
                     AlertSink* alerts, const CancellationToken& cancel, std::filesystem::path outDir,
                     std::string defaultSourceUri)
    : settings_(settings),
      launcher_(launcher),
      clock_(clock),
      ledger_(ledger),
      alerts_(alerts),
      cancel_(cancel),
      outDir_(std::move(outDir)),
      defaultSourceUri_(std::move(defaultSourceUri)) {}

std::vector<Instant> Scheduler::nextFires(const ScheduleEntry& entry, Instant after, int count) const {
    std::vector<Instant> fires;
    for (auto t = entry.schedule.nextAfter(after); t && int(fires.size()) < count; t = entry.schedule.nextAfter(*t))
        fires.push_back(*t);
    return fires;
}

int Scheduler::runDue() {
    const Instant now = clock_.now();
    struct DueEntry {
        const ScheduleEntry* entry;
        Instant fire;
        int missed;
    };
    std::vector<DueEntry> due;
    for (const auto& entry : settings_.entries) {
        auto last = ledger_.lastFire(entry.name);
        if (!last) {
            // First sight: fires from the start of this minute on count (so `--once` from
            // system cron at 01:30:02 still runs a 01:30 entry), earlier ones do not.
            last = std::chrono::floor<std::chrono::minutes>(now) - std::chrono::seconds(1);
            ledger_.recordFire(entry.name, *last, "baseline", 0, 0);
            log().information("schedule %s: first seen; fire times from %s on count", entry.name,
                              entry.schedule.zone().format(*last + std::chrono::seconds(1)));
        }
        const Schedule::Due d = entry.schedule.dueBetween(*last, now);
        if (d.latest) due.push_back(DueEntry{&entry, *d.latest, d.count});
    }
    std::stable_sort(due.begin(), due.end(), [](const DueEntry& a, const DueEntry& b) { return a.fire < b.fire; });

    int worst = 0;
    for (const auto& d : due) {
        if (cancel_.requested()) break;
        const ScheduleEntry& entry = *d.entry;
        const bool late = now - d.fire > settings_.grace;
        const std::string when = entry.schedule.zone().format(d.fire);
        if (late && !entry.catchUp) {
            log().warning("schedule %s: missed %s fire time(s), the latest %s; catch_up is off, skipped", entry.name,
                          std::to_string(d.missed), when);
            ledger_.recordFire(entry.name, d.fire, "skipped", 0, 0);
            continue;
        }
        if (late)
            log().warning("schedule %s: catching up %s missed fire time(s), running once for the latest, %s",
                          entry.name, std::to_string(d.missed), when);
        worst = std::max(worst, fire(entry, d.fire, late));
    }
    return worst;
}

int Scheduler::fire(const ScheduleEntry& entry, Instant fireTime, bool late) {
    RunRequest request;
    request.job = entry.job;
    request.params = paramsForFire(entry, entry.schedule.zone().localMinute(fireTime).date, request.paramsText);
    request.outDir = outDir_;
    const auto source = entry.params.find("source");
    request.sourceUri = source != entry.params.end() ? source->second : defaultSourceUri_;
    log().information("schedule %s: %sfire time %s: yewu run %s %s", entry.name, std::string(late ? "late " : ""),
                      entry.schedule.zone().format(fireTime), entry.job, request.paramsText);
    if (entry.schedule.cron().needsCalendar() && !entry.schedule.calendar()->covers(request.params.today.year()))
        log().warning("schedule %s: no business calendar for %s: Monday..Friday assumed (add config/calendar/cn-%s.ini)",
                      entry.name, std::to_string(request.params.today.year()),
                      std::to_string(request.params.today.year()));

    std::chrono::seconds delay = entry.retryDelay;
    RunOutcome outcome;
    int attempt = 0;
    for (attempt = 1;; ++attempt) {
        bool retryable = true;
        try {
            if (request.sourceUri.empty()) throw ConfigError("no source: set source.uri or schedule." + entry.name + ".source");
            outcome = launcher_.launch(request);
        } catch (const ConfigError& e) {
            outcome = RunOutcome{};
            outcome.exitCode = 2;
            outcome.status = "failed";
            outcome.error = "configuration error: " + e.message();
            retryable = false;
        } catch (const Poco::Exception& e) {
            outcome = RunOutcome{};
            outcome.exitCode = 1;
            outcome.status = "failed";
            outcome.error = e.displayText();
        } catch (const std::exception& e) {
            outcome = RunOutcome{};
            outcome.exitCode = 1;
            outcome.status = "failed";
            outcome.error = e.what();
        }
        if (outcome.status == "interrupted" || cancel_.requested()) {
            log().warning("schedule %s: stopped during the run; the fire time stays due and runs at the next start",
                          entry.name);
            return 0;
        }
        if (outcome.exitCode == 0 || outcome.exitCode == 3) {
            ledger_.recordFire(entry.name, fireTime, "succeeded", outcome.runId, attempt);
            log().information("schedule %s: run %s succeeded (attempt %s)", entry.name, std::to_string(outcome.runId),
                              std::to_string(attempt));
            return 0;
        }
        if (!retryable || attempt > entry.retries) break;
        log().warning("schedule %s: attempt %s of %s failed: %s; retrying in %s", entry.name, std::to_string(attempt),
                      std::to_string(entry.retries + 1), outcome.error, seconds(delay));
        if (!clock_.sleepUntil(clock_.now() + delay, cancel_)) {
            log().warning("schedule %s: stopped while waiting to retry; the fire time stays due", entry.name);
            return 0;
        }
        delay = std::min<std::chrono::seconds>(delay * 2, std::chrono::hours(6));
    }
    log().error("schedule %s: failed for good after %s attempt(s): %s", entry.name, std::to_string(attempt),
                outcome.error);
    ledger_.recordFire(entry.name, fireTime, "failed", outcome.runId, attempt);
    alert(entry, fireTime, outcome, attempt);
    return 1;
}

void Scheduler::alert(const ScheduleEntry& entry, Instant fireTime, const RunOutcome& last, int attempts) {
    if (settings_.alertTo.empty()) {
        log().warning("schedule %s: no alert sent (schedule.alert_to is empty)", entry.name);
        return;
    }
    if (!alerts_) {
        log().warning("schedule %s: no alert sent (no mail server configured: smtp.host)", entry.name);
        return;
    }
    Alert message;
    message.to = settings_.alertTo;
    message.subject = "[yewu] " + entry.job + " 失败 / failed" + (last.runId ? " (run " + std::to_string(last.runId) + ")" : "");
    message.body = "yewu 定时任务失败 / a scheduled run failed after " + std::to_string(attempts) + " attempt(s).\n\n" +
                   "entry:     " + entry.name + "\n" +
                   "job:       " + entry.job + "\n" +
                   "fire time: " + entry.schedule.zone().format(fireTime) + "\n" +
                   "run id:    " + (last.runId ? std::to_string(last.runId) : std::string("(none: did not start)")) + "\n" +
                   "output:    " + outDir_.string() + "\n\n" +
                   "error:\n" + last.error + "\n\n" +
                   "History: yewu history --out " + outDir_.string() + " --job " + entry.job + "\n\n" +
                   "Last lines of " + (outDir_ / "logs" / "yewu.log").string() + ":\n" + logTail(outDir_, 40);
    message.body = redact(message.body);
    try {
        alerts_->send(message);
        log().information("schedule %s: alert sent to %s", entry.name, std::to_string(message.to.size()) + " recipient(s)");
    } catch (const Poco::Exception& e) {
        log().error("schedule %s: the alert could not be sent: %s", entry.name, e.displayText());
    }
}

int Scheduler::loop() {
    log().information("scheduler started: %s entr%s, time zone %s", std::to_string(settings_.entries.size()),
                      std::string(settings_.entries.size() == 1 ? "y" : "ies"), settings_.timezone);
    while (!cancel_.requested()) {
        runDue();
        if (cancel_.requested()) break;
        const Instant now = clock_.now();
        // From each entry's last recorded fire, so a fire time that passed during a long run is not lost.
        std::optional<Instant> next;
        const TimeZone* zone = nullptr;
        for (const auto& entry : settings_.entries) {
            const auto t = entry.schedule.nextAfter(ledger_.lastFire(entry.name).value_or(now));
            if (t && (!next || *t < *next)) next = t;
            zone = &entry.schedule.zone();
        }
        const Instant wake = next ? std::max(*next, now) : now + std::chrono::hours(24);
        if (next) log().information("scheduler: next fire time %s", zone->format(*next));
        if (!clock_.sleepUntil(wake, cancel_)) break;
    }
    log().information("scheduler stopped (signal %s)", std::to_string(cancel_.signal()));
    return 0;
}

}  // namespace yewu
