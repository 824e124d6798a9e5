// CronExpression: a standard 5-field cron expression ("30 1 * * *") matched
// against civil (wall-clock) minutes. Time zones and DST are not handled
// here: jobs/Schedule maps civil minutes to instants.
//
// Syntax, as in Vixie cron / cronie:
//   minute hour day-of-month month day-of-week
//   each field: * | N | N-M | */S | N-M/S | N/S (N to the field's maximum), joined by commas;
//   months jan..dec and weekdays sun..sat by name (any case); weekday 0 and 7 are Sunday.
//   Macros: @yearly @annually @monthly @weekly @daily @midnight @hourly.
// Vixie rule: when both day-of-month and day-of-week are restricted, a day
// matches when EITHER matches; when one of them starts with '*' (even "*/2"),
// both must match.
// yewu extension, a business-calendar day spec in place of the day fields:
//   "minute hour @first_workday"  (or @workdays), optionally followed by a
//   month field and "*": "0 6 @first_workday 1,7 *".
// Written by hand (no Debian C++ cron library ships this syntax plus our day specs).
#pragma once

#include <bitset>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "BusinessCalendar.h"
#include "Date.h"

namespace yewu {

// A civil minute: a day and the minute of that day (0..1439), with no time zone.
struct CivilMinute {
    Date date;
    int minute = 0;

    static CivilMinute of(Date date, int hour, int minute) { return CivilMinute{date, hour * 60 + minute}; }
    CivilMinute plusMinutes(int n) const;
    std::string iso() const;  // "2026-10-08T06:00"
    auto operator<=>(const CivilMinute&) const = default;
};

class CronExpression {
public:
    enum class DaySpec { Fields, FirstWorkday, Workdays };

    // Throws std::invalid_argument naming the field and the offending text.
    static CronExpression parse(std::string_view text);

    const std::string& text() const { return text_; }
    DaySpec daySpec() const { return daySpec_; }
    bool needsCalendar() const { return daySpec_ != DaySpec::Fields; }

    // `calendar` is required (non-null) when needsCalendar(); otherwise ignored.
    bool matchesDay(Date day, const BusinessCalendar* calendar) const;
    bool matches(CivilMinute t, const BusinessCalendar* calendar) const;
    // The first matching civil minute strictly after t, searching at most `years` ahead;
    // nullopt when there is none (e.g. "0 0 30 2 *").
    std::optional<CivilMinute> nextAfter(CivilMinute t, const BusinessCalendar* calendar, int years = 8) const;

private:
    std::string text_;
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> daysOfMonth_;  // 1..31
    std::bitset<13> months_;       // 1..12
    std::bitset<7> daysOfWeek_;    // 0 = Sunday
    bool domStar_ = true;
    bool dowStar_ = true;
    DaySpec daySpec_ = DaySpec::Fields;
};

}  // namespace yewu
