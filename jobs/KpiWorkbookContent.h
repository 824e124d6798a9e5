// KpiWorkbookContent: what the KPI workbooks show, built from a finished
// KpiCalculator in one place, so the KPI job's workbook and the appraisal's
// team and personal workbooks rank and list by the same rules.
//
// The caller adds what depends on its run: source, fingerprint, parameters
// and row accounting.
#pragma once

#include <cstdint>
#include <optional>

#include "KpiInputs.h"
#include "core/KpiCalculator.h"
#include "reports/xlsx/KpiWorkbook.h"

namespace yewu {

constexpr int kKpiTrendMonths = 12;

KpiRow kpiRow(const KpiSalesperson& person, std::optional<std::int64_t> rank);

// The overview in ranking order, one sheet per team (members who left but have
// figures come last, unranked), the 12-month trend, the top and bottom ten by
// attainment, those below their visit target and the visit coverage. With
// `team`: that team alone, its members keeping their places in the whole ranking.
KpiWorkbookData kpiWorkbookData(const KpiCalculator& kpi, const KpiTeam* team = nullptr);

// One salesperson's workbook: their row, 12-month series, top 20 customers by
// sales in the month, and open invoices, most overdue first.
PersonalKpiData personalKpiData(const KpiCalculator& kpi, const KpiRow& row, const KpiInputs& inputs,
                                const AgingBuckets& buckets);

}  // namespace yewu
