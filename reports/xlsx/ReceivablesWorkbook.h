// The receivables aging workbook (应收账款账龄分析表), written with libxlsxwriter
// in constant-memory mode so the detail sheet streams: call addDetailRow() for
// every open invoice as it is found, then finish() with the aggregates.
//
// Sheets, in order: 账龄汇总, 按客户, 按业务员, 明细 [, 明细 (2) ...], [数据问题,] 说明
// (English names with locale "en"). The workbook's document properties carry a
// timestamp derived from the as-of date, so the same input gives the same bytes.
//
// Throws ReportError (with lxw_strerror's text and the path) when libxlsxwriter fails.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <map>
#include <vector>

#include "core/Aging.h"
#include "core/Date.h"
#include "core/Money.h"
#include "core/Quarantine.h"
#include "core/ReceivablesAging.h"
#include "reports/Locale.h"

namespace yewu {

struct ReceivablesDetailRow {
    std::string invoiceNo;
    Date invoiceDate;
    Date dueDate;
    Id customerId = 0;
    std::string customerName;
    std::string salespersonName;
    Money amount;
    Money paid;
    Money open;
    int daysPastDue = 0;     // negative when not yet due
    std::size_t bucket = 0;  // index into the buckets
};

struct ReceivablesCustomerRow {
    Id customerId = 0;
    std::string customerName;
    std::string salespersonName;
    std::string region;
    int paymentTermsDays = 0;
    AgingTotals totals;
};

struct ReceivablesSalespersonRow {
    Id salespersonId = 0;
    std::string name;
    std::string team;
    AgingTotals totals;
};

struct ReceivablesParameter {
    std::string name;
    std::string value;
};

struct ReceivablesSummary {
    std::string sourceDescription;  // never contains credentials
    std::string fingerprint;        // hash of the rows read
    AgingTotals total;
    std::int64_t customersWithOverdue = 0;
    std::vector<ReceivablesCustomerRow> topOver90;      // at most 20, already sorted
    std::vector<ReceivablesCustomerRow> byCustomer;     // already sorted by overdue, descending
    std::vector<ReceivablesSalespersonRow> bySalesperson;  // already sorted
    std::vector<ReceivablesParameter> parameters;       // shown on 说明
    std::map<std::string, TableCount> accounting;       // per table, shown on 说明
    std::vector<QuarantinedRow> quarantined;            // 数据问题, only when non-empty
};

struct ReceivablesWorkbookOptions {
    Date asOf;
    AgingBuckets buckets;
    Locale locale = Locale::ZhCN;
    // Data rows per detail sheet before continuing on "明细 (2)"; Excel's limit by default.
    std::int64_t detailRowsPerSheet = 1048575;
    // Longest customer / salesperson name (in display columns) the detail sheet will hold,
    // so its column widths can be set before rows stream in.
    int customerNameWidth = 20;
    int salespersonNameWidth = 10;
};

class ReceivablesWorkbook {
public:
    // Creates the workbook at `path` (a temp path; the caller renames it into place).
    ReceivablesWorkbook(const std::string& path, ReceivablesWorkbookOptions options);
    ~ReceivablesWorkbook();
    ReceivablesWorkbook(const ReceivablesWorkbook&) = delete;
    ReceivablesWorkbook& operator=(const ReceivablesWorkbook&) = delete;

    void addDetailRow(const ReceivablesDetailRow& row);
    std::int64_t detailRows() const;
    // Writes the summary sheets and closes the file. Nothing may be added afterwards.
    void finish(const ReceivablesSummary& summary);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace yewu
