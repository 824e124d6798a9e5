// Unit tests for yewu::Date and yewu::Month.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/Date.h"

namespace yewu {
namespace {

Date D(const char* iso) {
    const std::optional<Date> d = Date::parse(iso);
    if (!d) throw std::invalid_argument(std::string("bad test date ") + iso);
    return *d;
}

// ---------------------------------------------------------------- Date::parse / iso

TEST(DateParse, RoundTrip) {
    for (const char* s : {"1970-01-01", "2000-02-29", "2024-02-29", "2025-12-31", "2026-01-01",
                          "2026-10-31", "1999-12-31", "2100-02-28", "0001-01-01", "9999-12-31"}) {
        const std::optional<Date> d = Date::parse(s);
        ASSERT_TRUE(d.has_value()) << s;
        EXPECT_EQ(d->iso(), s);
    }
}

TEST(DateParse, Components) {
    const Date d = D("2026-10-31");
    EXPECT_EQ(d.year(), 2026);
    EXPECT_EQ(d.month(), 10u);
    EXPECT_EQ(d.day(), 31u);
}

TEST(DateParse, EpochDays) {
    EXPECT_EQ(D("1970-01-01").days(), 0);
    EXPECT_EQ(D("1970-01-02").days(), 1);
    EXPECT_EQ(D("1969-12-31").days(), -1);
    EXPECT_EQ(D("2000-03-01").days(), 11017);
    EXPECT_EQ(Date::fromDays(11017).iso(), "2000-03-01");
    EXPECT_EQ(Date().iso(), "1970-01-01");
}

TEST(DateParse, InvalidDates) {
    for (const char* s : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
                          "2026-04-31", "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01",
                          "20260101", "", "garbage", "abcd-ef-gh", "2026-01-0a", "2026-01-01x",
                          "x2026-01-01", " 2026-01-01", "2026--1-01", "+026-01-01",
                          "2100-02-29", "1900-02-29"}) {
        EXPECT_FALSE(Date::parse(s).has_value()) << "accepted '" << s << "'";
    }
}

TEST(DateParse, AgreesWithChronoOnEveryMonthAndDayField) {
    // Every two-digit month and day, in leap and common years: parse accepts exactly the
    // days std::chrono calls ok(), and gives the same day number. Years on both sides of
    // the edges of parse's table of months (1900-2199) too.
    for (const int y : {1, 1899, 1900, 1970, 2000, 2023, 2024, 2100, 2199, 2200, 9999}) {
        for (unsigned m = 0; m < 100; ++m) {
            for (unsigned d = 0; d < 100; ++d) {
                char text[16];
                std::snprintf(text, sizeof text, "%04d-%02u-%02u", y, m, d);
                const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                                      std::chrono::day{d}};
                const std::optional<Date> parsed = Date::parse(text);
                ASSERT_EQ(parsed.has_value(), ymd.ok()) << text;
                if (parsed) {
                    EXPECT_EQ(parsed->days(), std::chrono::sys_days{ymd}.time_since_epoch().count()) << text;
                }
            }
        }
    }
}

TEST(DateParse, LeapYears) {
    EXPECT_TRUE(Date::parse("2024-02-29").has_value());
    EXPECT_TRUE(Date::parse("2000-02-29").has_value());  // divisible by 400
    EXPECT_FALSE(Date::parse("1900-02-29").has_value()); // divisible by 100 only
    EXPECT_FALSE(Date::parse("2026-02-29").has_value());
    EXPECT_FALSE(Date::parse("2024-02-30").has_value());
}

TEST(DateParse, TimestampSuffixIgnored) {
    const std::optional<Date> d = Date::parse("2026-10-31 00:00:00");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->iso(), "2026-10-31");
    const std::optional<Date> t = Date::parse("2026-10-31 23:59:59.123");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(*t, D("2026-10-31"));
    const std::optional<Date> iso = Date::parse("2026-10-31T08:00:00");
    ASSERT_TRUE(iso.has_value());
    EXPECT_EQ(*iso, D("2026-10-31"));
    // The date part is still validated.
    EXPECT_FALSE(Date::parse("2026-02-29 00:00:00").has_value());
}

TEST(DateFromYmd, ValidAndInvalid) {
    EXPECT_EQ(Date::fromYmd(2024, 2, 29).iso(), "2024-02-29");
    EXPECT_EQ(Date::fromYmd(2026, 12, 31), D("2026-12-31"));
    EXPECT_THROW(Date::fromYmd(2026, 2, 29), std::invalid_argument);
    EXPECT_THROW(Date::fromYmd(2026, 13, 1), std::invalid_argument);
    EXPECT_THROW(Date::fromYmd(2026, 0, 1), std::invalid_argument);
    EXPECT_THROW(Date::fromYmd(2026, 4, 31), std::invalid_argument);
}

// ---------------------------------------------------------------- arithmetic

TEST(DateArithmetic, AcrossMonthAndYearEnds) {
    EXPECT_EQ(D("2026-01-31").plusDays(1).iso(), "2026-02-01");
    EXPECT_EQ(D("2026-02-28").plusDays(1).iso(), "2026-03-01");
    EXPECT_EQ(D("2024-02-28").plusDays(1).iso(), "2024-02-29");
    EXPECT_EQ(D("2024-02-29").plusDays(1).iso(), "2024-03-01");
    EXPECT_EQ(D("2025-12-31").plusDays(1).iso(), "2026-01-01");
    EXPECT_EQ(D("2026-01-01").plusDays(-1).iso(), "2025-12-31");
    EXPECT_EQ(D("2026-03-01").plusDays(-1).iso(), "2026-02-28");
    EXPECT_EQ(D("2024-03-01").plusDays(-1).iso(), "2024-02-29");
    EXPECT_EQ(D("2026-03-31").plusDays(-89).iso(), "2026-01-01");
    EXPECT_EQ(D("2026-03-31").plusDays(-90).iso(), "2025-12-31");
    EXPECT_EQ(D("2026-01-15").plusDays(365).iso(), "2027-01-15");
    EXPECT_EQ(D("2026-01-15").plusDays(0), D("2026-01-15"));
}

TEST(DateArithmetic, Differences) {
    EXPECT_EQ(D("2026-03-01") - D("2026-02-01"), 28);
    EXPECT_EQ(D("2024-03-01") - D("2024-02-01"), 29);
    EXPECT_EQ(D("2025-01-01") - D("2024-01-01"), 366);
    EXPECT_EQ(D("2026-01-01") - D("2025-01-01"), 365);
    EXPECT_EQ(D("2026-01-01") - D("2025-12-31"), 1);
    EXPECT_EQ(D("2025-12-31") - D("2026-01-01"), -1);
    EXPECT_EQ(D("2026-10-31") - D("2026-10-31"), 0);
}

TEST(DateArithmetic, Ordering) {
    EXPECT_LT(D("2025-12-31"), D("2026-01-01"));
    EXPECT_GT(D("2026-02-01"), D("2026-01-31"));
    EXPECT_EQ(D("2026-05-05"), D("2026-05-05"));
    EXPECT_NE(D("2026-05-05"), D("2026-05-06"));
}

// ---------------------------------------------------------------- Month

TEST(MonthParse, ValidAndInvalid) {
    const std::optional<Month> m = Month::parse("2026-03");
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->year(), 2026);
    EXPECT_EQ(m->month(), 3u);
    EXPECT_EQ(m->iso(), "2026-03");
    EXPECT_EQ(Month::parse("2026-12")->iso(), "2026-12");
    EXPECT_EQ(Month::parse("2026-01")->iso(), "2026-01");
    for (const char* s : {"", "2026", "2026-13", "2026-00", "2026-3", "2026-003", "2026/03", "26-03",
                          "2026-03-01", "abcd-ef", "2026-0a", " 2026-03", "2026-03 "}) {
        EXPECT_FALSE(Month::parse(s).has_value()) << "accepted '" << s << "'";
    }
}

TEST(MonthCtor, RejectsOutOfRangeMonth) {
    EXPECT_THROW(Month(2026, 0), std::invalid_argument);
    EXPECT_THROW(Month(2026, 13), std::invalid_argument);
    EXPECT_NO_THROW(Month(2026, 12));
}

TEST(MonthBounds, FirstAndLast) {
    EXPECT_EQ(Month(2026, 1).first().iso(), "2026-01-01");
    EXPECT_EQ(Month(2026, 1).last().iso(), "2026-01-31");
    EXPECT_EQ(Month(2026, 2).first().iso(), "2026-02-01");
    EXPECT_EQ(Month(2026, 2).last().iso(), "2026-02-28");
    EXPECT_EQ(Month(2024, 2).last().iso(), "2024-02-29");
    EXPECT_EQ(Month(2000, 2).last().iso(), "2000-02-29");
    EXPECT_EQ(Month(1900, 2).last().iso(), "1900-02-28");
    EXPECT_EQ(Month(2026, 4).last().iso(), "2026-04-30");
    EXPECT_EQ(Month(2026, 12).last().iso(), "2026-12-31");
}

TEST(MonthOf, FromDate) {
    EXPECT_EQ(Month::of(D("2024-02-29")), Month(2024, 2));
    EXPECT_EQ(Month::of(D("2026-12-31")).iso(), "2026-12");
}

TEST(MonthPlusMonths, AcrossYearBoundaries) {
    EXPECT_EQ(Month(2026, 12).plusMonths(1).iso(), "2027-01");
    EXPECT_EQ(Month(2026, 1).plusMonths(-1).iso(), "2025-12");
    EXPECT_EQ(Month(2026, 1).plusMonths(-13).iso(), "2024-12");
    EXPECT_EQ(Month(2026, 1).plusMonths(-12).iso(), "2025-01");
    EXPECT_EQ(Month(2026, 11).plusMonths(2).iso(), "2027-01");
    EXPECT_EQ(Month(2026, 6).plusMonths(24).iso(), "2028-06");
    EXPECT_EQ(Month(2026, 6).plusMonths(-30).iso(), "2023-12");
    EXPECT_EQ(Month(2026, 6).plusMonths(0), Month(2026, 6));
    EXPECT_EQ(Month(2026, 3).plusMonths(-3).iso(), "2025-12");
    EXPECT_EQ(Month(2026, 3).plusMonths(-2).iso(), "2026-01");
    // Round trip over many offsets.
    for (int n = -40; n <= 40; ++n) EXPECT_EQ(Month(2026, 5).plusMonths(n).plusMonths(-n), Month(2026, 5)) << n;
}

TEST(MonthPlusMonths, BeforeYearZero) {
    // Floor division for negative month indexes (year 0 and earlier).
    EXPECT_EQ(Month(0, 1).plusMonths(-1), Month(-1, 12));
    EXPECT_EQ(Month(0, 1).plusMonths(-12), Month(-1, 1));
    EXPECT_EQ(Month(0, 1).plusMonths(-13), Month(-2, 12));
    EXPECT_EQ(Month(-1, 12).plusMonths(1), Month(0, 1));
}

TEST(MonthContains, Boundaries) {
    const Month feb = Month(2024, 2);
    EXPECT_TRUE(feb.contains(D("2024-02-01")));
    EXPECT_TRUE(feb.contains(D("2024-02-15")));
    EXPECT_TRUE(feb.contains(D("2024-02-29")));
    EXPECT_FALSE(feb.contains(D("2024-01-31")));
    EXPECT_FALSE(feb.contains(D("2024-03-01")));
    EXPECT_FALSE(feb.contains(D("2025-02-15")));
    const Month feb26 = Month(2026, 2);
    EXPECT_TRUE(feb26.contains(D("2026-02-28")));
    EXPECT_FALSE(feb26.contains(D("2026-03-01")));
}

TEST(MonthOrdering, Compare) {
    EXPECT_LT(Month(2025, 12), Month(2026, 1));
    EXPECT_LT(Month(2026, 1), Month(2026, 2));
    EXPECT_EQ(*Month::parse("2026-07"), Month(2026, 7));
}

}  // namespace
}  // namespace yewu
