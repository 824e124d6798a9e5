#include "KpiInputs.h"

#include <future>
#include <set>
#include <utility>

#include "InvoicePaymentMerge.h"
#include "Pipelined.h"
#include "connectors/TableReader.h"

namespace yewu {

void KpiInputs::read(JobContext& context, KpiCalculator& kpi, RowFingerprint& fingerprint,
                     const KpiReadOptions& options) {
    // Invoices with their payments are read on a second thread while this one reads
    // orders and visits: the two are independent (KpiCalculator::addInvoice updates
    // other figures than addOrder and addVisit). The second thread counts and
    // fingerprints on its own; its rows join this thread's afterwards. It is the longer
    // of the two, so it starts at once with the scan for repeated invoice numbers,
    // which needs nothing else, while this thread loads salespeople, customers and
    // targets; it waits for those before checking invoices against them.
    std::promise<void> loaded;
    std::future<void> referencesLoaded = loaded.get_future();
    ReceivablesAging aging(options.buckets, periodLast_);
    InvoicePaymentRefs refs{[this](Id id) { return customerIds_.contains(id); },
                            [this](Id id) { return salespersonIds_.contains(id); }};
    RowAccounting receivablesAccounting;
    RowFingerprint receivablesFingerprint;
    runAlongside(
        [&] {
            auto duplicateNumbers = findDuplicateKeys(context.source, Table::Invoice, "id", "invoice_no");
            referencesLoaded.get();  // rethrows a failed load, so this thread stops too
            mergeInvoicesAndPayments(
                context.source, receivablesAccounting, receivablesFingerprint, refs,
                [&](const Invoice& inv, const std::vector<Payment>& paid) {
                    kpi.addInvoice(inv, paid);
                    if (!options.openInvoices) return;
                    Money paidByEnd;
                    for (const Payment& p : paid)
                        if (p.paidOn <= periodLast_) paidByEnd += p.amount;
                    if (const auto item = aging.evaluate(inv, paidByEnd))
                        openInvoices_[inv.salespersonId].push_back(
                            openInvoiceRow(inv, *item, customers_.at(inv.customerId)));
                },
                std::move(duplicateNumbers));
        },
        [&] {
            try {
                loadSalespeople(context, fingerprint, kpi, options);
                loadCustomers(context, fingerprint, kpi);
                loadTargets(context, fingerprint, kpi, options);
            } catch (...) {
                loaded.set_exception(std::current_exception());
                throw;
            }
            loaded.set_value();
            loadOrders(context, fingerprint, kpi, options);
            loadVisits(context, fingerprint, kpi, options);
            if (options.moreTables) options.moreTables(salespersonIds_);
            if (options.whileReceivablesFinish) options.whileReceivablesFinish();
        });
    context.accounting.merge(receivablesAccounting);
    fingerprint.addPart(receivablesFingerprint);
}

void KpiInputs::loadSalespeople(JobContext& context, RowFingerprint& fingerprint,
                                KpiCalculator& kpi, const KpiReadOptions& options) {
    TableReader<Salesperson> reader(context.source, Table::Salesperson,
                                    {"id", "name", "team", "region", "manager_id", "active"},
                                    {"id"}, &RowDecoder::salesperson, context.accounting,
                                    &fingerprint);
    while (const Salesperson* s = reader.next()) {
        if (!salespersonIds_.insert(s->id)) {
            reader.reject("id", std::to_string(s->id), "duplicate salesperson id");
            continue;
        }
        kpi.addSalesperson(*s);
        if (options.onSalesperson) options.onSalesperson(*s);
        reader.use();
    }
}

void KpiInputs::loadCustomers(JobContext& context, RowFingerprint& fingerprint,
                              KpiCalculator& kpi) {
    TableReader<Customer> reader(context.source, Table::Customer,
                                 {"id", "name", "salesperson_id", "created_on"}, {"id"},
                                 &RowDecoder::customer, context.accounting, &fingerprint);
    while (const Customer* c = reader.next()) {
        if (customerIds_.contains(c->id)) {
            reader.reject("id", std::to_string(c->id), "duplicate customer id");
        } else if (!salespersonIds_.contains(c->salespersonId)) {
            reader.reject("salesperson_id", std::to_string(c->salespersonId),
                          "unknown salesperson");
        } else {
            customerIds_.insert(c->id);
            customers_[c->id] = c->name;
            kpi.addCustomer(*c);
            reader.use();
        }
    }
}

void KpiInputs::loadTargets(JobContext& context, RowFingerprint& fingerprint, KpiCalculator& kpi,
                            const KpiReadOptions& options) {
    TableReader<Target> reader(context.source, Table::Target,
                               {"salesperson_id", "month", "sales_target_cents", "visit_target"},
                               {"salesperson_id", "month"}, &RowDecoder::target, context.accounting,
                               &fingerprint);
    std::set<std::pair<Id, std::string>> seen;
    while (const Target* t = reader.next()) {
        if (!salespersonIds_.contains(t->salespersonId)) {
            reader.reject("salesperson_id", std::to_string(t->salespersonId),
                          "unknown or quarantined salesperson");
        } else if (t->salesTarget.isNegative()) {
            reader.reject("sales_target_cents", std::to_string(t->salesTarget.cents()),
                          "target must not be negative");
        } else if (t->visitTarget < 0) {
            reader.reject("visit_target", std::to_string(t->visitTarget),
                          "visit target must not be negative");
        } else if (!seen.emplace(t->salespersonId, t->month.iso()).second) {
            reader.reject("month", t->month.iso(),
                          "a second target for the same salesperson and month");
        } else {
            kpi.addTarget(*t);
            if (options.onTarget) options.onTarget(*t);
            reader.use();
        }
    }
}

std::optional<DateFilter> KpiInputs::periodOnly(const KpiReadOptions& options, const char* column) const {
    if (!options.periodOrdersAndVisitsOnly) return std::nullopt;
    return DateFilter{column, Month::of(periodLast_).first(), periodLast_.plusDays(1)};
}

void KpiInputs::loadOrders(JobContext& context, RowFingerprint& fingerprint, KpiCalculator& kpi,
                           const KpiReadOptions& options) {
    // Source order: no order is needed for these sums, and sorting a million rows costs.
    TableReader<Order> reader(
        context.source, Table::Orders,
        {"id", "customer_id", "salesperson_id", "order_date", "amount_cents", "status"}, {},
        &RowDecoder::order, context.accounting, &fingerprint, periodOnly(options, "order_date"));
    IdSet ids;
    while (const Order* o = reader.next()) {
        if (!ids.insert(o->id)) {
            reader.reject("id", std::to_string(o->id), "duplicate order id");
        } else if (!customerIds_.contains(o->customerId)) {
            reader.reject("customer_id", std::to_string(o->customerId),
                          "unknown or quarantined customer");
        } else if (!salespersonIds_.contains(o->salespersonId)) {
            reader.reject("salesperson_id", std::to_string(o->salespersonId),
                          "unknown or quarantined salesperson");
        } else if (o->amount.isNegative()) {
            reader.reject("amount_cents", std::to_string(o->amount.cents()),
                          "amount must not be negative");
        } else {
            kpi.addOrder(*o);
            reader.use();
        }
    }
}

void KpiInputs::loadVisits(JobContext& context, RowFingerprint& fingerprint, KpiCalculator& kpi,
                           const KpiReadOptions& options) {
    TableReader<Visit> reader(context.source, Table::Visit,
                              {"id", "salesperson_id", "customer_id", "visit_date"}, {},
                              &RowDecoder::visit, context.accounting, &fingerprint,
                              periodOnly(options, "visit_date"));
    IdSet ids;
    while (const Visit* v = reader.next()) {
        if (!ids.insert(v->id)) {
            reader.reject("id", std::to_string(v->id), "duplicate visit id");
        } else if (!salespersonIds_.contains(v->salespersonId)) {
            reader.reject("salesperson_id", std::to_string(v->salespersonId),
                          "unknown or quarantined salesperson");
        } else if (!customerIds_.contains(v->customerId)) {
            reader.reject("customer_id", std::to_string(v->customerId),
                          "unknown or quarantined customer");
        } else {
            kpi.addVisit(*v);
            reader.use();
        }
    }
}

}  // namespace yewu
