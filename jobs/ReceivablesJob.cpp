// Receivables aging as of a day: stream invoices (by id) merged with their
// payments (by invoice id), validate each row, age every open invoice into
// the workbook's detail sheet as it is found, and aggregate per customer and
// per salesperson. Memory is bounded by customers and salespeople, not rows.
#include "ReceivablesJob.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "ConfigError.h"
#include "OutputSet.h"
#include "InvoicePaymentMerge.h"
#include "Pipelined.h"
#include "connectors/IdSet.h"
#include "connectors/TableReader.h"
#include "core/ReceivablesAging.h"
#include "reports/xlsx/DisplayWidth.h"
#include "reports/xlsx/ReceivablesWorkbook.h"

namespace yewu {

namespace {

struct SalespersonInfo {
    std::string name;
    std::string team;
};

struct CustomerInfo {
    std::string name;
    Id salespersonId = 0;
    std::string region;
    int paymentTermsDays = 0;
};

class ReceivablesJob : public Job {
public:
    std::string periodKey(const JobParams& params) const override { return asOf(params).iso(); }

    void run(JobContext& context) override {
        const Date day = asOf(context.params);
        AgingBuckets buckets;
        std::int64_t rowsPerSheet = 1048575;
        try {
            buckets = AgingBuckets::parse(context.config.getString("receivables.buckets", "0,30,60,90,180"));
            rowsPerSheet = context.config.getInt64("receivables.detail_rows_per_sheet", 1048575);
        } catch (const std::exception& e) {
            throw ConfigError(std::string("[receivables] ") + e.what());
        }
        if (rowsPerSheet < 1 || rowsPerSheet > 1048575)
            throw ConfigError("receivables.detail_rows_per_sheet must be 1..1048575, got " +
                              std::to_string(rowsPerSheet));

        RowFingerprint fingerprint;
        loadSalespeople(context, fingerprint);
        loadCustomers(context, fingerprint);

        ReceivablesWorkbookOptions options;
        options.asOf = day;
        options.buckets = buckets;
        options.locale = context.params.locale;
        options.detailRowsPerSheet = rowsPerSheet;
        for (const auto& [id, c] : customers_) options.customerNameWidth = std::max(options.customerNameWidth, displayWidth(c.name));
        for (const auto& [id, s] : salespeople_) options.salespersonNameWidth = std::max(options.salespersonNameWidth, displayWidth(s.name));

        OutputFile& file = context.outputs.create("receivables-" + day.iso() + ".xlsx", "receivables_workbook");
        ReceivablesWorkbook workbook(file.writePath(), options);
        ReceivablesAging aging(buckets, day);
        mergeInvoicesAndPayments(context, fingerprint, aging, workbook);

        workbook.finish(summarize(context, aging, fingerprint.hex(), rowsPerSheet));
        file.setRows(workbook.detailRows());
    }

private:
    static Date asOf(const JobParams& params) {
        if (params.asOf) return *params.asOf;
        if (params.period) return params.period->last();
        return params.today;
    }

    void loadSalespeople(JobContext& context, RowFingerprint& fingerprint) {
        TableReader<Salesperson> reader(context.source, Table::Salesperson, {"id", "name", "team"}, {"id"},
                                        &RowDecoder::salesperson, context.accounting, &fingerprint);
        while (const Salesperson* s = reader.next()) {
            if (salespeople_.count(s->id)) {
                reader.reject("id", std::to_string(s->id), "duplicate salesperson id");
                continue;
            }
            salespeople_[s->id] = SalespersonInfo{s->name, s->team};
            reader.use();
        }
    }

    void loadCustomers(JobContext& context, RowFingerprint& fingerprint) {
        TableReader<Customer> reader(context.source, Table::Customer,
                                     {"id", "name", "salesperson_id", "region", "payment_terms_days"}, {"id"},
                                     &RowDecoder::customer, context.accounting, &fingerprint);
        while (const Customer* c = reader.next()) {
            if (customers_.count(c->id)) {
                reader.reject("id", std::to_string(c->id), "duplicate customer id");
                continue;
            }
            if (!salespeople_.count(c->salespersonId)) {
                reader.reject("salesperson_id", std::to_string(c->salespersonId), "unknown salesperson");
                continue;
            }
            customers_[c->id] = CustomerInfo{c->name, c->salespersonId, c->region, c->paymentTermsDays};
            customerIds_.insert(c->id);
            reader.use();
        }
    }

    // Invoices and payments, validated as every receivables-based job does (InvoicePaymentMerge).
    // Reading, checking and aging run on a worker thread while this thread writes the
    // detail rows: the two take about the same time, and the machine has the cores.
    void mergeInvoicesAndPayments(JobContext& context, RowFingerprint& fingerprint, ReceivablesAging& aging,
                                  ReceivablesWorkbook& workbook) {
        const InvoicePaymentRefs refs{[this](Id id) { return customerIds_.contains(id); },
                                      [this](Id id) { return salespeople_.count(id) != 0; }};
        runPipelined<ReceivablesDetailRow>(
            [&](auto&& emit) {
                yewu::mergeInvoicesAndPayments(context, fingerprint, refs,
                                               [&](const Invoice& inv, const std::vector<Payment>& payments) {
                                                   Money paidToDate;
                                                   for (const Payment& p : payments)
                                                       if (p.paidOn <= aging.asOf()) paidToDate += p.amount;
                                                   const auto item = aging.evaluate(inv, paidToDate);
                                                   aging.add(inv, item);
                                                   if (item)
                                                       emit(openInvoiceRow(inv, *item, customers_.at(inv.customerId).name,
                                                                           salespeople_.at(inv.salespersonId).name));
                                               });
            },
            [&](const ReceivablesDetailRow& row) { workbook.addDetailRow(row); });
    }


    ReceivablesSummary summarize(JobContext& context, const ReceivablesAging& aging, std::string fingerprint,
                                 std::int64_t rowsPerSheet) const {
        ReceivablesSummary summary;
        summary.sourceDescription = context.source.describe();
        summary.fingerprint = std::move(fingerprint);
        summary.total = aging.total();
        summary.customersWithOverdue = aging.customersWithOverdue();

        for (const auto& [id, totals] : aging.byCustomer()) {
            if (!totals.total.isPositive()) continue;  // only in the DSO window
            const CustomerInfo& c = customers_.at(id);
            const auto sp = salespeople_.find(c.salespersonId);
            summary.byCustomer.push_back(ReceivablesCustomerRow{
                id, c.name, sp == salespeople_.end() ? "" : sp->second.name, c.region, c.paymentTermsDays, totals});
        }
        std::sort(summary.byCustomer.begin(), summary.byCustomer.end(), [](const auto& a, const auto& b) {
            if (a.totals.overdue != b.totals.overdue) return a.totals.overdue > b.totals.overdue;
            if (a.totals.total != b.totals.total) return a.totals.total > b.totals.total;
            return a.customerId < b.customerId;
        });
        for (const auto& row : summary.byCustomer)
            if (row.totals.over90.isPositive()) summary.topOver90.push_back(row);
        std::stable_sort(summary.topOver90.begin(), summary.topOver90.end(), [](const auto& a, const auto& b) {
            if (a.totals.over90 != b.totals.over90) return a.totals.over90 > b.totals.over90;
            return a.customerId < b.customerId;
        });
        if (summary.topOver90.size() > 20) summary.topOver90.resize(20);

        for (const auto& [id, totals] : aging.bySalesperson()) {
            if (!totals.total.isPositive()) continue;
            const SalespersonInfo& s = salespeople_.at(id);
            summary.bySalesperson.push_back(ReceivablesSalespersonRow{id, s.name, s.team, totals});
        }
        std::sort(summary.bySalesperson.begin(), summary.bySalesperson.end(), [](const auto& a, const auto& b) {
            if (a.totals.overdue != b.totals.overdue) return a.totals.overdue > b.totals.overdue;
            return a.salespersonId < b.salespersonId;
        });

        std::string bounds;
        for (int b : aging.buckets().upperBounds()) bounds += (bounds.empty() ? "" : ",") + std::to_string(b);
        const bool zh = context.params.locale == Locale::ZhCN;
        summary.parameters = {
            {zh ? "截止日期" : "As of", aging.asOf().iso()},
            {zh ? "账龄基准" : "Basis", zh ? "到期日" : "due date"},
            {zh ? "账龄区间上限(天)" : "Bucket upper bounds (days)", bounds},
            {zh ? "每张明细表行数上限" : "Detail rows per sheet", std::to_string(rowsPerSheet)},
            {zh ? "数据源" : "Source", context.source.describe()},
            {zh ? "语言" : "Locale", std::string(localeName(context.params.locale))},
        };
        summary.accounting = context.accounting.counts();
        summary.quarantined = context.accounting.quarantined();
        return summary;
    }

    std::unordered_map<Id, SalespersonInfo> salespeople_;
    std::unordered_map<Id, CustomerInfo> customers_;
    IdSet customerIds_;  // the same ids: the check on every invoice, where the map's lookups showed up in profiles
};

}  // namespace

void registerReceivablesJob(JobRegistry& registry) {
    registry.add(JobInfo{"receivables",
                         "Receivables aging workbook (应收账款账龄分析表) as of a day (--as-of, default today)",
                         [] { return std::make_unique<ReceivablesJob>(); }});
}

}  // namespace yewu
