#include <gtest/gtest.h>

#include "core/KpiCalculator.h"

namespace yewu {
namespace {

Date d(const char* iso) { return *Date::parse(iso); }

Salesperson person(Id id, std::string team, bool active = true) {
    Salesperson s;
    s.id = id;
    s.name = "p" + std::to_string(id);
    s.team = std::move(team);
    s.active = active;
    return s;
}

Customer customer(Id id, Id owner, const char* created = "2024-01-01") {
    Customer c;
    c.id = id;
    c.salespersonId = owner;
    c.createdOn = d(created);
    return c;
}

Order order(Id id, Id customerId, Id salesperson, const char* date, std::int64_t cents,
            OrderStatus status = OrderStatus::Confirmed) {
    Order o;
    o.id = id;
    o.customerId = customerId;
    o.salespersonId = salesperson;
    o.orderDate = d(date);
    o.amount = Money::fromCents(cents);
    o.status = status;
    return o;
}

Target target(Id s, const char* month, std::int64_t cents, std::int64_t visits = 0) {
    return Target{s, *Month::parse(month), Money::fromCents(cents), visits};
}

class KpiCalculatorTest : public ::testing::Test {
protected:
    KpiCalculator kpi{Month(2026, 10)};
    void SetUp() override {
        kpi.addSalesperson(person(2, "A"));
        kpi.addSalesperson(person(1, "A"));
        kpi.addSalesperson(person(3, "B", false));
        kpi.addCustomer(customer(10, 1));
        kpi.addCustomer(customer(11, 2));
    }
};

TEST(Ratio, NoneWhenTheDenominatorIsZero) {
    EXPECT_FALSE(ratioOf(5, 0));
    EXPECT_FALSE(growthOf(5, 0));
    EXPECT_DOUBLE_EQ(growthOf(0, 200)->value(), -1.0);
    EXPECT_EQ(*ratioOf(1, 3), (Ratio{2, 6}));
}

TEST_F(KpiCalculatorTest, SalesTargetsAndGrowth) {
    kpi.addTarget(target(1, "2026-10", 1000));
    kpi.addTarget(target(1, "2026-08", 500));
    kpi.addTarget(target(2, "2026-10", 0));  // a zero target is no target
    kpi.addOrder(order(1, 10, 1, "2026-10-01", 600));
    kpi.addOrder(order(2, 10, 1, "2026-10-31", 200));
    kpi.addOrder(order(3, 10, 1, "2026-11-01", 999));                        // after the month
    kpi.addOrder(order(4, 10, 1, "2026-10-15", 999, OrderStatus::Draft));    // not confirmed
    kpi.addOrder(order(5, 10, 1, "2025-10-15", 400));                        // last year
    kpi.addOrder(order(6, 10, 1, "2026-08-15", 100));
    kpi.finish();
    const KpiFigures& f = kpi.find(1)->figures;
    EXPECT_EQ(f.sales.cents(), 800);
    EXPECT_EQ(f.orders, 2);
    EXPECT_EQ(*f.attainment(), (Ratio{800, 1000}));
    EXPECT_FALSE(f.monthOnMonth());  // September had no sales
    EXPECT_EQ(*f.yearOnYear(), (Ratio{400, 400}));
    EXPECT_EQ(f.ytdSales.cents(), 900);
    EXPECT_EQ(*f.ytdAttainment(), (Ratio{900, 1500}));
    EXPECT_FALSE(kpi.find(2)->figures.attainment());
}

TEST_F(KpiCalculatorTest, FirstConfirmedOrderMakesTheNewCustomer) {
    kpi.addOrder(order(7, 11, 1, "2026-09-01", 100, OrderStatus::Cancelled));
    kpi.addOrder(order(9, 11, 2, "2026-10-05", 100));
    kpi.addOrder(order(8, 11, 1, "2026-10-05", 100));  // same day, smaller id: the first
    kpi.addOrder(order(1, 10, 2, "2026-09-30", 100));  // customer 10 started in September
    kpi.addOrder(order(2, 10, 1, "2026-10-02", 100));
    kpi.finish();
    EXPECT_EQ(kpi.find(1)->figures.newCustomers, 1);
    EXPECT_EQ(kpi.find(2)->figures.newCustomers, 0);
}

TEST_F(KpiCalculatorTest, CollectionRateOpenArAndDso) {
    Invoice inv;
    inv.id = 1;
    inv.customerId = 10;
    inv.salespersonId = 1;
    inv.invoiceDate = d("2026-08-10");
    inv.dueDate = d("2026-09-09");
    inv.amount = Money::fromCents(200000);
    kpi.addInvoice(inv, {Payment{1, 1, d("2026-09-01"), Money::fromCents(50000)},
                         Payment{2, 1, d("2026-10-10"), Money::fromCents(100000)},
                         Payment{3, 1, d("2026-11-10"), Money::fromCents(10000)}});
    Invoice issuedInMonth = inv;
    issuedInMonth.id = 2;
    issuedInMonth.invoiceDate = d("2026-10-01");
    issuedInMonth.dueDate = d("2026-10-31");  // due in the month, but not open at its start
    issuedInMonth.amount = Money::fromCents(30000);
    kpi.addInvoice(issuedInMonth, {Payment{4, 2, d("2026-10-20"), Money::fromCents(30000)}});
    kpi.finish();
    const KpiFigures& f = kpi.find(1)->figures;
    EXPECT_EQ(f.collected.cents(), 130000);
    EXPECT_EQ(f.dueInMonth.cents(), 150000);
    EXPECT_EQ(f.collectedDue.cents(), 100000);
    EXPECT_EQ(f.openAr.cents(), 50000);   // the November payment is not yet made at e
    EXPECT_EQ(f.overdue.cents(), 50000);
    EXPECT_EQ(f.invoiced90.cents(), 230000);  // 2026-08-10 is within e−89 = 2026-08-03
    EXPECT_EQ(*f.dso(), (Ratio{50000 * 90, 230000}));
}

TEST_F(KpiCalculatorTest, RankingSkipsLeaversTeamsCountThem) {
    kpi.addTarget(target(1, "2026-10", 1000));
    kpi.addTarget(target(3, "2026-10", 1000));
    kpi.addOrder(order(1, 10, 1, "2026-10-01", 500));
    kpi.addOrder(order(2, 11, 2, "2026-10-01", 9000));  // no target: ranked after 1
    kpi.addOrder(order(3, 11, 3, "2026-10-01", 2000));  // left: not ranked
    kpi.finish();
    const auto ranking = kpi.ranking();
    ASSERT_EQ(ranking.size(), 2u);
    EXPECT_EQ(ranking[0]->info.id, 1);
    EXPECT_EQ(ranking[1]->info.id, 2);
    ASSERT_EQ(kpi.teams().size(), 2u);
    EXPECT_EQ(kpi.teams()[0].name, "A");
    EXPECT_EQ(kpi.teams()[0].figures.sales.cents(), 9500);
    EXPECT_EQ(*kpi.teams()[0].figures.attainment(), (Ratio{500, 1000}));  // only members with a target
    EXPECT_EQ(kpi.teams()[1].figures.sales.cents(), 2000);
    EXPECT_TRUE(kpi.find(3)->hasData);
}

TEST_F(KpiCalculatorTest, VisitsAndCoverage) {
    kpi.addTarget(target(1, "2026-10", 0, 4));
    kpi.addVisit(Visit{1, 1, 10, d("2026-08-03"), "", ""});  // first day of the 90-day window
    kpi.addVisit(Visit{2, 1, 10, d("2026-10-03"), "", ""});
    kpi.addVisit(Visit{3, 2, 11, d("2026-08-02"), "", ""});  // one day too early
    kpi.finish();
    EXPECT_EQ(kpi.find(1)->figures.visits, 1);
    EXPECT_EQ(*kpi.find(1)->figures.visitAttainment(), (Ratio{1, 4}));
    EXPECT_EQ(kpi.find(1)->customersNotVisited, 0);
    EXPECT_EQ(kpi.find(2)->customersNotVisited, 1);
    EXPECT_EQ(kpi.find(2)->customers, 1);
}

}  // namespace
}  // namespace yewu

namespace yewu {
namespace {

TEST(KpiCalculatorSparseIds, CustomersFarApartStillCount) {
    // Ids too far apart for the dense table: the hash map serves the lookups.
    KpiCalculator kpi{Month(2026, 10)};
    kpi.addSalesperson(person(1, "A"));
    kpi.addCustomer(customer(7, 1));
    kpi.addCustomer(customer(1000000000000, 1));
    kpi.addOrder(order(1, 1000000000000, 1, "2026-10-02", 100));
    kpi.addOrder(order(2, 7, 1, "2026-10-03", 100));
    kpi.addOrder(order(3, 8, 1, "2026-10-03", 100));  // unknown customer: sales count, no new customer
    kpi.addVisit(Visit{1, 1, 1000000000000, d("2026-10-05"), "", ""});
    EXPECT_THROW(kpi.addCustomer(customer(9, 1)), std::logic_error);
    kpi.finish();
    EXPECT_EQ(kpi.find(1)->figures.newCustomers, 2);
    EXPECT_EQ(kpi.find(1)->figures.sales.cents(), 300);
    EXPECT_EQ(kpi.find(1)->customers, 2);
    EXPECT_EQ(kpi.find(1)->customersNotVisited, 1);
}

}  // namespace
}  // namespace yewu
