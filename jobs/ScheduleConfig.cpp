#include "ScheduleConfig.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <date/tz.h>

#include <set>

#include "BusinessCalendarFile.h"
#include "ConfigError.h"
#include "JobRegistry.h"
#include "MailConfig.h"
#include "delivery/SmtpAlertSink.h"

namespace yewu {

namespace {

const std::set<std::string> kSettings = {"timezone", "alert_to", "calendar", "grace", "catch_up", "retries",
                                         "retry_delay"};
const std::set<std::string> kParams = {"as_of", "period", "locale", "send", "dry_run", "strict", "source"};

bool parseBool(const std::string& key, const std::string& text) {
    const std::string v = Poco::toLower(Poco::trim(text));
    if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
    if (v == "false" || v == "no" || v == "off" || v == "0") return false;
    throw ConfigError(key + ": expected true or false, got '" + text + "'");
}

int parseCount(const std::string& key, const std::string& text) {
    int n = 0;
    if (!Poco::NumberParser::tryParse(Poco::trim(text), n) || n < 0 || n > 100)
        throw ConfigError(key + ": expected a count 0..100, got '" + text + "'");
    return n;
}

void checkParam(const std::string& key, const std::string& name, const std::string& value) {
    if (name == "as_of") {
        if (value != "today" && value != "yesterday" && !(Date::parse(value) && value.size() == 10))
            throw ConfigError(key + ": expected today, yesterday or YYYY-MM-DD, got '" + value + "'");
    } else if (name == "period") {
        if (value != "previous_month" && value != "current_month" && !Month::parse(value))
            throw ConfigError(key + ": expected previous_month, current_month or YYYY-MM, got '" + value + "'");
    } else if (name == "locale") {
        if (!parseLocale(value)) throw ConfigError(key + ": expected zh-CN or en, got '" + value + "'");
    } else if (name == "send" || name == "dry_run" || name == "strict") {
        parseBool(key, value);
    }
}

}  // namespace

std::chrono::seconds parseDuration(const std::string& key, const std::string& text) {
    std::string v = Poco::trim(text);
    long long factor = 1;
    if (!v.empty() && (v.back() == 's' || v.back() == 'm' || v.back() == 'h')) {
        factor = v.back() == 'h' ? 3600 : v.back() == 'm' ? 60 : 1;
        v.pop_back();
    }
    Poco::Int64 n = 0;
    if (v.empty() || !Poco::NumberParser::tryParse64(v, n) || n < 0 || n > 86400 * 7)
        throw ConfigError(key + ": expected a duration like 90, 90s, 5m or 2h, got '" + text + "'");
    return std::chrono::seconds(n * factor);
}

ScheduleSettings loadScheduleSettings(const Poco::Util::AbstractConfiguration& config, const JobRegistry& registry) {
    ScheduleSettings settings;
    settings.timezone = config.getString("schedule.timezone", "");
    if (settings.timezone.empty()) {
        try {
            settings.timezone = date::current_zone()->name();
        } catch (const std::exception& e) {
            throw ConfigError(std::string("schedule.timezone is not set and the machine's zone is unknown: ") + e.what());
        }
    }
    const TimeZone zone = TimeZone::locate(settings.timezone);

    Poco::StringTokenizer to(config.getString("schedule.alert_to", ""), ",",
                             Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    settings.alertTo.assign(to.begin(), to.end());
    settings.grace = parseDuration("schedule.grace", config.getString("schedule.grace", "10m"));
    const bool catchUp = parseBool("schedule.catch_up", config.getString("schedule.catch_up", "true"));
    const int retries = parseCount("schedule.retries", config.getString("schedule.retries", "2"));
    const auto retryDelay = parseDuration("schedule.retry_delay", config.getString("schedule.retry_delay", "5m"));

    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys("schedule", keys);
    std::set<std::string> names(keys.begin(), keys.end());
    for (const auto& name : names) {
        if (kSettings.count(name)) continue;
        const std::string base = "schedule." + name;
        const std::string cronText = config.has(base) ? config.getString(base) : config.getString(base + ".cron", "");
        if (cronText.empty()) throw ConfigError("schedule entry '" + name + "' has no cron expression (" + base + ".cron)");

        if (!settings.calendar) {
            settings.calendar = std::make_shared<BusinessCalendar>();
            settings.calendarFiles = businessCalendarFiles(config);
            for (const auto& file : settings.calendarFiles) loadBusinessCalendarFile(file, *settings.calendar);
        }
        CronExpression cron = [&] {
            try {
                return CronExpression::parse(cronText);
            } catch (const std::invalid_argument& e) {
                throw ConfigError(base + ": " + e.what());
            }
        }();
        if (cron.needsCalendar() && settings.calendar->coveredYears().empty())
            throw ConfigError(base + ": '" + cronText + "' needs a business calendar, and none was found "
                              "(schedule.calendar, or config/calendar/*.ini)");

        ScheduleEntry entry{name, config.getString(base + ".job", name), Schedule(cron, zone, settings.calendar),
                            {}, catchUp, retries, retryDelay};
        registry.find(entry.job);  // throws ConfigError listing the known jobs
        Poco::Util::AbstractConfiguration::Keys entryKeys;
        config.keys(base, entryKeys);
        for (const auto& k : entryKeys) {
            const std::string key = base + "." + k;
            const std::string value = Poco::trim(config.getString(key));
            if (k == "cron" || k == "job") continue;
            if (k == "catch_up") {
                entry.catchUp = parseBool(key, value);
            } else if (k == "retries") {
                entry.retries = parseCount(key, value);
            } else if (k == "retry_delay") {
                entry.retryDelay = parseDuration(key, value);
            } else if (kParams.count(k)) {
                checkParam(key, k, value);
                entry.params[k] = value;
            } else {
                throw ConfigError("unknown schedule key " + key +
                                  " (known: cron, job, catch_up, retries, retry_delay, as_of, period, locale, send,"
                                  " dry_run, strict, source)");
            }
        }
        if (entry.params.count("as_of") && entry.params.count("period"))
            throw ConfigError(base + ": give either as_of or period, not both");
        settings.entries.push_back(std::move(entry));
    }
    return settings;
}

std::unique_ptr<AlertSink> alertSinkFromConfig(const Poco::Util::AbstractConfiguration& config) {
    if (!config.has("smtp.host")) return nullptr;
    const SmtpSettings smtp = smtpSettingsFromConfig(config);  // the appraisal mailer's settings too
    if (smtp.from.empty()) throw ConfigError("smtp.from is not set: alerts need a sender address");
    return std::make_unique<SmtpAlertSink>(smtp);
}

JobParams paramsForFire(const ScheduleEntry& entry, Date fireDay, std::string& text) {
    JobParams params;
    params.today = fireDay;
    text.clear();
    auto append = [&](const std::string& s) { text += (text.empty() ? "" : " ") + s; };
    for (const auto& [name, value] : entry.params) {
        if (name == "as_of") {
            params.asOf = value == "today" ? fireDay : value == "yesterday" ? fireDay.plusDays(-1) : *Date::parse(value);
            append("--as-of " + params.asOf->iso());
        } else if (name == "period") {
            const Month current = Month::of(fireDay);
            params.period = value == "current_month"    ? current
                            : value == "previous_month" ? current.plusMonths(-1)
                                                        : *Month::parse(value);
            append("--period " + params.period->iso());
        } else if (name == "locale") {
            params.locale = *parseLocale(value);
            append("--locale " + value);
        } else if (name == "send") {
            params.send = parseBool(name, value);
            if (params.send) append("--send");
        } else if (name == "dry_run") {
            params.dryRun = parseBool(name, value);
            if (params.dryRun) append("--dry-run");
        } else if (name == "strict") {
            params.strict = parseBool(name, value);
            if (params.strict) append("--strict");
        }
    }
    append("(schedule " + entry.name + ")");
    return params;
}

}  // namespace yewu
