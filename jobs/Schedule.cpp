#include "Schedule.h"

#include <stdexcept>

namespace yewu {

Schedule::Schedule(CronExpression cron, TimeZone zone, std::shared_ptr<const BusinessCalendar> calendar)
    : cron_(std::move(cron)), zone_(std::move(zone)), calendar_(std::move(calendar)) {
    if (cron_.needsCalendar() && !calendar_)
        throw std::invalid_argument("'" + cron_.text() + "' needs a business calendar");
}

std::optional<Instant> Schedule::nextAfter(Instant t) const {
    CivilMinute civil = zone_.localMinute(t);
    // Each step moves the civil minute forward; a candidate whose instant is not after t
    // (the second pass of a repeated hour, or a gap already fired) is skipped.
    for (int guard = 0; guard < 100000; ++guard) {
        const auto candidate = cron_.nextAfter(civil, calendar_.get());
        if (!candidate) return std::nullopt;
        const TimeZone::Mapping mapping = zone_.toInstant(*candidate);
        if (mapping.instant > t) return mapping.instant;
        civil = *candidate;
    }
    return std::nullopt;
}

Schedule::Due Schedule::dueBetween(Instant after, Instant upTo, int countLimit) const {
    Due due;
    for (auto next = nextAfter(after); next && *next <= upTo && due.count < countLimit; next = nextAfter(*next)) {
        due.latest = next;
        ++due.count;
    }
    if (due.count == countLimit) {
        // Too many to walk one by one: find the latest directly, walking back from upTo by days.
        for (Instant probe = upTo - std::chrono::hours(24);; probe -= std::chrono::hours(24 * 30)) {
            if (probe <= after) probe = after;
            std::optional<Instant> latest;
            for (auto next = nextAfter(probe); next && *next <= upTo; next = nextAfter(*next)) latest = next;
            if (latest || probe == after) {
                due.latest = latest;
                break;
            }
        }
    }
    return due;
}

}  // namespace yewu
