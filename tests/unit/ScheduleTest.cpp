// Unit tests for yewu::Schedule and yewu::TimeZone: next fire instants in real
// time zones from the system tz database, across DST transitions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jobs/ConfigError.h"
#include "jobs/Schedule.h"

namespace yewu {
namespace {

std::vector<std::string> fires(const std::string& cron, const std::string& zone, const std::string& afterUtc,
                               int count) {
    const Schedule schedule(CronExpression::parse(cron), TimeZone::locate(zone), nullptr);
    std::vector<std::string> out;
    Instant t = parseIsoUtc(afterUtc);
    for (int i = 0; i < count; ++i) {
        const auto next = schedule.nextAfter(t);
        if (!next) break;
        out.push_back(isoUtc(*next));
        t = *next;
    }
    return out;
}

using Fires = std::vector<std::string>;

TEST(Schedule, ShanghaiHasNoDst) {
    // 01:30 CST (+08:00) is 17:30 UTC the day before.
    EXPECT_EQ(fires("30 1 * * *", "Asia/Shanghai", "2026-10-31T00:00:00Z", 2),
              (Fires{"2026-10-31T17:30:00Z", "2026-11-01T17:30:00Z"}));
}

// Europe/Berlin 2026: 29 March 02:00 CET -> 03:00 CEST (01:00 UTC); 25 October 03:00 CEST -> 02:00 CET (01:00 UTC).
TEST(Schedule, BerlinSpringForwardGapFiresOnceAtTheTransition) {
    // 02:30 does not exist on 29 March: fires at 03:00 CEST, once, and at 02:30 CEST the next day.
    EXPECT_EQ(fires("30 2 * * *", "Europe/Berlin", "2026-03-28T01:30:00Z", 3),
              (Fires{"2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z"}));
    // Hourly: 02:00 (gap) and 03:00 are the same instant: one fire, not two.
    EXPECT_EQ(fires("0 * * * *", "Europe/Berlin", "2026-03-29T00:30:00Z", 3),
              (Fires{"2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z", "2026-03-29T03:00:00Z"}));
    EXPECT_EQ(fires("*/30 1-3 * * *", "Europe/Berlin", "2026-03-29T00:00:00Z", 4),
              (Fires{"2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z",
                     "2026-03-29T23:00:00Z"}));  // 01:00 CEST on the 30th
    // Times outside the gap are untouched on the day of the change.
    EXPECT_EQ(fires("30 1 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 2),
              (Fires{"2026-03-29T00:30:00Z", "2026-03-29T23:30:00Z"}));
}

TEST(Schedule, BerlinFallBackRepeatedHourFiresOnce) {
    // 02:30 happens twice on 25 October (00:30 UTC in CEST, 01:30 UTC in CET): fires the first time only.
    EXPECT_EQ(fires("30 2 * * *", "Europe/Berlin", "2026-10-24T00:30:00Z", 3),
              (Fires{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z", "2026-10-27T01:30:00Z"}));
    // Started during the second 02:xx (CET): the 02:30 of that day has had its turn.
    EXPECT_EQ(fires("30 2 * * *", "Europe/Berlin", "2026-10-25T01:10:00Z", 1), (Fires{"2026-10-26T01:30:00Z"}));
    // Hourly across the change: 02:00 CEST, then 03:00 CET; the repeated 02:00 CET does not fire.
    EXPECT_EQ(fires("0 * * * *", "Europe/Berlin", "2026-10-24T23:30:00Z", 3),
              (Fires{"2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"}));
    EXPECT_EQ(fires("30 1 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 2),
              (Fires{"2026-10-24T23:30:00Z", "2026-10-26T00:30:00Z"}));
}

TEST(Schedule, NewYorkTransitions) {
    // 2026: 8 March 02:00 EST -> 03:00 EDT (07:00 UTC); 1 November 02:00 EDT -> 01:00 EST (06:00 UTC).
    EXPECT_EQ(fires("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", 2),
              (Fires{"2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"}));
    EXPECT_EQ(fires("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", 2),
              (Fires{"2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"}));
}

TEST(Schedule, DueBetweenCountsMissedFires) {
    const Schedule schedule(CronExpression::parse("30 1 * * *"), TimeZone::locate("Asia/Shanghai"), nullptr);
    const auto due = schedule.dueBetween(parseIsoUtc("2026-10-10T04:00:00Z"), parseIsoUtc("2026-10-13T01:00:00Z"));
    ASSERT_TRUE(due.latest);
    EXPECT_EQ(due.count, 3);
    EXPECT_EQ(isoUtc(*due.latest), "2026-10-12T17:30:00Z");
    const auto many = Schedule(CronExpression::parse("* * * * *"), TimeZone::locate("UTC"), nullptr)
                          .dueBetween(parseIsoUtc("2026-01-01T00:00:00Z"), parseIsoUtc("2026-02-01T00:00:00Z"), 50);
    EXPECT_EQ(many.count, 50);
    EXPECT_EQ(isoUtc(*many.latest), "2026-02-01T00:00:00Z");
    EXPECT_FALSE(schedule.dueBetween(parseIsoUtc("2026-10-12T17:30:00Z"), parseIsoUtc("2026-10-13T17:00:00Z")).latest);
}

TEST(Schedule, FormatAndUnknownZone) {
    const TimeZone berlin = TimeZone::locate("Europe/Berlin");
    EXPECT_EQ(berlin.format(parseIsoUtc("2026-10-25T00:30:00Z")), "2026-10-25 02:30 CEST (+02:00)");
    EXPECT_EQ(berlin.format(parseIsoUtc("2026-10-25T01:30:00Z")), "2026-10-25 02:30 CET (+01:00)");
    EXPECT_THROW(TimeZone::locate("Mars/Olympus_Mons"), ConfigError);
}

TEST(Clock, IsoUtcRoundTrip) {
    EXPECT_EQ(isoUtc(parseIsoUtc("2026-02-28T23:59:59Z")), "2026-02-28T23:59:59Z");
    EXPECT_THROW(parseIsoUtc("2026-02-30T00:00:00Z"), std::invalid_argument);
    EXPECT_THROW(parseIsoUtc("yesterday"), std::invalid_argument);
}

}  // namespace
}  // namespace yewu
