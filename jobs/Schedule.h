// Schedule: a cron expression in a time zone, with the business calendar its
// day spec may need: when does it next fire, as an instant.
//
// DST (see TimeZone): a fire time inside a spring-forward gap fires once, at
// the first valid instant after the gap (as cronie does); a fire time in a
// repeated hour fires once, at its first occurrence. Consequence: during the
// repeated hour a sub-hourly expression ("*/15 * * * *") does not fire again.
#pragma once

#include <memory>
#include <optional>

#include "TimeZone.h"
#include "core/BusinessCalendar.h"
#include "core/CronExpression.h"

namespace yewu {

class Schedule {
public:
    // calendar may be null unless cron.needsCalendar() (then throws std::invalid_argument).
    Schedule(CronExpression cron, TimeZone zone, std::shared_ptr<const BusinessCalendar> calendar);

    const CronExpression& cron() const { return cron_; }
    const TimeZone& zone() const { return zone_; }
    const BusinessCalendar* calendar() const { return calendar_.get(); }

    // The first fire instant strictly after t, or nullopt when the expression never fires.
    std::optional<Instant> nextAfter(Instant t) const;
    // The latest fire instant in (after, upTo], and how many fire instants lie there
    // (counting stops at `countLimit`).
    struct Due {
        std::optional<Instant> latest;
        int count = 0;
    };
    Due dueBetween(Instant after, Instant upTo, int countLimit = 1000) const;

private:
    CronExpression cron_;
    TimeZone zone_;
    std::shared_ptr<const BusinessCalendar> calendar_;
};

}  // namespace yewu
