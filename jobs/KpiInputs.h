// KpiInputs: reads every table the KPI figures come from into a KpiCalculator,
// checking each row as both the KPI and the appraisal jobs must (one set of rules,
// one place): salespeople, customers and targets first, then orders and visits
// on the calling thread while invoices with their payments are read on a second
// one. Every row is used or quarantined in context.accounting, in the order one
// thread would have read them; the fingerprint covers every row read.
//
//   KpiInputs inputs(month.last());
//   inputs.read(context, kpi, fingerprint, {.openInvoices = perPerson});
//   ... inputs.customerName(id), inputs.openInvoices() ...
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "Job.h"
#include "connectors/IdSet.h"
#include "connectors/RowFingerprint.h"
#include "core/KpiCalculator.h"
#include "core/ReceivablesAging.h"
#include "reports/xlsx/ReceivablesWorkbook.h"

namespace yewu {

struct KpiReadOptions {
    // Keep each salesperson's invoices open at the period's last day (for personal workbooks).
    bool openInvoices = false;
    // Only the period month's orders and visits are needed (appraisal letters without
    // workbooks): SQL sources read just those. The month's sales, orders and visits stay
    // right; other figures (new customers, the trend, visit recency) may not.
    bool periodOrdersAndVisitsOnly = false;
    AgingBuckets buckets;
    // Called for each usable salesperson and target, for what a job keeps beyond the KPIs.
    std::function<void(const Salesperson&)> onSalesperson;
    std::function<void(const Target&)> onTarget;
    // More tables to read on the calling thread after visits (the appraisal's ratings);
    // gets the ids of the usable salespeople.
    std::function<void(const IdSet& salespersonIds)> moreTables;
    // Runs on the calling thread after those, while the invoices and payments may still be
    // merged on the other: work that needs no figure, done on a core that would wait (the
    // appraisal's PDF renderers).
    std::function<void()> whileReceivablesFinish;
};

class KpiInputs {
public:
    explicit KpiInputs(Date periodLast) : periodLast_(periodLast) {}

    // Throws SourceError (or RunInterrupted) from the source.
    void read(JobContext& context, KpiCalculator& kpi, RowFingerprint& fingerprint,
              const KpiReadOptions& options);

    const std::string& customerName(Id id) const { return customers_.at(id); }
    const std::unordered_map<Id, std::vector<ReceivablesDetailRow>>& openInvoices() const {
        return openInvoices_;
    }

private:
    void loadSalespeople(JobContext& context, RowFingerprint& fingerprint, KpiCalculator& kpi,
                         const KpiReadOptions& options);
    void loadCustomers(JobContext& context, RowFingerprint& fingerprint, KpiCalculator& kpi);
    void loadTargets(JobContext& context, RowFingerprint& fingerprint, KpiCalculator& kpi,
                     const KpiReadOptions& options);
    void loadOrders(JobContext& context, RowFingerprint& fingerprint, KpiCalculator& kpi,
                    const KpiReadOptions& options);
    void loadVisits(JobContext& context, RowFingerprint& fingerprint, KpiCalculator& kpi,
                    const KpiReadOptions& options);
    std::optional<DateFilter> periodOnly(const KpiReadOptions& options, const char* column) const;

    Date periodLast_;
    IdSet salespersonIds_;
    IdSet customerIds_;  // membership checks on every row: a bitmap, not a hash lookup
    std::unordered_map<Id, std::string> customers_;
    std::unordered_map<Id, std::vector<ReceivablesDetailRow>> openInvoices_;
};

}  // namespace yewu
