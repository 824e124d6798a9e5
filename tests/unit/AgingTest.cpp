// Unit tests for yewu::AgingBuckets and yewu::ReceivablesAging (DESIGN.md "Definitions":
// open(inv, d), overdue, aging buckets and DSO).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/Aging.h"
#include "core/ReceivablesAging.h"

namespace yewu {
namespace {

Date D(const char* iso) {
    const std::optional<Date> d = Date::parse(iso);
    if (!d) throw std::invalid_argument(std::string("bad test date ") + iso);
    return *d;
}

Money M(std::int64_t cents) { return Money::fromCents(cents); }

std::vector<std::int64_t> Cents(const std::vector<Money>& v) {
    std::vector<std::int64_t> out;
    for (Money m : v) out.push_back(m.cents());
    return out;
}

// ================================================================ AgingBuckets

TEST(AgingBuckets, DefaultBounds) {
    const AgingBuckets b;
    EXPECT_EQ(b.upperBounds(), (std::vector<int>{0, 30, 60, 90, 180}));
    EXPECT_EQ(b.count(), 6u);
}

TEST(AgingBuckets, BoundariesOfDefaultBuckets) {
    const AgingBuckets b;
    struct Case { int days; std::size_t bucket; };
    const Case cases[] = {
        {-365, 0}, {-1, 0}, {0, 0},          // current
        {1, 1}, {2, 1}, {29, 1}, {30, 1},    // 1-30
        {31, 2}, {45, 2}, {60, 2},           // 31-60
        {61, 3}, {90, 3},                    // 61-90
        {91, 4}, {179, 4}, {180, 4},         // 91-180
        {181, 5}, {365, 5}, {100000, 5},     // >180
    };
    for (const Case& c : cases) EXPECT_EQ(b.indexFor(c.days), c.bucket) << "days past due " << c.days;
}

TEST(AgingBuckets, IsOverdue) {
    const AgingBuckets b;
    EXPECT_FALSE(b.isOverdue(0));
    for (std::size_t i = 1; i < b.count(); ++i) EXPECT_TRUE(b.isOverdue(i)) << i;
}

TEST(AgingBuckets, RangeLabels) {
    const AgingBuckets b;
    EXPECT_EQ(b.rangeLabel(0), "");
    EXPECT_EQ(b.rangeLabel(1), "1-30");
    EXPECT_EQ(b.rangeLabel(2), "31-60");
    EXPECT_EQ(b.rangeLabel(3), "61-90");
    EXPECT_EQ(b.rangeLabel(4), "91-180");
    EXPECT_EQ(b.rangeLabel(5), ">180");
}

TEST(AgingBuckets, ParseDefaultConfig) {
    const AgingBuckets b = AgingBuckets::parse("0,30,60,90,180");
    EXPECT_EQ(b.upperBounds(), (std::vector<int>{0, 30, 60, 90, 180}));
    EXPECT_EQ(b.count(), 6u);
    EXPECT_EQ(b.rangeLabel(5), ">180");
}

TEST(AgingBuckets, ParseToleratesSpaces) {
    const AgingBuckets b = AgingBuckets::parse(" 0, 30 ,60 ");
    EXPECT_EQ(b.upperBounds(), (std::vector<int>{0, 30, 60}));
}

TEST(AgingBuckets, CustomBounds) {
    const AgingBuckets b = AgingBuckets::parse("0,7,45");
    EXPECT_EQ(b.count(), 4u);
    EXPECT_EQ(b.indexFor(0), 0u);
    EXPECT_EQ(b.indexFor(1), 1u);
    EXPECT_EQ(b.indexFor(7), 1u);
    EXPECT_EQ(b.indexFor(8), 2u);
    EXPECT_EQ(b.indexFor(45), 2u);
    EXPECT_EQ(b.indexFor(46), 3u);
    EXPECT_EQ(b.rangeLabel(1), "1-7");
    EXPECT_EQ(b.rangeLabel(2), "8-45");
    EXPECT_EQ(b.rangeLabel(3), ">45");

    const AgingBuckets only(std::vector<int>{0});
    EXPECT_EQ(only.count(), 2u);
    EXPECT_EQ(only.indexFor(0), 0u);
    EXPECT_EQ(only.indexFor(1), 1u);
    EXPECT_EQ(only.rangeLabel(1), ">0");
}

TEST(AgingBuckets, RejectsBadConfigs) {
    for (const char* s : {"", "30,60", "0,30,30", "0,x", "0,30,", ",0,30", "0,,30", "0,60,30", "0;30",
                          "0,-30", "-1,0", "0,1234567", " ", "0,3 0", "0,30.5"}) {
        EXPECT_THROW(AgingBuckets::parse(s), std::invalid_argument) << "accepted '" << s << "'";
    }
}

TEST(AgingBuckets, ConstructorRejectsBadBounds) {
    EXPECT_THROW(AgingBuckets(std::vector<int>{}), std::invalid_argument);
    EXPECT_THROW(AgingBuckets(std::vector<int>{5, 10}), std::invalid_argument);
    EXPECT_THROW(AgingBuckets(std::vector<int>{0, 0}), std::invalid_argument);
    EXPECT_THROW(AgingBuckets(std::vector<int>{0, 30, 20}), std::invalid_argument);
    EXPECT_NO_THROW(AgingBuckets(std::vector<int>{0, 1, 2}));
}

TEST(Aging, DaysPastDue) {
    EXPECT_EQ(daysPastDue(D("2026-03-31"), D("2026-03-31")), 0);
    EXPECT_EQ(daysPastDue(D("2026-03-31"), D("2026-03-30")), 1);
    EXPECT_EQ(daysPastDue(D("2026-03-31"), D("2026-04-10")), -10);
    EXPECT_EQ(daysPastDue(D("2026-03-01"), D("2026-02-01")), 28);
    EXPECT_EQ(daysPastDue(D("2026-01-01"), D("2025-12-31")), 1);
}

// ================================================================ ReceivablesAging

const char* const kAsOf = "2026-03-31";  // DSO window: 2026-01-01 .. 2026-03-31

Invoice Inv(Id id, Id customer, Id salesperson, const char* invoiceDate, const char* dueDate, std::int64_t cents) {
    Invoice inv;
    inv.id = id;
    inv.invoiceNo = "INV" + std::to_string(id);
    inv.customerId = customer;
    inv.salespersonId = salesperson;
    inv.invoiceDate = D(invoiceDate);
    inv.dueDate = D(dueDate);
    inv.amount = M(cents);
    return inv;
}

TEST(ReceivablesAgingEvaluate, NotYetIssuedIsNotOpen) {
    const ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    EXPECT_FALSE(ra.evaluate(Inv(1, 1, 1, "2026-04-01", "2026-05-01", 10000), M(0)).has_value());
}

TEST(ReceivablesAgingEvaluate, IssuedOnAsOfDateIsOpen) {
    const ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    const auto item = ra.evaluate(Inv(1, 1, 1, "2026-03-31", "2026-04-30", 10000), M(0));
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ(item->open.cents(), 10000);
    EXPECT_EQ(item->paid.cents(), 0);
    EXPECT_EQ(item->daysPastDue, -30);
    EXPECT_EQ(item->bucket, 0u);
}

TEST(ReceivablesAgingEvaluate, FullyPaidIsNotOpen) {
    const ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    EXPECT_FALSE(ra.evaluate(Inv(1, 1, 1, "2026-01-10", "2026-02-10", 10000), M(10000)).has_value());
}

TEST(ReceivablesAgingEvaluate, OverpaidIsNotOpen) {
    const ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    EXPECT_FALSE(ra.evaluate(Inv(1, 1, 1, "2026-01-10", "2026-02-10", 10000), M(10001)).has_value());
}

TEST(ReceivablesAgingEvaluate, PartiallyPaidLeavesOpenAmount) {
    const ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    const auto item = ra.evaluate(Inv(1, 1, 1, "2026-01-10", "2026-03-01", 10000), M(2500));
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ(item->paid.cents(), 2500);
    EXPECT_EQ(item->open.cents(), 7500);
    EXPECT_EQ(item->daysPastDue, 30);  // 2026-03-31 - 2026-03-01
    EXPECT_EQ(item->bucket, 1u);
    // One cent short of fully paid is still open.
    const auto cent = ra.evaluate(Inv(2, 1, 1, "2026-01-10", "2026-03-01", 10000), M(9999));
    ASSERT_TRUE(cent.has_value());
    EXPECT_EQ(cent->open.cents(), 1);
}

TEST(ReceivablesAgingEvaluate, DaysPastDueIsAsOfMinusDueDate) {
    const ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    struct Case { const char* due; int days; std::size_t bucket; };
    const Case cases[] = {
        {"2026-04-10", -10, 0}, {"2026-03-31", 0, 0},  {"2026-03-30", 1, 1},   {"2026-03-01", 30, 1},
        {"2026-02-28", 31, 2},  {"2026-01-30", 60, 2}, {"2026-01-29", 61, 3},  {"2025-12-31", 90, 3},
        {"2025-12-30", 91, 4},  {"2025-10-02", 180, 4}, {"2025-10-01", 181, 5}, {"2024-01-31", 790, 5},
    };
    for (const Case& c : cases) {
        const auto item = ra.evaluate(Inv(1, 1, 1, "2023-01-01", c.due, 500), M(0));
        ASSERT_TRUE(item.has_value()) << c.due;
        EXPECT_EQ(item->daysPastDue, c.days) << c.due;
        EXPECT_EQ(item->bucket, c.bucket) << c.due;
    }
}

// A mixed book as of 2026-03-31 (DSO window 2026-01-01 .. 2026-03-31):
//  id cust sp  invoice     due         amount paid   -> dpd  bucket  window
//  1  1    10  2026-03-31  2026-03-31  10000  0         0    0       in
//  2  1    10  2026-01-01  2026-03-30  20000  5000      1    1       in (as-of - 89)
//  3  2    10  2025-12-31  2025-12-31  30000  0        90    3       out (as-of - 90)
//  4  2    20  2025-10-01  2025-12-30  40000  0        91    4       out
//  5  3    20  2026-02-15  2026-03-15  50000  50000  (paid)          in
//  6  4    20  2025-01-01  2025-01-31  60000  60000  (paid)          out -> no rows at all
//  7  3    20  2026-04-01  2026-05-01  70000  0      (not issued)    out
//  8  1    20  2024-01-01  2024-01-31   8000  1000    790    5       out
class ReceivablesAgingBook : public ::testing::Test {
protected:
    void SetUp() override {
        feed(Inv(1, 1, 10, "2026-03-31", "2026-03-31", 10000), 0);
        feed(Inv(2, 1, 10, "2026-01-01", "2026-03-30", 20000), 5000);
        feed(Inv(3, 2, 10, "2025-12-31", "2025-12-31", 30000), 0);
        feed(Inv(4, 2, 20, "2025-10-01", "2025-12-30", 40000), 0);
        feed(Inv(5, 3, 20, "2026-02-15", "2026-03-15", 50000), 50000);
        feed(Inv(6, 4, 20, "2025-01-01", "2025-01-31", 60000), 60000);
        feed(Inv(7, 3, 20, "2026-04-01", "2026-05-01", 70000), 0);
        feed(Inv(8, 1, 20, "2024-01-01", "2024-01-31", 8000), 1000);
    }
    void feed(const Invoice& inv, std::int64_t paid) { ra.add(inv, ra.evaluate(inv, M(paid))); }

    ReceivablesAging ra{AgingBuckets(), D(kAsOf)};
};

TEST_F(ReceivablesAgingBook, Total) {
    const AgingTotals& t = ra.total();
    EXPECT_EQ(Cents(t.buckets), (std::vector<std::int64_t>{10000, 15000, 0, 30000, 40000, 7000}));
    EXPECT_EQ(t.invoices, (std::vector<std::int64_t>{1, 1, 0, 1, 1, 1}));
    EXPECT_EQ(t.invoiceCount(), 5);
    EXPECT_EQ(t.total.cents(), 102000);
    EXPECT_EQ(t.overdue.cents(), 92000);
    EXPECT_EQ(t.over90.cents(), 47000);
    EXPECT_EQ(t.maxDaysPastDue, 790);
    EXPECT_EQ(t.invoicedLast90.cents(), 80000);  // invoices 1, 2, 5
    ASSERT_TRUE(t.dso().has_value());
    EXPECT_DOUBLE_EQ(*t.dso(), 102000.0 / 80000.0 * 90.0);  // 114.75
}

TEST_F(ReceivablesAgingBook, ByCustomer) {
    const auto& rows = ra.byCustomer();
    ASSERT_EQ(rows.size(), 3u);  // customer 4 has nothing open and nothing in the window
    EXPECT_EQ(rows.count(4), 0u);

    const AgingTotals& c1 = rows.at(1);
    EXPECT_EQ(Cents(c1.buckets), (std::vector<std::int64_t>{10000, 15000, 0, 0, 0, 7000}));
    EXPECT_EQ(c1.invoices, (std::vector<std::int64_t>{1, 1, 0, 0, 0, 1}));
    EXPECT_EQ(c1.total.cents(), 32000);
    EXPECT_EQ(c1.overdue.cents(), 22000);  // invoice 1 is due on the as-of date: not overdue
    EXPECT_EQ(c1.over90.cents(), 7000);
    EXPECT_EQ(c1.maxDaysPastDue, 790);
    EXPECT_EQ(c1.invoicedLast90.cents(), 30000);
    ASSERT_TRUE(c1.dso().has_value());
    EXPECT_DOUBLE_EQ(*c1.dso(), 96.0);

    const AgingTotals& c2 = rows.at(2);
    EXPECT_EQ(Cents(c2.buckets), (std::vector<std::int64_t>{0, 0, 0, 30000, 40000, 0}));
    EXPECT_EQ(c2.total.cents(), 70000);
    EXPECT_EQ(c2.overdue.cents(), 70000);
    EXPECT_EQ(c2.over90.cents(), 40000);  // 90 days is not "over 90"
    EXPECT_EQ(c2.maxDaysPastDue, 91);
    EXPECT_EQ(c2.invoicedLast90.cents(), 0);  // invoice 3 is dated as-of - 90: outside
    EXPECT_FALSE(c2.dso().has_value());

    const AgingTotals& c3 = rows.at(3);  // only the paid invoice 5 (invoice 7 not yet issued)
    EXPECT_EQ(Cents(c3.buckets), (std::vector<std::int64_t>{0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(c3.invoiceCount(), 0);
    EXPECT_EQ(c3.total.cents(), 0);
    EXPECT_EQ(c3.overdue.cents(), 0);
    EXPECT_EQ(c3.maxDaysPastDue, 0);
    EXPECT_EQ(c3.invoicedLast90.cents(), 50000);
    ASSERT_TRUE(c3.dso().has_value());
    EXPECT_DOUBLE_EQ(*c3.dso(), 0.0);
}

TEST_F(ReceivablesAgingBook, BySalesperson) {
    const auto& rows = ra.bySalesperson();
    ASSERT_EQ(rows.size(), 2u);

    const AgingTotals& s10 = rows.at(10);
    EXPECT_EQ(Cents(s10.buckets), (std::vector<std::int64_t>{10000, 15000, 0, 30000, 0, 0}));
    EXPECT_EQ(s10.total.cents(), 55000);
    EXPECT_EQ(s10.overdue.cents(), 45000);
    EXPECT_EQ(s10.over90.cents(), 0);
    EXPECT_EQ(s10.maxDaysPastDue, 90);
    EXPECT_EQ(s10.invoicedLast90.cents(), 30000);
    ASSERT_TRUE(s10.dso().has_value());
    EXPECT_DOUBLE_EQ(*s10.dso(), 165.0);

    const AgingTotals& s20 = rows.at(20);
    EXPECT_EQ(Cents(s20.buckets), (std::vector<std::int64_t>{0, 0, 0, 0, 40000, 7000}));
    EXPECT_EQ(s20.invoices, (std::vector<std::int64_t>{0, 0, 0, 0, 1, 1}));
    EXPECT_EQ(s20.total.cents(), 47000);
    EXPECT_EQ(s20.overdue.cents(), 47000);
    EXPECT_EQ(s20.over90.cents(), 47000);
    EXPECT_EQ(s20.maxDaysPastDue, 790);
    EXPECT_EQ(s20.invoicedLast90.cents(), 50000);
    ASSERT_TRUE(s20.dso().has_value());
    EXPECT_DOUBLE_EQ(*s20.dso(), 47000.0 / 50000.0 * 90.0);  // 84.6
}

TEST_F(ReceivablesAgingBook, CustomersWithOverdue) { EXPECT_EQ(ra.customersWithOverdue(), 2); }

TEST_F(ReceivablesAgingBook, RowsSumToTotal) {
    std::int64_t byCustomer = 0, bySalesperson = 0;
    for (const auto& [id, t] : ra.byCustomer()) byCustomer += t.total.cents();
    for (const auto& [id, t] : ra.bySalesperson()) bySalesperson += t.total.cents();
    EXPECT_EQ(byCustomer, ra.total().total.cents());
    EXPECT_EQ(bySalesperson, ra.total().total.cents());
}

TEST(ReceivablesAgingAdd, DueOnAsOfDateIsNotOverdue) {
    ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    const Invoice inv = Inv(1, 7, 70, "2026-03-01", kAsOf, 12345);
    ra.add(inv, ra.evaluate(inv, M(0)));
    const AgingTotals& t = ra.total();
    EXPECT_EQ(t.total.cents(), 12345);
    EXPECT_EQ(t.overdue.cents(), 0);
    EXPECT_EQ(t.maxDaysPastDue, 0);
    EXPECT_EQ(Cents(t.buckets), (std::vector<std::int64_t>{12345, 0, 0, 0, 0, 0}));
    EXPECT_EQ(ra.customersWithOverdue(), 0);
    EXPECT_EQ(ra.byCustomer().at(7).overdue.cents(), 0);
}

TEST(ReceivablesAgingAdd, DueTheDayBeforeAsOfIsOverdue) {
    ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    const Invoice inv = Inv(1, 7, 70, "2026-03-01", "2026-03-30", 12345);
    ra.add(inv, ra.evaluate(inv, M(0)));
    EXPECT_EQ(ra.total().overdue.cents(), 12345);
    EXPECT_EQ(ra.total().maxDaysPastDue, 1);
    EXPECT_EQ(ra.customersWithOverdue(), 1);
}

TEST(ReceivablesAgingAdd, Over90IsStrictlyMoreThan90Days) {
    ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    const Invoice at90 = Inv(1, 1, 1, "2025-11-01", "2025-12-31", 100);  // 90 days
    const Invoice at91 = Inv(2, 1, 1, "2025-11-01", "2025-12-30", 200);  // 91 days
    ra.add(at90, ra.evaluate(at90, M(0)));
    EXPECT_EQ(ra.total().over90.cents(), 0);
    ra.add(at91, ra.evaluate(at91, M(0)));
    EXPECT_EQ(ra.total().over90.cents(), 200);
    EXPECT_EQ(ra.total().overdue.cents(), 300);
    EXPECT_EQ(ra.total().maxDaysPastDue, 91);
}

TEST(ReceivablesAgingAdd, MaxDaysPastDueIsZeroWhenNothingOverdue) {
    ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    const Invoice inv = Inv(1, 1, 1, "2026-03-20", "2026-04-20", 100);
    ra.add(inv, ra.evaluate(inv, M(0)));
    EXPECT_EQ(ra.total().maxDaysPastDue, 0);
    EXPECT_EQ(ra.total().total.cents(), 100);
}

TEST(ReceivablesAgingDso, WindowIsAsOfMinus89ThroughAsOf) {
    ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    // All fully paid, so only the DSO window amount moves.
    const Invoice before = Inv(1, 1, 1, "2025-12-31", "2026-01-31", 1000);  // as-of - 90: outside
    const Invoice first = Inv(2, 1, 1, "2026-01-01", "2026-01-31", 2000);   // as-of - 89: inside
    const Invoice last = Inv(3, 1, 1, "2026-03-31", "2026-04-30", 4000);    // as-of: inside
    const Invoice after = Inv(4, 1, 1, "2026-04-01", "2026-04-30", 8000);   // as-of + 1: outside
    ra.add(before, ra.evaluate(before, before.amount));
    EXPECT_EQ(ra.total().invoicedLast90.cents(), 0);
    EXPECT_FALSE(ra.total().dso().has_value());
    ra.add(first, ra.evaluate(first, first.amount));
    EXPECT_EQ(ra.total().invoicedLast90.cents(), 2000);
    ra.add(last, ra.evaluate(last, last.amount));
    EXPECT_EQ(ra.total().invoicedLast90.cents(), 6000);
    ra.add(after, ra.evaluate(after, M(0)));
    EXPECT_EQ(ra.total().invoicedLast90.cents(), 6000);
    ASSERT_TRUE(ra.total().dso().has_value());
    EXPECT_DOUBLE_EQ(*ra.total().dso(), 0.0);
    EXPECT_EQ(ra.total().total.cents(), 0);
}

TEST(ReceivablesAgingDso, NoneWhenNothingInvoicedInWindow) {
    ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    const Invoice old = Inv(1, 1, 1, "2025-06-01", "2025-07-01", 5000);
    ra.add(old, ra.evaluate(old, M(0)));
    EXPECT_EQ(ra.total().total.cents(), 5000);
    EXPECT_EQ(ra.total().invoicedLast90.cents(), 0);
    EXPECT_FALSE(ra.total().dso().has_value());
    EXPECT_FALSE(ra.byCustomer().at(1).dso().has_value());
    EXPECT_FALSE(AgingTotals(6).dso().has_value());
}

TEST(ReceivablesAgingDso, Value) {
    ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    const Invoice a = Inv(1, 1, 1, "2026-02-01", "2026-03-01", 30000);
    const Invoice b = Inv(2, 1, 1, "2026-03-01", "2026-04-01", 60000);
    ra.add(a, ra.evaluate(a, M(0)));
    ra.add(b, ra.evaluate(b, M(45000)));
    // open 30000 + 15000 = 45000; invoiced 90000 -> 45000 / 90000 * 90 = 45 days
    EXPECT_EQ(ra.total().total.cents(), 45000);
    EXPECT_EQ(ra.total().invoicedLast90.cents(), 90000);
    ASSERT_TRUE(ra.total().dso().has_value());
    EXPECT_DOUBLE_EQ(*ra.total().dso(), 45.0);
}

TEST(ReceivablesAgingAdd, NothingOpenAndOutsideWindowCreatesNoRows) {
    ReceivablesAging ra(AgingBuckets(), D(kAsOf));
    const Invoice paid = Inv(1, 5, 50, "2025-01-01", "2025-02-01", 1000);
    ra.add(paid, ra.evaluate(paid, M(1000)));
    EXPECT_TRUE(ra.byCustomer().empty());
    EXPECT_TRUE(ra.bySalesperson().empty());
    EXPECT_EQ(ra.total().invoiceCount(), 0);
    EXPECT_EQ(ra.customersWithOverdue(), 0);
}

TEST(ReceivablesAgingAdd, CustomBucketsSizeTheRows) {
    ReceivablesAging ra(AgingBuckets::parse("0,7,45"), D(kAsOf));
    EXPECT_EQ(ra.asOf(), D(kAsOf));
    EXPECT_EQ(ra.buckets().count(), 4u);
    const Invoice a = Inv(1, 1, 1, "2026-01-01", "2026-03-24", 100);  // 7 days
    const Invoice b = Inv(2, 1, 1, "2026-01-01", "2026-03-23", 200);  // 8 days
    const Invoice c = Inv(3, 2, 1, "2026-01-01", "2026-02-14", 400);  // 45 days
    const Invoice d = Inv(4, 2, 1, "2026-01-01", "2026-02-13", 800);  // 46 days
    for (const Invoice* inv : {&a, &b, &c, &d}) ra.add(*inv, ra.evaluate(*inv, M(0)));
    EXPECT_EQ(Cents(ra.total().buckets), (std::vector<std::int64_t>{0, 100, 600, 800}));
    EXPECT_EQ(ra.total().invoices, (std::vector<std::int64_t>{0, 1, 2, 1}));
    EXPECT_EQ(ra.byCustomer().at(1).buckets.size(), 4u);
    EXPECT_EQ(Cents(ra.byCustomer().at(2).buckets), (std::vector<std::int64_t>{0, 0, 400, 800}));
    EXPECT_EQ(ra.customersWithOverdue(), 2);
}

}  // namespace
}  // namespace yewu
