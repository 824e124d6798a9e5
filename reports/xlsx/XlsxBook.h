// XlsxBook: the libxlsxwriter conventions every yewu workbook follows, in one
// place: a fixed document timestamp (same input, same bytes), the shared cell
// formats (¥#,##0.00 money, 0.0% percentages, ...), checked writes that turn
// every lxw_error into a ReportError naming the file, sheet and cell, user
// text only ever written as a string (sanitized to what Excel accepts), and
// the 数据问题 / row-accounting tables of the 说明 sheet.
//
// Include only from reports/xlsx (it exposes xlsxwriter.h). The book owns the
// lxw_workbook; close() writes the file and throws ReportError on failure.
// Destroying an unclosed book closes it anyway (libxlsxwriter cannot discard
// a workbook) and the caller's OutputSet throws the file away.
#pragma once

#include <xlsxwriter.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/Aging.h"
#include "core/Date.h"
#include "core/Money.h"
#include "core/Quarantine.h"
#include "reports/Locale.h"
#include "reports/xlsx/DisplayWidth.h"

namespace yewu {

inline constexpr const char* kXlsxMoneyFormat = "\xC2\xA5#,##0.00";  // ¥#,##0.00
inline constexpr const char* kXlsxCountFormat = "#,##0";
inline constexpr const char* kXlsxPercentFormat = "0.0%";
inline constexpr const char* kXlsxDateFormat = "yyyy-mm-dd";
inline constexpr const char* kXlsxOneDecimalFormat = "0.0";
inline constexpr lxw_row_t kXlsxMaxDataRows = 1048575;  // Excel's rows, less the header

// Texts shared by the data-issues sheet and the row-accounting table, per locale.
struct XlsxCommonLabels {
    std::string_view dataIssuesSheet, notesSheet;
    std::string_view table, location, rowId, field, value, reason;
    std::string_view parameters, parameter, accounting, read, used, quarantined, check, yes, no,
        checkRule;
    std::string_view total, listSeparator;
    std::string_view current, overduePrefix, overdueSuffix, overLastPrefix, overLastSuffix;
    // The columns of an open invoice (the receivables detail sheet, a personal KPI workbook).
    std::string_view customerId, customerName, invoiceNo, invoiceDate, dueDate, amount, paid, open, daysPastDue,
        bucket;
};
const XlsxCommonLabels& xlsxCommonLabels(Locale locale);

// "未到期", "逾期1-30天", ..., "逾期180天以上" (English: "Current", "1-30 days", ">180 days").
std::vector<std::string> agingBucketLabels(const AgingBuckets& buckets, Locale locale);

// Only ever a cell value for Excel; every sum is done on Money, in cents.
inline double yuan(Money m) { return double(m.cents()) / 100.0; }
// Excel's serial day number of a civil date.
double excelSerial(Date d);
std::string groupedCount(std::int64_t n);
std::string cellName(lxw_row_t row, lxw_col_t col);                        // "B7"
std::string rangeName(lxw_row_t firstRow, lxw_col_t col, lxw_row_t lastRow);  // "B2:B9"
// Text as Excel can hold it (valid UTF-8, no XML non-characters, literal _xHHHH_ escaped,
// at most 32,767 UTF-16 units). Returns `text` itself when it needs no change.
const std::string& toCellText(const std::string& text, std::string& scratch);

struct XlsxFormats {
    lxw_format* title = nullptr;
    lxw_format* section = nullptr;
    lxw_format* header = nullptr;
    lxw_format* label = nullptr;
    lxw_format* wrap = nullptr;
    lxw_format* money = nullptr;
    lxw_format* count = nullptr;
    lxw_format* percent = nullptr;
    lxw_format* date = nullptr;
    lxw_format* oneDecimal = nullptr;
    lxw_format* totalLabel = nullptr;
    lxw_format* totalMoney = nullptr;
    lxw_format* totalCount = nullptr;
    lxw_format* totalPercent = nullptr;
    lxw_format* totalOneDecimal = nullptr;
    lxw_format* alert = nullptr;     // red fill, dark red font (conditional highlight)
    lxw_format* redFont = nullptr;   // red font only (conditional)
};

class XlsxBook {
public:
    // Creates the workbook at `path`. The document's created time is `documentDate` at
    // 00:00 UTC. Throws ReportError when the file cannot be created.
    XlsxBook(std::string path, bool constantMemory, const std::string& title, Date documentDate);
    ~XlsxBook();
    XlsxBook(const XlsxBook&) = delete;
    XlsxBook& operator=(const XlsxBook&) = delete;

    const std::string& path() const { return path_; }
    const XlsxFormats& formats() const { return formats_; }
    lxw_workbook* workbook() { return workbook_; }

    // Throws ReportError for a name Excel refuses (libxlsxwriter prints why on stderr).
    lxw_worksheet* addSheet(std::string_view name);
    lxw_format* addFormat();
    lxw_chart* addChart(std::uint8_t type);
    // Writes the file; nothing may be written afterwards.
    void close();

    [[noreturn]] void fail(lxw_error err, const std::string& what) const;
    [[noreturn]] void failCell(lxw_error err, lxw_worksheet* ws, lxw_row_t row, lxw_col_t col) const;
    void check(lxw_error err, lxw_worksheet* ws, const char* what) const;

    // --- cells; user text only ever goes through writeText, never as a formula ---
    void writeText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& value,
                   lxw_format* format = nullptr);
    void writeText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view value,
                   lxw_format* format = nullptr) {
        writeText(ws, row, col, std::string(value), format);
    }
    void writeNumber(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double value, lxw_format* format);
    // Formulas are built by the workbooks from cell references only; `cached` is what
    // Excel's own calculation gives, for readers that do not recalculate.
    void writeFormula(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& formula,
                      lxw_format* format, double cached);
    void writeFormulaText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& formula,
                          lxw_format* format, const std::string& cached);
    void writeBlank(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, lxw_format* format);
    void writeHeader(lxw_worksheet* ws, lxw_row_t row, const std::vector<std::string>& labels,
                     ColumnWidths& widths, lxw_col_t firstCol = 0);
    void applyWidths(lxw_worksheet* ws, const ColumnWidths& widths);
    // Autofilter over the header and data rows (not a totals row); header row frozen, and
    // the first `frozenCols` columns.
    void filterAndFreeze(lxw_worksheet* ws, lxw_row_t lastDataRow, lxw_col_t lastCol,
                         lxw_col_t frozenCols = 0);

    // The 数据问题 sheet: one row per quarantined row.
    void writeDataIssues(lxw_worksheet* ws, const std::vector<QuarantinedRow>& rows,
                         const XlsxCommonLabels& text);
    // Parameters (name, value) and the per-table row accounting with a self-checking formula,
    // from row r on; returns the row after them.
    lxw_row_t writeParameters(lxw_worksheet* ws, lxw_row_t r,
                              const std::vector<std::pair<std::string, std::string>>& parameters,
                              const XlsxCommonLabels& text, ColumnWidths& widths);
    lxw_row_t writeAccounting(lxw_worksheet* ws, lxw_row_t r,
                              const std::map<std::string, TableCount>& accounting,
                              const XlsxCommonLabels& text, ColumnWidths& widths);

private:
    std::string path_;
    lxw_workbook* workbook_ = nullptr;
    std::vector<lxw_worksheet*> sheets_;
    XlsxFormats formats_;
    std::string scratch_;  // reused by writeText to keep per-row allocations away
};

}  // namespace yewu
