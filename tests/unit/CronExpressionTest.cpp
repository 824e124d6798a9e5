// Unit tests for yewu::CronExpression (civil minutes, no time zone) and
// yewu::BusinessCalendar with the shipped China 2026 calendar.
#include <gtest/gtest.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "core/BusinessCalendar.h"
#include "core/CronExpression.h"
#include "jobs/BusinessCalendarFile.h"

namespace yewu {
namespace {

// "2026-10-31T01:30" -> CivilMinute.
CivilMinute civil(const std::string& text) {
    const auto day = Date::parse(text.substr(0, 10));
    if (!day || text.size() != 16) throw std::invalid_argument("bad test time " + text);
    return CivilMinute::of(*day, std::stoi(text.substr(11, 2)), std::stoi(text.substr(14, 2)));
}

std::vector<std::string> nextFires(const std::string& expression, const std::string& after, int count,
                                   const BusinessCalendar* calendar = nullptr) {
    const CronExpression cron = CronExpression::parse(expression);
    std::vector<std::string> out;
    CivilMinute t = civil(after);
    for (int i = 0; i < count; ++i) {
        const auto next = cron.nextAfter(t, calendar);
        if (!next) break;
        out.push_back(next->iso());
        t = *next;
    }
    return out;
}

using Fires = std::vector<std::string>;

struct Case {
    const char* expression;
    const char* after;
    Fires expected;
};

// The table of expected next-fire times. Weekdays of 2026: 1 Jan Thursday, 1 Oct Thursday.
const std::vector<Case> kCases = {
    {"30 1 * * *", "2026-10-31T01:29", {"2026-10-31T01:30", "2026-11-01T01:30"}},
    {"30 1 * * *", "2026-10-31T01:30", {"2026-11-01T01:30"}},
    {"0 2 1 * *", "2026-10-01T02:00", {"2026-11-01T02:00", "2026-12-01T02:00", "2027-01-01T02:00"}},
    // ranges, steps and weekday names: Friday 30 Oct 2026 evening -> Monday morning
    {"*/15 9-17 * * mon-fri", "2026-10-30T17:45", {"2026-11-02T09:00", "2026-11-02T09:15"}},
    // lists, list ranges with steps
    {"5,10-12,50-59/5 * * * *", "2026-01-01T00:09",
     {"2026-01-01T00:10", "2026-01-01T00:11", "2026-01-01T00:12", "2026-01-01T00:50", "2026-01-01T00:55",
      "2026-01-01T01:05"}},
    // N/S runs from N to the maximum
    {"0 0 5/10 * *", "2026-11-01T00:00", {"2026-11-05T00:00", "2026-11-15T00:00", "2026-11-25T00:00",
                                          "2026-12-05T00:00"}},
    // Vixie rule: both day fields restricted -> the 13th OR a Friday
    {"0 0 13 * 5", "2026-11-01T00:00",
     {"2026-11-06T00:00", "2026-11-13T00:00", "2026-11-20T00:00", "2026-11-27T00:00", "2026-12-04T00:00",
      "2026-12-11T00:00", "2026-12-13T00:00", "2026-12-18T00:00"}},
    {"30 4 1,15 * fri", "2026-10-31T00:00", {"2026-11-01T04:30", "2026-11-06T04:30", "2026-11-13T04:30",
                                             "2026-11-15T04:30", "2026-11-20T04:30"}},
    // a day field starting with '*' (even */2) is "unrestricted": odd days AND Fridays
    {"0 0 */2 * 5", "2026-11-01T00:00", {"2026-11-13T00:00", "2026-11-27T00:00", "2026-12-11T00:00",
                                         "2026-12-25T00:00"}},
    // weekday 7 is Sunday, and 0 too; names in any case
    {"0 0 * * 7", "2026-11-01T00:00", {"2026-11-08T00:00"}},
    {"0 0 * * SUN", "2026-11-01T00:00", {"2026-11-08T00:00"}},
    {"0 12 * jan,JUL sun", "2026-06-30T00:00", {"2026-07-05T12:00", "2026-07-12T12:00"}},
    {"0 0 1 mar-may *", "2026-01-15T00:00", {"2026-03-01T00:00", "2026-04-01T00:00", "2026-05-01T00:00",
                                             "2027-03-01T00:00"}},
    {"0 0 29 2 *", "2026-03-01T00:00", {"2028-02-29T00:00", "2032-02-29T00:00"}},
    {"59 23 31 * *", "2026-04-01T00:00", {"2026-05-31T23:59", "2026-07-31T23:59"}},
    // macros
    {"@hourly", "2026-10-31T23:59", {"2026-11-01T00:00", "2026-11-01T01:00"}},
    {"@daily", "2026-10-31T00:00", {"2026-11-01T00:00"}},
    {"@weekly", "2026-10-31T00:00", {"2026-11-01T00:00", "2026-11-08T00:00"}},
    {"@monthly", "2026-10-31T00:00", {"2026-11-01T00:00"}},
    {"@yearly", "2026-10-31T00:00", {"2027-01-01T00:00"}},
};

TEST(CronExpression, NextFireTable) {
    for (const auto& c : kCases)
        EXPECT_EQ(nextFires(c.expression, c.after, int(c.expected.size())), c.expected)
            << c.expression << " after " << c.after;
}

TEST(CronExpression, NeverFires) {
    EXPECT_FALSE(CronExpression::parse("0 0 30 2 *").nextAfter(civil("2026-01-01T00:00"), nullptr));
    EXPECT_FALSE(CronExpression::parse("0 0 31 4,6,9,11 *").nextAfter(civil("2026-01-01T00:00"), nullptr));
}

TEST(CronExpression, RejectsWithTheField) {
    const std::vector<std::pair<const char*, const char*>> bad = {
        {"60 * * * *", "minute"},      {"* 24 * * *", "hour"},         {"0 0 0 * *", "day-of-month"},
        {"0 0 32 * *", "day-of-month"}, {"0 0 * 13 *", "month"},        {"0 0 * * 8", "day-of-week"},
        {"*/0 * * * *", "step"},        {"5-1 * * * *", "backwards"},   {"0 0 * foo *", "foo"},
        {"* * * *", "5 fields"},        {"* * * * * *", "5 fields"},    {"@reboot", "macro"},
        {"0 6 @bogus", "day spec"},     {"0 6 @first_workday 1 mon", "day spec"}, {"1,,2 * * * *", "empty"},
        {"", "5 fields"},               {"a-b * * * *", "minute"},      {"0 0 * * mon-", "missing"},
    };
    for (const auto& [text, needle] : bad) {
        try {
            CronExpression::parse(text);
            ADD_FAILURE() << "accepted '" << text << "'";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << text << ": " << e.what();
        }
    }
}

TEST(CronExpression, DaySpecNeedsACalendar) {
    const auto cron = CronExpression::parse("0 6 @first_workday");
    EXPECT_TRUE(cron.needsCalendar());
    EXPECT_THROW(cron.nextAfter(civil("2026-01-01T00:00"), nullptr), std::logic_error);
}

// The shipped calendar, found the way the scheduler finds it (<data dir>/config/calendar).
const BusinessCalendar& china2026() {
    static const BusinessCalendar calendar = [] {
        BusinessCalendar c;
        Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
        const auto files = businessCalendarFiles(*config);
        for (const auto& f : files) loadBusinessCalendarFile(f, c);
        return c;
    }();
    return calendar;
}

TEST(BusinessCalendar, China2026HolidaysAndMakeUpDays) {
    const BusinessCalendar& c = china2026();
    ASSERT_TRUE(c.covers(2026));
    EXPECT_FALSE(c.covers(2027));
    auto workday = [&](const char* iso) { return c.isWorkday(*Date::parse(iso)); };
    EXPECT_FALSE(workday("2026-01-01"));
    EXPECT_FALSE(workday("2026-01-02"));  // a Friday, but New Year
    EXPECT_TRUE(workday("2026-01-04"));   // a Sunday, make-up workday
    EXPECT_TRUE(workday("2026-02-14"));   // Saturday, make-up
    EXPECT_FALSE(workday("2026-02-16"));  // Monday in the Spring Festival
    EXPECT_FALSE(workday("2026-02-23"));
    EXPECT_TRUE(workday("2026-02-24"));
    EXPECT_TRUE(workday("2026-02-28"));   // Saturday, make-up
    EXPECT_FALSE(workday("2026-04-06"));  // Qingming Monday
    EXPECT_FALSE(workday("2026-05-05"));
    EXPECT_TRUE(workday("2026-05-09"));
    EXPECT_FALSE(workday("2026-06-19"));
    EXPECT_FALSE(workday("2026-09-25"));
    EXPECT_TRUE(workday("2026-09-20"));   // Sunday, make-up
    EXPECT_FALSE(workday("2026-10-07"));
    EXPECT_TRUE(workday("2026-10-10"));   // Saturday, make-up
    EXPECT_FALSE(workday("2026-10-11"));  // an ordinary Sunday
    EXPECT_TRUE(workday("2026-10-12"));
    EXPECT_EQ(c.nameOf(*Date::parse("2026-10-03")), "national_day");
}

TEST(BusinessCalendar, FirstWorkdayOfEachMonth2026) {
    const BusinessCalendar& c = china2026();
    const std::vector<std::string> expected = {"2026-01-04", "2026-02-02", "2026-03-02", "2026-04-01",
                                               "2026-05-06", "2026-06-01", "2026-07-01", "2026-08-03",
                                               "2026-09-01", "2026-10-08", "2026-11-02", "2026-12-01"};
    for (unsigned m = 1; m <= 12; ++m) EXPECT_EQ(c.firstWorkday(Month(2026, m)).iso(), expected[m - 1]) << m;
}

TEST(CronExpression, FirstWorkdayAroundNationalDayAndNewYear) {
    EXPECT_EQ(nextFires("0 6 @first_workday", "2026-09-01T06:00", 3, &china2026()),
              (Fires{"2026-10-08T06:00", "2026-11-02T06:00", "2026-12-01T06:00"}));
    EXPECT_EQ(nextFires("0 6 @first_workday", "2025-12-31T00:00", 2, &china2026()),
              (Fires{"2026-01-04T06:00", "2026-02-02T06:00"}));
    // restricted to some months
    EXPECT_EQ(nextFires("0 6 @first_workday 1,5,10 *", "2026-02-01T00:00", 2, &china2026()),
              (Fires{"2026-05-06T06:00", "2026-10-08T06:00"}));
}

TEST(CronExpression, WorkdaysAroundSpringFestival) {
    EXPECT_EQ(nextFires("0 9 @workdays", "2026-02-12T09:00", 8, &china2026()),
              (Fires{"2026-02-13T09:00", "2026-02-14T09:00", "2026-02-24T09:00", "2026-02-25T09:00",
                     "2026-02-26T09:00", "2026-02-27T09:00", "2026-02-28T09:00", "2026-03-02T09:00"}));
}

TEST(CronExpression, WorkdaysAroundNationalDay) {
    EXPECT_EQ(nextFires("0 9 @workdays", "2026-09-18T09:00", 12, &china2026()),
              (Fires{"2026-09-20T09:00", "2026-09-21T09:00", "2026-09-22T09:00", "2026-09-23T09:00",
                     "2026-09-24T09:00", "2026-09-28T09:00", "2026-09-29T09:00", "2026-09-30T09:00",
                     "2026-10-08T09:00", "2026-10-09T09:00", "2026-10-10T09:00", "2026-10-12T09:00"}));
}

TEST(BusinessCalendar, UncoveredYearsFallBackToMondayToFriday) {
    BusinessCalendar empty;
    EXPECT_TRUE(empty.isWorkday(*Date::parse("2027-01-01")));  // a Friday: no calendar says otherwise
    EXPECT_FALSE(empty.isWorkday(*Date::parse("2027-01-02")));
    EXPECT_EQ(empty.firstWorkday(Month(2027, 5)).iso(), "2027-05-03");
}

TEST(BusinessCalendar, ContradictionIsAnError) {
    BusinessCalendar c;
    c.addHoliday(*Date::parse("2026-10-01"), "x");
    EXPECT_THROW(c.addWorkday(*Date::parse("2026-10-01"), "y"), std::invalid_argument);
}

}  // namespace
}  // namespace yewu
