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
#include "OutputSet.h"
#include "connectors/IdSet.h"
#include "connectors/TableReader.h"
#include "core/KpiCalculator.h"
#include "core/ReceivablesAging.h"
#include "reports/xlsx/KpiWorkbook.h"

namespace yewu {

namespace {

constexpr std::size_t kTopCustomers = 20;
constexpr std::size_t kRankBlock = 10;
constexpr int kTrendMonths = 12;

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
            PersonalKpiData personal = personalData(kpi, row, buckets);
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

    static KpiRow rowOf(const KpiSalesperson& p, std::optional<std::int64_t> rank) {
        return KpiRow{rank, p.info.id, p.info.name, p.info.team, p.info.region, p.figures};
    }

    KpiWorkbookData workbookData(JobContext& context, const KpiCalculator& kpi, std::string fingerprint,
                                 int visitWindowDays, bool perPerson) {
        KpiWorkbookData data;
        data.period = kpi.period();
        data.visitWindowDays = visitWindowDays;
        data.sourceDescription = context.source.describe();
        data.fingerprint = std::move(fingerprint);

        const auto ranking = kpi.ranking();
        std::unordered_map<Id, std::int64_t> rankOf;
        for (std::size_t i = 0; i < ranking.size(); ++i) {
            rankOf[ranking[i]->info.id] = std::int64_t(i + 1);
            data.overview.push_back(rowOf(*ranking[i], std::int64_t(i + 1)));
        }

        for (const KpiTeam& team : kpi.teams()) {
            KpiTeamSheet sheet{team.name, {}, team.figures};
            for (const KpiSalesperson* p : ranking)
                if (p->info.team == team.name) sheet.members.push_back(rowOf(*p, rankOf.at(p->info.id)));
            for (Id id : team.members) {
                const KpiSalesperson* p = kpi.find(id);
                if (!p->info.active && p->hasData) sheet.members.push_back(rowOf(*p, std::nullopt));
            }
            data.teams.push_back(std::move(sheet));
            KpiTrendSeries series{team.name, {}};
            series.months.assign(team.series.end() - kTrendMonths, team.series.end());
            data.trend.push_back(std::move(series));
        }
        for (int i = KpiCalculator::kWindowMonths - kTrendMonths; i < KpiCalculator::kWindowMonths; ++i)
            data.trendMonths.push_back(kpi.monthAt(i));

        std::vector<KpiRow> withTarget;
        for (const KpiRow& row : data.overview)
            if (row.figures.attainment()) withTarget.push_back(row);
        for (std::size_t i = 0; i < withTarget.size() && i < kRankBlock; ++i) data.top.push_back(withTarget[i]);
        for (std::size_t i = 0; i < withTarget.size() && i < kRankBlock; ++i)
            data.bottom.push_back(withTarget[withTarget.size() - 1 - i]);

        for (const KpiRow& row : data.overview)
            if (row.figures.visitTarget > 0 && row.figures.visits < row.figures.visitTarget)
                data.belowVisitTarget.push_back(row);
        std::stable_sort(data.belowVisitTarget.begin(), data.belowVisitTarget.end(),
                         [](const KpiRow& a, const KpiRow& b) {
                             const auto& x = a.figures;
                             const auto& y = b.figures;
                             // visits/target ascending, exactly; then id
                             const __int128 l = __int128(x.visits) * y.visitTarget;
                             const __int128 r = __int128(y.visits) * x.visitTarget;
                             if (l != r) return l < r;
                             return a.id < b.id;
                         });
        for (const KpiSalesperson* p : ranking)
            data.coverage.push_back(KpiVisitCoverage{p->info.id, p->info.name, p->info.team, p->customers,
                                                     p->customersNotVisited});
        std::stable_sort(data.coverage.begin(), data.coverage.end(), [](const auto& a, const auto& b) {
            if (a.notVisited != b.notVisited) return a.notVisited > b.notVisited;
            return a.id < b.id;
        });

        const bool zh = context.params.locale == Locale::ZhCN;
        data.parameters = {
            {zh ? "期间" : "Period", data.period.iso() + " (" + data.period.first().iso() + " … " +
                                         data.period.last().iso() + ")"},
            {zh ? "趋势月数" : "Trend months", std::to_string(kTrendMonths)},
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

    PersonalKpiData personalData(const KpiCalculator& kpi, const KpiRow& row, const AgingBuckets& buckets) {
        const KpiSalesperson* p = kpi.find(row.id);
        PersonalKpiData personal;
        personal.period = kpi.period();
        personal.row = row;
        for (int i = KpiCalculator::kWindowMonths - kTrendMonths; i < KpiCalculator::kWindowMonths; ++i) {
            personal.months.push_back(kpi.monthAt(i));
            personal.series.push_back(p->series[std::size_t(i)]);
        }
        for (const KpiCustomerSales& c : kpi.topCustomers(row.id, kTopCustomers))
            personal.topCustomers.push_back(KpiCustomerRow{c.customerId, inputs_->customerName(c.customerId), c.sales, c.orders});
        personal.buckets = buckets;
        if (auto it = inputs_->openInvoices().find(row.id); it != inputs_->openInvoices().end()) {
            personal.openInvoices = std::move(it->second);
            std::stable_sort(personal.openInvoices.begin(), personal.openInvoices.end(),
                             [](const auto& a, const auto& b) { return a.daysPastDue > b.daysPastDue; });
        }
        return personal;
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
