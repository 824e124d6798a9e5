// KpiCalculator: the monthly sales KPIs of DESIGN.md "Definitions", per
// salesperson and per team, aggregated from rows fed one at a time.
//
// Memory is bounded by salespeople × 24 months and by customers, never by the
// number of orders, visits, invoices or payments: each row updates a
// per-salesperson monthly accumulator or a per-customer state and is dropped.
//
// Feed order: every salesperson, then every customer, then targets, orders,
// visits and invoices in any order and interleaving, then finish() once. Rows
// must already be valid (the job quarantines bad ones); a row naming an
// unknown salesperson or customer is ignored. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "Date.h"
#include "Entities.h"
#include "KpiFigures.h"

namespace yewu {

struct KpiSalesperson {
    Salesperson info;
    KpiFigures figures;                  // for the period month
    std::vector<KpiMonthPoint> series;   // KpiCalculator::kWindowMonths months, oldest first
    std::int64_t customers = 0;          // customers owned (customer.salesperson_id), created by e
    std::int64_t customersNotVisited = 0;  // of those, no visit in the last visitWindowDays days
    bool hasData = false;                // any figure or series value is not zero
};

struct KpiTeam {
    std::string name;                    // salesperson.team as given ("" allowed)
    KpiFigures figures;                  // Σ over every member, active or not
    std::vector<KpiMonthPoint> series;
    std::vector<Id> members;             // every member, by id
};

struct KpiCustomerSales {
    Id customerId = 0;
    Money sales;
    std::int64_t orders = 0;
};

class KpiCalculator {
public:
    static constexpr int kWindowMonths = 24;  // the period and the 23 months before it

    // visitWindowDays: a customer counts as visited when it had a visit dated
    // e−(visitWindowDays−1) … e (定期拜访; 90 by default).
    explicit KpiCalculator(Month period, int visitWindowDays = 90);

    Month period() const { return period_; }
    // The month of series index i (0 = the oldest, kWindowMonths − 1 = the period).
    Month monthAt(int index) const { return period_.plusMonths(index - (kWindowMonths - 1)); }

    void addSalesperson(const Salesperson& salesperson);
    void addCustomer(const Customer& customer);
    void addTarget(const Target& target);
    // Threads: once salespeople, customers and targets are in, addInvoice may run on
    // one thread while addOrder and addVisit run on another (invoices update only the
    // receivables figures, orders and visits only the series and customer states, and
    // neither adds salespeople). Nothing else may run concurrently.
    void addOrder(const Order& order);  // any status; only confirmed orders count
    void addVisit(const Visit& visit);
    // One invoice with all of its valid payments (any order of payments).
    void addInvoice(const Invoice& invoice, const std::vector<Payment>& payments);
    // Derives new customers, visit coverage, period figures and teams. Call once, last.
    void finish();

    // Every salesperson, by id.
    const std::vector<KpiSalesperson>& salespeople() const { return people_; }
    const KpiSalesperson* find(Id salesperson) const;
    // Active salespeople in ranking order: those with an attainment first, by attainment
    // descending; then those without a target; ties by sales descending, then id.
    std::vector<const KpiSalesperson*> ranking() const;
    // Teams by name (byte order).
    const std::vector<KpiTeam>& teams() const { return teams_; }
    // The salesperson's customers by sales in the period month (orders they took),
    // sales descending then customer id; at most n.
    std::vector<KpiCustomerSales> topCustomers(Id salesperson, std::size_t n) const;

private:
    // What orders and visits update, looked up once per row in customer id order, which
    // is random: kept apart from CustomerOwner and small (24 bytes), so that the table
    // stays in the cache (at 48 bytes its misses were a quarter of the orders' thread).
    struct CustomerState {
        Id firstOrderId = 0;
        Id firstOrderSalesperson = 0;
        Date firstOrderDate;
        bool hasFirstOrder = false;
        bool visitedRecently = false;
        bool present = false;  // in the dense table: a customer with this id exists
    };
    struct CustomerOwner {
        Id owner = 0;
        Date createdOn;
    };
    KpiSalesperson* person(Id id);
    // nullptr for an unknown customer. The first call freezes the customers into a table
    // indexed by id when ids are dense (the usual case): a lookup per order row then costs
    // an index, not a hash probe.
    CustomerState* customerState(Id id);
    int monthIndex(Date d) const;  // -1 outside the window

    Month period_;
    Date first_, last_;      // b and e of the period
    Date windowFirst_;       // first day of the oldest window month
    Date visitFrom_;
    std::vector<KpiSalesperson> people_;
    std::unordered_map<Id, std::size_t> index_;
    std::unordered_map<Id, std::int64_t> visitTargets_;  // for the period month
    std::unordered_map<Id, CustomerState> customers_;  // until frozen, or when ids are sparse
    std::unordered_map<Id, CustomerOwner> owners_;     // likewise
    std::vector<CustomerState> denseCustomers_;
    std::vector<CustomerOwner> denseOwners_;
    Id denseBase_ = 0;
    bool customersFrozen_ = false;
    std::map<std::pair<Id, Id>, KpiCustomerSales> customerSales_;  // (salesperson, customer), period month
    std::vector<int> monthStartDays_;  // days() of each window month's first day, plus one past the end
    std::vector<KpiTeam> teams_;
    bool finished_ = false;
};

}  // namespace yewu
