#include "KpiCalculator.h"

#include <algorithm>
#include <stdexcept>

namespace yewu {

KpiFigures& KpiFigures::operator+=(const KpiFigures& o) {
    sales += o.sales;
    orders += o.orders;
    target += o.target;
    salesWithTarget += o.salesWithTarget;
    newCustomers += o.newCustomers;
    visits += o.visits;
    visitTarget += o.visitTarget;
    visitsWithTarget += o.visitsWithTarget;
    collected += o.collected;
    dueInMonth += o.dueInMonth;
    collectedDue += o.collectedDue;
    openAr += o.openAr;
    overdue += o.overdue;
    invoiced90 += o.invoiced90;
    previousSales += o.previousSales;
    lastYearSales += o.lastYearSales;
    ytdSales += o.ytdSales;
    ytdTarget += o.ytdTarget;
    ytdSalesWithTarget += o.ytdSalesWithTarget;
    return *this;
}

namespace {

// a > b for optional ratios, where any ratio beats none.
bool ratioGreater(const std::optional<Ratio>& a, const std::optional<Ratio>& b) {
    if (!a || !b) return a.has_value() && !b.has_value();
    // Denominators are positive, so cross-multiplication keeps the order.
    return __int128(a->numerator) * b->denominator > __int128(b->numerator) * a->denominator;
}

}  // namespace

KpiCalculator::KpiCalculator(Month period, int visitWindowDays)
    : period_(period), first_(period.first()), last_(period.last()) {
    if (visitWindowDays < 1) throw std::invalid_argument("visit window must be at least one day");
    windowFirst_ = monthAt(0).first();
    visitFrom_ = last_.plusDays(-(visitWindowDays - 1));
    for (int i = 0; i < kWindowMonths; ++i) monthStartDays_.push_back(monthAt(i).first().days());
    monthStartDays_.push_back(last_.days() + 1);
}

int KpiCalculator::monthIndex(Date d) const {
    if (d < windowFirst_ || d > last_) return -1;
    const auto it = std::upper_bound(monthStartDays_.begin(), monthStartDays_.end(), d.days());
    return int(it - monthStartDays_.begin()) - 1;
}

KpiSalesperson* KpiCalculator::person(Id id) {
    const auto it = index_.find(id);
    return it == index_.end() ? nullptr : &people_[it->second];
}

const KpiSalesperson* KpiCalculator::find(Id id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? nullptr : &people_[it->second];
}

void KpiCalculator::addSalesperson(const Salesperson& salesperson) {
    if (index_.count(salesperson.id)) return;
    index_[salesperson.id] = people_.size();
    KpiSalesperson p;
    p.info = salesperson;
    p.series.resize(kWindowMonths);
    people_.push_back(std::move(p));
}

KpiCalculator::CustomerState* KpiCalculator::customerState(Id id) {
    if (!customersFrozen_) {
        customersFrozen_ = true;
        if (!customers_.empty()) {
            Id lo = customers_.begin()->first, hi = lo;
            for (const auto& [cid, c] : customers_) lo = std::min(lo, cid), hi = std::max(hi, cid);
            const auto span = std::uint64_t(hi) - std::uint64_t(lo) + 1;
            if (span <= 4 * customers_.size() + 4096) {
                denseBase_ = lo;
                denseCustomers_.resize(std::size_t(span));
                denseOwners_.resize(std::size_t(span));
                for (auto& [cid, c] : customers_) {
                    c.present = true;
                    denseCustomers_[std::size_t(cid - lo)] = c;
                    denseOwners_[std::size_t(cid - lo)] = owners_.at(cid);
                }
                customers_.clear();
                owners_.clear();
            }
        }
    }
    if (!denseCustomers_.empty()) {
        if (id < denseBase_ || std::uint64_t(id - denseBase_) >= denseCustomers_.size()) return nullptr;
        CustomerState& c = denseCustomers_[std::size_t(id - denseBase_)];
        return c.present ? &c : nullptr;
    }
    const auto it = customers_.find(id);
    return it == customers_.end() ? nullptr : &it->second;
}

void KpiCalculator::addCustomer(const Customer& customer) {
    if (customersFrozen_) throw std::logic_error("KpiCalculator: customers must come before orders and visits");
    customers_.try_emplace(customer.id);
    owners_[customer.id] = CustomerOwner{customer.salespersonId, customer.createdOn};
}

void KpiCalculator::addTarget(const Target& target) {
    KpiSalesperson* p = person(target.salespersonId);
    if (!p) return;
    const int i = monthIndex(target.month.first());
    if (i < 0) return;
    if (target.salesTarget.isPositive()) p->series[std::size_t(i)].target = target.salesTarget;
    if (target.month == period_ && target.visitTarget > 0)
        visitTargets_[target.salespersonId] = target.visitTarget;
}

void KpiCalculator::addOrder(const Order& order) {
    if (order.status != OrderStatus::Confirmed) return;
    if (CustomerState* c = customerState(order.customerId)) {
        CustomerState& s = *c;
        if (!s.hasFirstOrder || order.orderDate < s.firstOrderDate ||
            (order.orderDate == s.firstOrderDate && order.id < s.firstOrderId)) {
            s.hasFirstOrder = true;
            s.firstOrderDate = order.orderDate;
            s.firstOrderId = order.id;
            s.firstOrderSalesperson = order.salespersonId;
        }
    }
    KpiSalesperson* p = person(order.salespersonId);
    const int i = monthIndex(order.orderDate);
    if (!p || i < 0) return;
    KpiMonthPoint& point = p->series[std::size_t(i)];
    point.sales += order.amount;
    point.orders += 1;
    if (i == kWindowMonths - 1) {
        KpiCustomerSales& cs = customerSales_[{order.salespersonId, order.customerId}];
        cs.customerId = order.customerId;
        cs.sales += order.amount;
        cs.orders += 1;
    }
}

void KpiCalculator::addVisit(const Visit& visit) {
    if (visit.visitDate > last_) return;
    if (visit.visitDate >= visitFrom_) {
        if (CustomerState* c = customerState(visit.customerId)) c->visitedRecently = true;
    }
    KpiSalesperson* p = person(visit.salespersonId);
    const int i = monthIndex(visit.visitDate);
    if (p && i >= 0) p->series[std::size_t(i)].visits += 1;
}

void KpiCalculator::addInvoice(const Invoice& invoice, const std::vector<Payment>& payments) {
    KpiSalesperson* p = person(invoice.salespersonId);
    if (!p) return;
    KpiFigures& f = p->figures;
    const Date beforeMonth = first_.plusDays(-1);
    Money paidByEnd, paidBeforeMonth, paidInMonth;
    for (const Payment& pay : payments) {
        if (pay.paidOn <= last_) paidByEnd += pay.amount;
        if (pay.paidOn <= beforeMonth) paidBeforeMonth += pay.amount;
        else if (pay.paidOn <= last_) paidInMonth += pay.amount;
    }
    f.collected += paidInMonth;
    if (invoice.invoiceDate <= last_) {
        const Money open = invoice.amount - paidByEnd;
        if (open.isPositive()) {
            f.openAr += open;
            if (invoice.dueDate < last_) f.overdue += open;
        }
        if (invoice.invoiceDate >= last_.plusDays(-89)) f.invoiced90 += invoice.amount;
    }
    // Due by the month's end and already issued (so open(inv, b−1) exists) before it began.
    if (invoice.dueDate <= last_ && invoice.invoiceDate <= beforeMonth) {
        const Money openAtStart = invoice.amount - paidBeforeMonth;
        if (openAtStart.isPositive()) {
            f.dueInMonth += openAtStart;
            f.collectedDue += paidInMonth;
        }
    }
}

void KpiCalculator::finish() {
    if (finished_) throw std::logic_error("KpiCalculator::finish() called twice");
    finished_ = true;

    std::sort(people_.begin(), people_.end(),
              [](const KpiSalesperson& a, const KpiSalesperson& b) { return a.info.id < b.info.id; });
    index_.clear();
    for (std::size_t i = 0; i < people_.size(); ++i) index_[people_[i].info.id] = i;

    customerState(0);  // freezes, when no order or visit did
    auto countCustomer = [&](const CustomerState& c, const CustomerOwner& o) {
        if (c.hasFirstOrder && first_ <= c.firstOrderDate && c.firstOrderDate <= last_) {
            if (KpiSalesperson* p = person(c.firstOrderSalesperson)) p->figures.newCustomers += 1;
        }
        if (o.createdOn <= last_) {
            if (KpiSalesperson* p = person(o.owner)) {
                p->customers += 1;
                if (!c.visitedRecently) p->customersNotVisited += 1;
            }
        }
    };
    for (std::size_t i = 0; i < denseCustomers_.size(); ++i)
        if (denseCustomers_[i].present) countCustomer(denseCustomers_[i], denseOwners_[i]);
    for (const auto& [id, c] : customers_) countCustomer(c, owners_.at(id));

    const int now = kWindowMonths - 1;
    const int monthsThisYear = int(period_.month());
    for (KpiSalesperson& p : people_) {
        for (KpiMonthPoint& point : p.series)
            if (point.target.isPositive()) point.salesWithTarget = point.sales;
        KpiFigures& f = p.figures;
        const KpiMonthPoint& current = p.series[now];
        f.sales = current.sales;
        f.orders = current.orders;
        f.target = current.target;
        f.salesWithTarget = current.salesWithTarget;
        f.visits = current.visits;
        const auto vt = visitTargets_.find(p.info.id);
        f.visitTarget = vt == visitTargets_.end() ? 0 : vt->second;
        f.visitsWithTarget = f.visitTarget > 0 ? f.visits : 0;
        f.previousSales = p.series[now - 1].sales;
        f.lastYearSales = p.series[now - 12].sales;
        for (int i = now - monthsThisYear + 1; i <= now; ++i) {
            f.ytdSales += p.series[std::size_t(i)].sales;
            f.ytdTarget += p.series[std::size_t(i)].target;
        }
        f.ytdSalesWithTarget = f.ytdTarget.isPositive() ? f.ytdSales : Money();

        bool any = f.newCustomers != 0 || !f.collected.isZero() || !f.openAr.isZero() ||
                   !f.invoiced90.isZero() || !f.dueInMonth.isZero() || f.visitTarget != 0;
        for (const KpiMonthPoint& point : p.series)
            any = any || !point.sales.isZero() || point.orders != 0 || point.visits != 0 ||
                  !point.target.isZero();
        p.hasData = any;
    }

    std::map<std::string, KpiTeam> teams;
    for (const KpiSalesperson& p : people_) {
        KpiTeam& t = teams[p.info.team];
        if (t.series.empty()) {
            t.name = p.info.team;
            t.series.resize(kWindowMonths);
        }
        t.figures += p.figures;
        for (int i = 0; i < kWindowMonths; ++i) t.series[std::size_t(i)] += p.series[std::size_t(i)];
        t.members.push_back(p.info.id);
    }
    teams_.clear();
    for (auto& [name, team] : teams) teams_.push_back(std::move(team));
}

std::vector<const KpiSalesperson*> KpiCalculator::ranking() const {
    std::vector<const KpiSalesperson*> out;
    for (const KpiSalesperson& p : people_)
        if (p.info.active) out.push_back(&p);
    std::stable_sort(out.begin(), out.end(), [](const KpiSalesperson* a, const KpiSalesperson* b) {
        const auto ra = a->figures.attainment(), rb = b->figures.attainment();
        if (ratioGreater(ra, rb)) return true;
        if (ratioGreater(rb, ra)) return false;
        if (a->figures.sales != b->figures.sales) return a->figures.sales > b->figures.sales;
        return a->info.id < b->info.id;
    });
    return out;
}

std::vector<KpiCustomerSales> KpiCalculator::topCustomers(Id salesperson, std::size_t n) const {
    std::vector<KpiCustomerSales> out;
    for (auto it = customerSales_.lower_bound({salesperson, INT64_MIN});
         it != customerSales_.end() && it->first.first == salesperson; ++it) {
        out.push_back(it->second);
    }
    std::sort(out.begin(), out.end(), [](const KpiCustomerSales& a, const KpiCustomerSales& b) {
        if (a.sales != b.sales) return a.sales > b.sales;
        return a.customerId < b.customerId;
    });
    if (out.size() > n) out.resize(n);
    return out;
}

}  // namespace yewu
