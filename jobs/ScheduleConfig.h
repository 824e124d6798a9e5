// ScheduleConfig: the [schedule] configuration, checked once at start-up.
//
//   [schedule]
//   timezone = Asia/Shanghai        ; default: the machine's zone (/etc/localtime)
//   alert_to = ops@example.com      ; comma list; empty: failures are only logged
//   calendar = config/calendar/cn-2026.ini  ; default: every <data dir>/config/calendar/*.ini
//   grace = 10m                     ; a fire older than this at start-up counts as missed
//   catch_up = true                 ; defaults for every entry
//   retries = 2
//   retry_delay = 5m                ; doubled after each failed attempt
//
//   [schedule.receivables]          ; an entry; its name is the job's unless job = ... is given
//   cron = 30 1 * * *
//   as_of = yesterday               ; today | yesterday | YYYY-MM-DD
//   [schedule.kpi]
//   cron = 0 2 1 * *
//   period = previous_month         ; previous_month | current_month | YYYY-MM
//
// The short form of the issue also works: in [schedule], `receivables = 30 1 * * *`
// and `receivables.as_of = yesterday`. Entry keys besides cron/job/catch_up/
// retries/retry_delay: as_of, period, locale, send, dry_run, strict, source
// (the same meaning as `yewu run`'s options). Every job takes the same
// parameters, so a new job needs no change here.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "Job.h"
#include "Schedule.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace yewu {

class AlertSink;
class JobRegistry;

struct ScheduleEntry {
    std::string name;
    std::string job;
    Schedule schedule;
    std::map<std::string, std::string> params;  // as_of, period, locale, send, dry_run, strict, source
    bool catchUp = true;
    int retries = 2;
    std::chrono::seconds retryDelay{300};
};

struct ScheduleSettings {
    std::string timezone;
    std::vector<std::string> alertTo;
    std::chrono::seconds grace{600};
    std::shared_ptr<BusinessCalendar> calendar;
    std::vector<std::filesystem::path> calendarFiles;
    std::vector<ScheduleEntry> entries;  // in name order
};

// Throws ConfigError (naming the key) for an unknown job, a bad cron expression,
// an unknown time zone or parameter, or a day spec without a business calendar.
ScheduleSettings loadScheduleSettings(const Poco::Util::AbstractConfiguration& config, const JobRegistry& registry);

// The job parameters of one fire: relative values (yesterday, previous_month)
// are taken from the fire's civil date in the schedule's time zone. `text`
// receives them as `yewu run` options, for the ledger.
JobParams paramsForFire(const ScheduleEntry& entry, Date fireDay, std::string& text);

// The SMTP alert sink from smtp.host, smtp.port (25), smtp.from, smtp.user, smtp.password
// (environment only: YEWU_SMTP__PASSWORD) and smtp.timeout (30 s); null when smtp.host is unset.
std::unique_ptr<AlertSink> alertSinkFromConfig(const Poco::Util::AbstractConfiguration& config);

// "90", "90s", "5m", "2h" -> seconds. Throws ConfigError naming `key`.
std::chrono::seconds parseDuration(const std::string& key, const std::string& text);

}  // namespace yewu
