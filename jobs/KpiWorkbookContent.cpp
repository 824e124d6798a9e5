#include "KpiWorkbookContent.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace yewu {

namespace {

constexpr std::size_t kRankBlock = 10;     // top and bottom by attainment
constexpr std::size_t kTopCustomers = 20;  // per person

}  // namespace

KpiRow kpiRow(const KpiSalesperson& p, std::optional<std::int64_t> rank) {
    return KpiRow{rank, p.info.id, p.info.name, p.info.team, p.info.region, p.figures};
}

KpiWorkbookData kpiWorkbookData(const KpiCalculator& kpi, const KpiTeam* only) {
    KpiWorkbookData data;
    data.period = kpi.period();

    const auto ranking = kpi.ranking();
    std::unordered_map<Id, std::int64_t> rankOf;
    for (std::size_t i = 0; i < ranking.size(); ++i) {
        rankOf[ranking[i]->info.id] = std::int64_t(i + 1);
        if (!only || ranking[i]->info.team == only->name)
            data.overview.push_back(kpiRow(*ranking[i], std::int64_t(i + 1)));
    }

    for (const KpiTeam& team : kpi.teams()) {
        if (only && team.name != only->name) continue;
        KpiTeamSheet sheet{team.name, {}, team.figures};
        for (const KpiSalesperson* p : ranking)
            if (p->info.team == team.name) sheet.members.push_back(kpiRow(*p, rankOf.at(p->info.id)));
        for (Id id : team.members) {
            const KpiSalesperson* p = kpi.find(id);
            if (!p->info.active && p->hasData) sheet.members.push_back(kpiRow(*p, std::nullopt));
        }
        data.teams.push_back(std::move(sheet));
        KpiTrendSeries series{team.name, {}};
        series.months.assign(team.series.end() - kKpiTrendMonths, team.series.end());
        data.trend.push_back(std::move(series));
    }
    for (int i = KpiCalculator::kWindowMonths - kKpiTrendMonths; i < KpiCalculator::kWindowMonths; ++i)
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
    std::stable_sort(data.belowVisitTarget.begin(), data.belowVisitTarget.end(), [](const KpiRow& a, const KpiRow& b) {
        // visits/target ascending, exactly; then id
        const __int128 l = __int128(a.figures.visits) * b.figures.visitTarget;
        const __int128 r = __int128(b.figures.visits) * a.figures.visitTarget;
        if (l != r) return l < r;
        return a.id < b.id;
    });
    for (const KpiSalesperson* p : ranking)
        if (!only || p->info.team == only->name)
            data.coverage.push_back(
                KpiVisitCoverage{p->info.id, p->info.name, p->info.team, p->customers, p->customersNotVisited});
    std::stable_sort(data.coverage.begin(), data.coverage.end(), [](const auto& a, const auto& b) {
        if (a.notVisited != b.notVisited) return a.notVisited > b.notVisited;
        return a.id < b.id;
    });
    return data;
}

PersonalKpiData personalKpiData(const KpiCalculator& kpi, const KpiRow& row, const KpiInputs& inputs,
                                const AgingBuckets& buckets) {
    const KpiSalesperson* p = kpi.find(row.id);
    PersonalKpiData personal;
    personal.period = kpi.period();
    personal.row = row;
    for (int i = KpiCalculator::kWindowMonths - kKpiTrendMonths; i < KpiCalculator::kWindowMonths; ++i) {
        personal.months.push_back(kpi.monthAt(i));
        personal.series.push_back(p->series[std::size_t(i)]);
    }
    for (const KpiCustomerSales& c : kpi.topCustomers(row.id, kTopCustomers))
        personal.topCustomers.push_back(KpiCustomerRow{c.customerId, inputs.customerName(c.customerId), c.sales, c.orders});
    personal.buckets = buckets;
    if (const auto it = inputs.openInvoices().find(row.id); it != inputs.openInvoices().end()) {
        personal.openInvoices = it->second;
        std::stable_sort(personal.openInvoices.begin(), personal.openInvoices.end(),
                         [](const auto& a, const auto& b) { return a.daysPastDue > b.daysPastDue; });
    }
    return personal;
}

}  // namespace yewu
