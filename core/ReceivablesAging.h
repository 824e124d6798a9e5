// Aggregates open invoices into the aging totals of the receivables workbook:
// per customer, per salesperson and overall, plus the DSO inputs.
//
// Memory is bounded by the number of customers and salespeople: invoices are
// fed one at a time and never stored.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <optional>
#include <vector>

#include "Aging.h"
#include "Entities.h"

namespace yewu {

// One invoice that is open at the as-of date.
struct OpenItem {
    Money paid;         // payments with paid_on <= as-of
    Money open;         // amount - paid, > 0
    int daysPastDue = 0;
    std::size_t bucket = 0;
};

struct AgingTotals {
    std::vector<Money> buckets;            // open amount per bucket
    std::vector<std::int64_t> invoices;    // open invoice count per bucket
    Money total;
    Money overdue;                         // due_date < as-of
    Money over90;                          // more than 90 days past due
    int maxDaysPastDue = 0;                // 0 when nothing is overdue
    Money invoicedLast90;                  // invoices dated as-of-89 .. as-of (DSO denominator)

    explicit AgingTotals(std::size_t bucketCount = 0) : buckets(bucketCount), invoices(bucketCount) {}
    // DSO = total / invoicedLast90 * 90; nullopt when nothing was invoiced in the window.
    std::optional<double> dso() const;
    std::int64_t invoiceCount() const;
};

class ReceivablesAging {
public:
    ReceivablesAging(AgingBuckets buckets, Date asOf);

    const AgingBuckets& buckets() const { return buckets_; }
    Date asOf() const { return asOf_; }

    // open(inv, d) per DESIGN.md, given the sum of its payments with paid_on <= d.
    // nullopt when the invoice is not open at d (not yet issued, or fully paid).
    std::optional<OpenItem> evaluate(const Invoice& invoice, Money paidToDate) const;

    // Feeds every valid invoice once (open or not): accumulates the open item when
    // there is one, and the DSO window amount.
    void add(const Invoice& invoice, const std::optional<OpenItem>& item);

    // Unordered: callers sort the rows they show.
    const std::unordered_map<Id, AgingTotals>& byCustomer() const { return byCustomer_; }
    const std::unordered_map<Id, AgingTotals>& bySalesperson() const { return bySalesperson_; }
    const AgingTotals& total() const { return total_; }
    std::int64_t customersWithOverdue() const;

private:
    AgingTotals& rowFor(std::unordered_map<Id, AgingTotals>& map, Id id);
    void accumulate(AgingTotals& t, const Invoice& invoice, const std::optional<OpenItem>& item, bool inDsoWindow);

    AgingBuckets buckets_;
    Date asOf_;
    std::unordered_map<Id, AgingTotals> byCustomer_;
    std::unordered_map<Id, AgingTotals> bySalesperson_;
    AgingTotals total_;
};

}  // namespace yewu
