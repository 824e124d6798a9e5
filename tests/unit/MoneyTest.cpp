// Unit tests for yewu::Money: formatting, parsing and their round trip.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/Money.h"

namespace yewu {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

Money M(std::int64_t cents) { return Money::fromCents(cents); }

// ---------------------------------------------------------------- format

TEST(MoneyFormat, Zero) { EXPECT_EQ(M(0).format(), "¥0.00"); }

TEST(MoneyFormat, SmallAmounts) {
    EXPECT_EQ(M(5).format(), "¥0.05");
    EXPECT_EQ(M(50).format(), "¥0.50");
    EXPECT_EQ(M(99).format(), "¥0.99");
    EXPECT_EQ(M(100).format(), "¥1.00");
    EXPECT_EQ(M(-5).format(), "-¥0.05");
}

TEST(MoneyFormat, Grouping) {
    EXPECT_EQ(M(99999).format(), "¥999.99");
    EXPECT_EQ(M(100000).format(), "¥1,000.00");
    EXPECT_EQ(M(123456).format(), "¥1,234.56");
    EXPECT_EQ(M(12345678).format(), "¥123,456.78");
    EXPECT_EQ(M(100000000).format(), "¥1,000,000.00");
    EXPECT_EQ(M(123456789).format(), "¥1,234,567.89");
    EXPECT_EQ(M(1234567890).format(), "¥12,345,678.90");
}

TEST(MoneyFormat, Negative) {
    EXPECT_EQ(M(-1200).format(), "-¥12.00");
    EXPECT_EQ(M(-123456789).format(), "-¥1,234,567.89");
    EXPECT_EQ(M(-100000).format(), "-¥1,000.00");
}

TEST(MoneyFormat, WithoutSign) {
    EXPECT_EQ(M(0).format(false), "0.00");
    EXPECT_EQ(M(5).format(false), "0.05");
    EXPECT_EQ(M(123456789).format(false), "1,234,567.89");
    EXPECT_EQ(M(100000).format(false), "1,000.00");
    // The minus stays; only the currency sign goes.
    EXPECT_EQ(M(-1200).format(false), "-12.00");
}

TEST(MoneyFormat, Int64Extremes) {
    EXPECT_EQ(M(kMax).format(), "¥92,233,720,368,547,758.07");
    EXPECT_EQ(M(kMin).format(), "-¥92,233,720,368,547,758.08");
    EXPECT_EQ(M(kMin + 1).format(), "-¥92,233,720,368,547,758.07");
    EXPECT_EQ(M(kMax).format(false), "92,233,720,368,547,758.07");
    EXPECT_EQ(M(kMin).format(false), "-92,233,720,368,547,758.08");
}

// ---------------------------------------------------------------- parse: accepted

void ExpectParses(const char* text, std::int64_t cents) {
    const std::optional<Money> m = Money::parse(text);
    ASSERT_TRUE(m.has_value()) << "rejected: '" << text << "'";
    EXPECT_EQ(m->cents(), cents) << "for '" << text << "'";
}

TEST(MoneyParse, PlainForms) {
    ExpectParses("1234.5", 123450);
    ExpectParses("1234.56", 123456);
    ExpectParses("1234", 123400);
    ExpectParses("-12", -1200);
    ExpectParses("0", 0);
    ExpectParses("0.05", 5);
    ExpectParses("0.5", 50);
    ExpectParses("1,234.56", 123456);
    ExpectParses("1,234", 123400);
    ExpectParses("12,345,678.9", 1234567890);
}

TEST(MoneyParse, FormattedForms) {
    ExpectParses("¥1,234,567.89", 123456789);
    ExpectParses("-¥12.00", -1200);
    ExpectParses("¥0.00", 0);
    ExpectParses("¥0.05", 5);
    ExpectParses("¥1,000.00", 100000);
    ExpectParses("-1,234,567.89", -123456789);
}

TEST(MoneyParse, Int64MaxIsAccepted) {
    ExpectParses("¥92,233,720,368,547,758.07", kMax);
    ExpectParses("92233720368547758.07", kMax);
}

// ---------------------------------------------------------------- parse: rejected

void ExpectRejected(const char* text) {
    const std::optional<Money> m = Money::parse(text);
    EXPECT_FALSE(m.has_value()) << "accepted '" << text << "' as " << m->cents() << " cents";
}

TEST(MoneyParse, RejectsMalformed) {
    ExpectRejected("");
    ExpectRejected("abc");
    ExpectRejected("1.234");      // three decimals
    ExpectRejected("1,23");       // short group
    ExpectRejected("12,3456.00"); // long group
    ExpectRejected("1..2");
    ExpectRejected("¥");
    ExpectRejected("-");
    ExpectRejected("-¥");
    ExpectRejected("--1");
    ExpectRejected("1.");
    ExpectRejected(".5");
    ExpectRejected(",123");
    ExpectRejected("1234,567");   // first group longer than 3
    ExpectRejected("1,234,");
    ExpectRejected("1,,234");
    ExpectRejected("12a");
    ExpectRejected("1.2a");
    ExpectRejected("¥-12.00");    // sign must come before ¥
    ExpectRejected("12¥");
    ExpectRejected(" 12");
    ExpectRejected("12 ");
}

TEST(MoneyParse, RejectsOverflowOfWholePart) {
    // One more than the largest whole-yuan part that fits.
    ExpectRejected("92233720368547759");
    ExpectRejected("92,233,720,368,547,759.00");
    ExpectRejected("-92233720368547759");
    ExpectRejected("99999999999999999999999999");
}

TEST(MoneyParse, RejectsOverflowInCents) {
    // The whole part fits, but whole*100 + fraction exceeds INT64_MAX.
    ExpectRejected("92233720368547758.08");
    ExpectRejected("¥92,233,720,368,547,758.99");
}

TEST(MoneyParse, Int64MinFormatRoundTrips) {
    // parse() accepts exactly what format() writes, including INT64_MIN.
    ExpectParses("-¥92,233,720,368,547,758.08", kMin);
}

// ---------------------------------------------------------------- round trip

void ExpectRoundTrip(std::int64_t cents) {
    const Money m = M(cents);
    const std::optional<Money> withSign = Money::parse(m.format());
    ASSERT_TRUE(withSign.has_value()) << m.format();
    EXPECT_EQ(withSign->cents(), cents) << m.format();
    const std::optional<Money> noSign = Money::parse(m.format(false));
    ASSERT_TRUE(noSign.has_value()) << m.format(false);
    EXPECT_EQ(noSign->cents(), cents) << m.format(false);
}

TEST(MoneyRoundTrip, SelectedValues) {
    const std::vector<std::int64_t> values = {
        0, 1, 5, 9, 10, 99, 100, 101, 999, 1000, 9999, 10000, 99999, 100000, 100001,
        123456, 999999, 1000000, 123456789, 100000000, 999999999999, 1000000000000,
        kMax, kMax - 1, kMin + 1, -1, -5, -99, -100, -1200, -100000, -123456789,
    };
    for (std::int64_t v : values) ExpectRoundTrip(v);
}

TEST(MoneyRoundTrip, DenseRange) {
    for (std::int64_t v = -200000; v <= 200000; ++v) {
        const Money m = M(v);
        const std::optional<Money> p = Money::parse(m.format());
        ASSERT_TRUE(p.has_value()) << m.format();
        ASSERT_EQ(p->cents(), v) << m.format();
    }
}

TEST(MoneyRoundTrip, PowersAndNeighbours) {
    std::int64_t p = 1;
    for (int i = 0; i < 18; ++i, p *= 10) {
        for (std::int64_t v : {p - 1, p, p + 1, -p + 1, -p, -p - 1}) ExpectRoundTrip(v);
    }
}

// ---------------------------------------------------------------- arithmetic

TEST(MoneyArithmetic, Basics) {
    EXPECT_EQ((M(150) + M(250)).cents(), 400);
    EXPECT_EQ((M(150) - M(250)).cents(), -100);
    EXPECT_EQ((-M(150)).cents(), -150);
    Money a = M(100);
    a += M(5);
    EXPECT_EQ(a.cents(), 105);
    a -= M(10);
    EXPECT_EQ(a.cents(), 95);
    EXPECT_LT(M(1), M(2));
    EXPECT_EQ(M(7), M(7));
    EXPECT_TRUE(M(0).isZero());
    EXPECT_TRUE(M(1).isPositive());
    EXPECT_TRUE(M(-1).isNegative());
    EXPECT_FALSE(M(0).isPositive());
    EXPECT_FALSE(M(0).isNegative());
    EXPECT_EQ(Money().cents(), 0);
}

}  // namespace
}  // namespace yewu
