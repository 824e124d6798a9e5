// The monthly sales KPI workbook: stream salespeople, customers, targets,
// orders, visits and invoices merged with their payments, one pass each,
// validate every row, aggregate per salesperson and team (core/KpiCalculator),
// and render kpi-<YYYY-MM>.xlsx; with kpi.per_person=true also one workbook
// per active salesperson (people/<id>.xlsx) for the appraisal job.
//
// Memory is bounded by salespeople × 24 months and by customers; with
// per_person, also by the open invoices at the month's end (they are listed).
//
// Config: kpi.per_person (false), kpi.visit_window_days (90),
// receivables.buckets (aging of the per-person open invoices).
#include "KpiJob.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "ConfigError.h"
#include "KpiInputs.h"
#include "KpiWorkbookContent.h"
#include "OutputSet.h"
#include "connectors/IdSet.h"
#include "connectors/TableReader.h"
#include "core/KpiCalculator.h"
#include "core/ReceivablesAging.h"
#include "reports/xlsx/KpiWorkbook.h"

namespace yewu {

namespace {


class KpiJob : public Job {
public:
    std::string periodKey(const JobParams& params) const override { return period(params).iso(); }

    void run(JobContext& context) override {
        const Month month = period(context.params);
        bool perPerson = false;
        int visitWindowDays = 90;
        AgingBuckets buckets;
        try {
            perPerson = context.config.getBool("kpi.per_person", false);
            visitWindowDays = context.config.getInt("kpi.visit_window_days", 90);
            buckets = AgingBuckets::parse(context.config.getString("receivables.buckets", "0,30,60,90,180"));
        } catch (const std::exception& e) {
            throw ConfigError(std::string("[kpi] ") + e.what());
        }
        if (visitWindowDays < 1 || visitWindowDays > 3660)
            throw ConfigError("kpi.visit_window_days must be 1..3660, got " + std::to_string(visitWindowDays));

        RowFingerprint fingerprint;
        KpiCalculator kpi(month, visitWindowDays);
        KpiReadOptions options;
        options.openInvoices = perPerson;
        options.buckets = buckets;
        inputs_ = std::make_unique<KpiInputs>(month.last());
        inputs_->read(context, kpi, fingerprint, options);
        kpi.finish();

        KpiWorkbookData data = workbookData(context, kpi, fingerprint.hex(), visitWindowDays, perPerson);
        OutputFile& file = context.outputs.create("kpi-" + month.iso() + ".xlsx", "kpi_workbook");
        KpiWorkbook::write(file.writePath(), data, context.params.locale);
        file.setRows(std::int64_t(data.overview.size()));

        if (!perPerson) return;
        for (const KpiRow& row : data.overview) {
            PersonalKpiData personal = personalKpiData(kpi, row, *inputs_, buckets);
            OutputFile& out = context.outputs.create("people/" + std::to_string(row.id) + ".xlsx",
                                                     "personal_kpi_workbook", std::to_string(row.id));
            KpiWorkbook::writePersonal(out.writePath(), personal, context.params.locale);
            out.setRows(std::int64_t(personal.openInvoices.size()));
        }
    }

private:
    static Month period(const JobParams& params) {
        if (params.asOf) throw ConfigError("kpi is run for a month: give --period YYYY-MM, not --as-of");
        if (params.period) return *params.period;
        return Month::of(params.today).plusMonths(-1);  // the last full month
    }


    KpiWorkbookData workbookData(JobContext& context, const KpiCalculator& kpi, std::string fingerprint,
                                 int visitWindowDays, bool perPerson) {
        KpiWorkbookData data = kpiWorkbookData(kpi);
        data.visitWindowDays = visitWindowDays;
        data.sourceDescription = context.source.describe();
        data.fingerprint = std::move(fingerprint);

        const bool zh = context.params.locale == Locale::ZhCN;
        data.parameters = {
            {zh ? "期间" : "Period", data.period.iso() + " (" + data.period.first().iso() + " … " +
                                         data.period.last().iso() + ")"},
            {zh ? "趋势月数" : "Trend months", std::to_string(kKpiTrendMonths)},
            {zh ? "定期拜访窗口(天)" : "Regular-visit window (days)", std::to_string(visitWindowDays)},
            {zh ? "个人工作簿" : "Per-person workbooks", perPerson ? (zh ? "是" : "yes") : (zh ? "否" : "no")},
            {zh ? "数据源" : "Source", data.sourceDescription},
            {zh ? "数据指纹" : "Data fingerprint", data.fingerprint},
            {zh ? "语言" : "Locale", std::string(localeName(context.params.locale))},
        };
        data.accounting = context.accounting.counts();
        data.quarantined = context.accounting.quarantined();
        return data;
    }


    std::unique_ptr<KpiInputs> inputs_;
};

}  // namespace

void registerKpiJob(JobRegistry& registry) {
    registry.add(JobInfo{"kpi",
                         "Monthly sales KPI workbook (销售业绩KPI) for a month (--period, default last full month); "
                         "-D kpi.per_person=true adds one workbook per salesperson",
                         [] { return std::make_unique<KpiJob>(); }});
}

}  // namespace yewu
