// The monthly sales KPI workbook (销售业绩KPI) and the per-salesperson
// workbooks the appraisal job mails, written with libxlsxwriter.
//
// Sheets of the main workbook, in order: 业绩总览, 团队-<team> (one per team),
// 趋势, 排行, 拜访, [数据问题,] 说明 (English names with locale "en").
// Numbers arrive as exact KpiFigures; ratios become doubles only in the cell.
// A ratio that DESIGN.md calls "none" (no target, growth against a month
// without sales) is an empty cell. Totals rows are formulas; hidden helper
// columns after 年累计完成率 hold the denominators the formulas need.
// The document timestamp is the period's last day, so the same input gives
// the same bytes. Rows are bounded by salespeople, so the workbook is built
// in memory (normal mode), which charts and conditional formats need anyway.
//
// Throws ReportError (with lxw_strerror's text and the path) when libxlsxwriter fails.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/Aging.h"
#include "core/Date.h"
#include "core/Entities.h"
#include "core/KpiFigures.h"
#include "core/Quarantine.h"
#include "reports/Locale.h"
#include "reports/xlsx/ReceivablesWorkbook.h"

namespace yewu {

struct KpiRow {
    std::optional<std::int64_t> rank;  // none for a salesperson who left
    Id id = 0;
    std::string name;
    std::string team;
    std::string region;
    KpiFigures figures;
};

struct KpiTeamSheet {
    std::string team;
    std::vector<KpiRow> members;  // ranked members first, in ranking order, then those who left
    KpiFigures total;             // Σ over every member (equals the sum of the rows listed)
};

struct KpiTrendSeries {
    std::string team;
    std::vector<KpiMonthPoint> months;  // one per KpiWorkbookData::trendMonths
};

struct KpiVisitCoverage {
    Id id = 0;
    std::string name;
    std::string team;
    std::int64_t customers = 0;
    std::int64_t notVisited = 0;
};

struct KpiWorkbookData {
    Month period;
    int visitWindowDays = 90;
    std::string sourceDescription;  // never contains credentials
    std::string fingerprint;
    std::vector<KpiRow> overview;   // active salespeople in ranking order
    std::vector<KpiTeamSheet> teams;
    std::vector<Month> trendMonths;  // the 12 months ending with the period
    std::vector<KpiTrendSeries> trend;
    std::vector<KpiRow> top;         // best attainment first (only those with a target)
    std::vector<KpiRow> bottom;      // worst attainment first
    std::vector<KpiRow> belowVisitTarget;
    std::vector<KpiVisitCoverage> coverage;
    std::vector<std::pair<std::string, std::string>> parameters;  // shown on 说明
    std::map<std::string, TableCount> accounting;
    std::vector<QuarantinedRow> quarantined;  // 数据问题, only when non-empty
};

struct KpiCustomerRow {
    Id customerId = 0;
    std::string name;
    Money sales;
    std::int64_t orders = 0;
};

struct PersonalKpiData {
    Month period;
    KpiRow row;
    std::vector<Month> months;            // 12 months ending with the period
    std::vector<KpiMonthPoint> series;    // one per month
    std::vector<KpiCustomerRow> topCustomers;
    AgingBuckets buckets;
    std::vector<ReceivablesDetailRow> openInvoices;  // open at the period's last day
};

class KpiWorkbook {
public:
    // Writes the whole workbook to `path` (a temp path; the caller renames it into place).
    static void write(const std::string& path, const KpiWorkbookData& data, Locale locale);
    // One salesperson's workbook: their row and 12-month trend with a chart, their top
    // customers of the month, and their open invoices with aging.
    static void writePersonal(const std::string& path, const PersonalKpiData& data, Locale locale);
};

}  // namespace yewu
