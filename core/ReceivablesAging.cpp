#include "ReceivablesAging.h"

#include <algorithm>

namespace yewu {

std::optional<double> AgingTotals::dso() const {
    if (invoicedLast90.cents() <= 0) return std::nullopt;
    return double(total.cents()) / double(invoicedLast90.cents()) * 90.0;
}

std::int64_t AgingTotals::invoiceCount() const {
    std::int64_t n = 0;
    for (auto c : invoices) n += c;
    return n;
}

ReceivablesAging::ReceivablesAging(AgingBuckets buckets, Date asOf)
    : buckets_(std::move(buckets)), asOf_(asOf), total_(buckets_.count()) {}

std::optional<OpenItem> ReceivablesAging::evaluate(const Invoice& invoice, Money paidToDate) const {
    if (invoice.invoiceDate > asOf_) return std::nullopt;
    const Money open = invoice.amount - paidToDate;
    if (!open.isPositive()) return std::nullopt;
    OpenItem item;
    item.paid = paidToDate;
    item.open = open;
    item.daysPastDue = daysPastDue(asOf_, invoice.dueDate);
    item.bucket = buckets_.indexFor(item.daysPastDue);
    return item;
}

AgingTotals& ReceivablesAging::rowFor(std::unordered_map<Id, AgingTotals>& map, Id id) {
    auto it = map.find(id);
    if (it == map.end()) it = map.emplace(id, AgingTotals(buckets_.count())).first;
    return it->second;
}

void ReceivablesAging::accumulate(AgingTotals& t, const Invoice& invoice, const std::optional<OpenItem>& item,
                                  bool inDsoWindow) {
    if (inDsoWindow) t.invoicedLast90 += invoice.amount;
    if (!item) return;
    t.buckets[item->bucket] += item->open;
    t.invoices[item->bucket] += 1;
    t.total += item->open;
    if (item->daysPastDue > 0) {
        t.overdue += item->open;
        t.maxDaysPastDue = std::max(t.maxDaysPastDue, item->daysPastDue);
    }
    if (item->daysPastDue > 90) t.over90 += item->open;
}

void ReceivablesAging::add(const Invoice& invoice, const std::optional<OpenItem>& item) {
    const bool inDsoWindow = invoice.invoiceDate <= asOf_ && invoice.invoiceDate >= asOf_.plusDays(-89);
    if (!item && !inDsoWindow) return;
    accumulate(rowFor(byCustomer_, invoice.customerId), invoice, item, inDsoWindow);
    accumulate(rowFor(bySalesperson_, invoice.salespersonId), invoice, item, inDsoWindow);
    accumulate(total_, invoice, item, inDsoWindow);
}

std::int64_t ReceivablesAging::customersWithOverdue() const {
    std::int64_t n = 0;
    for (const auto& [id, t] : byCustomer_)
        if (t.overdue.isPositive()) ++n;
    return n;
}

}  // namespace yewu
