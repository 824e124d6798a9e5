#include "ReceivablesWorkbook.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "reports/ReportError.h"
#include "reports/xlsx/DisplayWidth.h"
#include "reports/xlsx/XlsxBook.h"

namespace yewu {

namespace {

// Every text the workbook shows, per locale.
struct Labels {
    std::string_view summarySheet, byCustomerSheet, bySalespersonSheet, detailSheet;
    std::string_view title, asOf, basis, basisValue, currency, currencyValue, source, fingerprint;
    std::string_view openAmount, invoices, share, total, totalOpen, totalOverdue, dso,
        customersOverdue, topTitle, rank, over90, none;
    std::string_view salesperson, region, terms, maxDaysPastDue;
    std::string_view salespersonId, team, overdue, overdueShare;
    std::string_view definitions;
    std::string_view openTerm, openText, agingTerm, agingText, bucketsTerm, overdueTerm,
        overdueText, dsoTerm, dsoText, amountsTerm, amountsText;
};

const Labels kZh{
    .summarySheet = "账龄汇总",
    .byCustomerSheet = "按客户",
    .bySalespersonSheet = "按业务员",
    .detailSheet = "明细",
    .title = "应收账款账龄分析表",
    .asOf = "截至日期",
    .basis = "账龄口径",
    .basisValue = "按到期日",
    .currency = "币种",
    .currencyValue = "人民币 CNY",
    .source = "数据来源",
    .fingerprint = "数据指纹",
    .openAmount = "未收金额",
    .invoices = "发票张数",
    .share = "占比",
    .total = "合计",
    .totalOpen = "未收合计",
    .totalOverdue = "逾期合计",
    .dso = "DSO（天）",
    .customersOverdue = "有逾期的客户数",
    .topTitle = "逾期90天以上金额前20名客户",
    .rank = "排名",
    .over90 = "逾期90天以上",
    .none = "无",
    .salesperson = "业务员",
    .region = "区域",
    .terms = "信用期(天)",
    .maxDaysPastDue = "最长逾期天数",
    .salespersonId = "业务员编号",
    .team = "团队",
    .overdue = "逾期合计",
    .overdueShare = "逾期占比",
    .definitions = "定义",
    .openTerm = "未收金额 open(inv, d)",
    .openText =
        "发票金额减去付款日期不晚于截至日期 d 的付款合计，只计开票日期不晚于 d 的发票；"
        "未收金额大于 0 的发票为未结发票，逐张列在“明细”表。",
    .agingTerm = "账龄（按到期日）",
    .agingText = "逾期天数 = 截至日期 − 到期日；逾期天数不大于 0 为未到期。",
    .bucketsTerm = "账龄区间",
    .overdueTerm = "逾期",
    .overdueText = "到期日早于截至日期的发票的未收金额。",
    .dsoTerm = "DSO（应收账款周转天数）",
    .dsoText =
        "DSO = 截至日期的未收合计 ÷ 截至日期前 90 天（d−89 至 d）的开票金额 × 90；"
        "这 90 天内没有开票时不计算。",
    .amountsTerm = "金额",
    .amountsText = "人民币元，显示到分；所有计算以分为单位的整数进行。",
};

const Labels kEn{
    .summarySheet = "Summary",
    .byCustomerSheet = "By customer",
    .bySalespersonSheet = "By salesperson",
    .detailSheet = "Detail",
    .title = "Receivables aging",
    .asOf = "As of",
    .basis = "Aging basis",
    .basisValue = "By due date",
    .currency = "Currency",
    .currencyValue = "CNY (Chinese yuan)",
    .source = "Source",
    .fingerprint = "Data fingerprint",
    .openAmount = "Open amount",
    .invoices = "Invoices",
    .share = "% of total",
    .total = "Total",
    .totalOpen = "Total open",
    .totalOverdue = "Total overdue",
    .dso = "DSO (days)",
    .customersOverdue = "Customers with overdue",
    .topTitle = "Top 20 customers by amount more than 90 days overdue",
    .rank = "Rank",
    .over90 = "Over 90 days",
    .none = "None",
    .salesperson = "Salesperson",
    .region = "Region",
    .terms = "Terms (days)",
    .maxDaysPastDue = "Max days overdue",
    .salespersonId = "Salesperson ID",
    .team = "Team",
    .overdue = "Overdue",
    .overdueShare = "Overdue %",
    .definitions = "Definitions",
    .openTerm = "Open amount open(inv, d)",
    .openText =
        "Invoice amount minus the payments made on or before the as-of date d, for invoices "
        "dated on or before d; an invoice with an open amount above 0 is open and listed on "
        "\"Detail\".",
    .agingTerm = "Aging (by due date)",
    .agingText = "Days overdue = as-of date − due date; 0 or less is current.",
    .bucketsTerm = "Aging buckets",
    .overdueTerm = "Overdue",
    .overdueText = "Open amount of invoices whose due date is before the as-of date.",
    .dsoTerm = "DSO (days sales outstanding)",
    .dsoText =
        "DSO = total open at d ÷ amount invoiced in the 90 days d−89 … d × 90; not computed "
        "when nothing was invoiced in those 90 days.",
    .amountsTerm = "Amounts",
    .amountsText =
        "Chinese yuan, shown to the fen (cent); all arithmetic is done in integer cents.",
};

Money bucketAmount(const AgingTotals& t, std::size_t i) {
    return i < t.buckets.size() ? t.buckets[i] : Money();
}

std::int64_t bucketCount(const AgingTotals& t, std::size_t i) {
    return i < t.invoices.size() ? t.invoices[i] : 0;
}

std::optional<double> roundedDso(const AgingTotals& t) {
    const auto dso = t.dso();
    if (!dso) return std::nullopt;
    return std::round(*dso * 10.0) / 10.0;
}

}  // namespace

struct ReceivablesWorkbook::Impl {
    std::string path;
    ReceivablesWorkbookOptions options;
    const Labels& text;
    std::vector<std::string> bucketLabels;

    std::optional<XlsxBook> book;  // created by setUp()
    const XlsxCommonLabels& common;
    lxw_worksheet* summarySheet = nullptr;
    lxw_worksheet* customerSheet = nullptr;
    lxw_worksheet* salespersonSheet = nullptr;
    lxw_worksheet* detailSheet = nullptr;  // the one rows go to now
    int detailSheetCount = 0;
    std::int64_t detailRowsInSheet = 0;
    std::int64_t detailRowsTotal = 0;
    bool finished = false;

    lxw_format* titleFormat = nullptr;
    lxw_format* sectionFormat = nullptr;
    lxw_format* headerFormat = nullptr;
    lxw_format* labelFormat = nullptr;
    lxw_format* wrapFormat = nullptr;
    lxw_format* moneyFormat = nullptr;
    lxw_format* countFormat = nullptr;
    lxw_format* percentFormat = nullptr;
    lxw_format* dateFormat = nullptr;
    lxw_format* oneDecimalFormat = nullptr;
    lxw_format* totalLabelFormat = nullptr;
    lxw_format* totalMoneyFormat = nullptr;
    lxw_format* totalCountFormat = nullptr;
    lxw_format* totalPercentFormat = nullptr;
    lxw_format* totalOneDecimalFormat = nullptr;
    lxw_format* alertFormat = nullptr;

    Impl(std::string p, ReceivablesWorkbookOptions o)
        : path(std::move(p)),
          options(std::move(o)),
          text(options.locale == Locale::ZhCN ? kZh : kEn),
          common(xlsxCommonLabels(options.locale)) {}

    // The checked writes and workbook conventions are XlsxBook's, shared with the KPI workbook.
    void check(lxw_error err, lxw_worksheet* ws, const char* what) const { book->check(err, ws, what); }
    lxw_worksheet* newSheet(std::string_view name) { return book->addSheet(name); }
    void writeText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view value,
                   lxw_format* format = nullptr) {
        book->writeText(ws, row, col, value, format);
    }
    void writeText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& value,
                   lxw_format* format = nullptr) {
        book->writeText(ws, row, col, value, format);
    }
    void writeNumber(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double value,
                     lxw_format* format) {
        book->writeNumber(ws, row, col, value, format);
    }
    void writeFormula(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& formula,
                      lxw_format* format, double cached) {
        book->writeFormula(ws, row, col, formula, format, cached);
    }
    void writeBlank(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, lxw_format* format) {
        book->writeBlank(ws, row, col, format);
    }
    void writeHeader(lxw_worksheet* ws, lxw_row_t row, const std::vector<std::string>& labels,
                     ColumnWidths& widths) {
        book->writeHeader(ws, row, labels, widths);
    }
    void applyWidths(lxw_worksheet* ws, const ColumnWidths& widths) { book->applyWidths(ws, widths); }
    // Header row frozen, autofilter over header and data rows (not the totals row).
    void filterAndFreeze(lxw_worksheet* ws, lxw_row_t lastDataRow, lxw_col_t lastCol) {
        book->filterAndFreeze(ws, lastDataRow, lastCol);
    }

    void setUp();
    void startDetailSheet();
    void closeDetailSheet();
    void addDetailRow(const ReceivablesDetailRow& row);
    void writeSummary(const ReceivablesSummary& summary);
    void writeAgingCells(lxw_worksheet* ws, lxw_row_t r, lxw_col_t firstBucketCol, const AgingTotals& totals,
                         ColumnWidths& widths, std::vector<Money>& bucketSums);
    void writeSumCell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t col, lxw_row_t lastDataRow, Money value,
                      ColumnWidths& widths);
    void writeAgingTotals(lxw_worksheet* ws, lxw_row_t r, lxw_col_t firstBucketCol, lxw_row_t lastDataRow,
                          const std::vector<Money>& bucketSums, Money totalSum, ColumnWidths& widths);
    void writeByCustomer(const ReceivablesSummary& summary);
    void writeBySalesperson(const ReceivablesSummary& summary);
    void writeNotes(lxw_worksheet* ws, const ReceivablesSummary& summary);
    void finish(const ReceivablesSummary& summary);
};

void ReceivablesWorkbook::Impl::setUp() {
    if (options.detailRowsPerSheet < 1 || options.detailRowsPerSheet > kXlsxMaxDataRows) {
        throw ReportError("detail rows per sheet must be 1.." + std::to_string(kXlsxMaxDataRows) +
                          ", not " + std::to_string(options.detailRowsPerSheet));
    }
    bucketLabels = agingBucketLabels(options.buckets, options.locale);

    // Detail sheets alone can hold a million rows: stream them to temp files. The document
    // timestamp comes from the as-of date, so the same input gives the same bytes.
    book.emplace(path, true, std::string(text.title) + " " + options.asOf.iso(), options.asOf);
    const XlsxFormats& f = book->formats();
    titleFormat = f.title;
    sectionFormat = f.section;
    headerFormat = f.header;
    labelFormat = f.label;
    wrapFormat = f.wrap;
    moneyFormat = f.money;
    countFormat = f.count;
    percentFormat = f.percent;
    dateFormat = f.date;
    oneDecimalFormat = f.oneDecimal;
    totalLabelFormat = f.totalLabel;
    totalMoneyFormat = f.totalMoney;
    totalCountFormat = f.totalCount;
    totalPercentFormat = f.totalPercent;
    totalOneDecimalFormat = f.totalOneDecimal;
    alertFormat = f.alert;

    // The summary sheets are written at finish(); they must exist now to come first.
    summarySheet = newSheet(text.summarySheet);
    customerSheet = newSheet(text.byCustomerSheet);
    salespersonSheet = newSheet(text.bySalespersonSheet);
    startDetailSheet();
}

void ReceivablesWorkbook::Impl::startDetailSheet() {
    ++detailSheetCount;
    std::string name(text.detailSheet);
    if (detailSheetCount > 1) name += " (" + std::to_string(detailSheetCount) + ")";
    detailSheet = newSheet(name);
    detailRowsInSheet = 0;

    // Rows stream in, so widths are set now from the expected widest content.
    const std::vector<std::string> headers{
        std::string(common.invoiceNo),    std::string(common.invoiceDate),
        std::string(common.dueDate),      std::string(common.customerId),
        std::string(common.customerName), std::string(text.salesperson),
        std::string(common.amount),       std::string(common.paid),
        std::string(common.open),         std::string(common.daysPastDue),
        std::string(common.bucket)};
    ColumnWidths widths;
    writeHeader(detailSheet, 0, headers, widths);
    widths.fitWidth(0, 16);  // invoice numbers
    widths.fitWidth(1, 10);  // yyyy-mm-dd
    widths.fitWidth(2, 10);
    widths.fitWidth(3, 8);  // customer ids
    widths.fitWidth(4, options.customerNameWidth);
    widths.fitWidth(5, options.salespersonNameWidth);
    for (lxw_col_t col = 6; col <= 8; ++col) widths.fitWidth(col, 15);  // ¥999,999,999.99
    widths.fitWidth(9, 6);
    for (const auto& label : bucketLabels) widths.fit(10, label);
    applyWidths(detailSheet, widths);
    worksheet_freeze_panes(detailSheet, 1, 0);
}

void ReceivablesWorkbook::Impl::closeDetailSheet() {
    // The data row count is only known now; libxlsxwriter keeps the range until close.
    check(worksheet_autofilter(detailSheet, 0, 0, lxw_row_t(detailRowsInSheet), 10), detailSheet,
          "the autofilter");
}

void ReceivablesWorkbook::Impl::addDetailRow(const ReceivablesDetailRow& row) {
    if (finished) throw ReportError("detail row added to " + path + " after finish()");
    if (row.bucket >= bucketLabels.size()) {
        throw ReportError("invoice " + row.invoiceNo + " has aging bucket " +
                          std::to_string(row.bucket) + " of " +
                          std::to_string(bucketLabels.size()));
    }
    if (detailRowsInSheet == options.detailRowsPerSheet) {
        closeDetailSheet();
        startDetailSheet();
    }
    lxw_worksheet* ws = detailSheet;
    const auto r = lxw_row_t(detailRowsInSheet + 1);
    writeText(ws, r, 0, row.invoiceNo);
    writeNumber(ws, r, 1, excelSerial(row.invoiceDate), dateFormat);
    writeNumber(ws, r, 2, excelSerial(row.dueDate), dateFormat);
    writeNumber(ws, r, 3, double(row.customerId), nullptr);
    writeText(ws, r, 4, row.customerName);
    writeText(ws, r, 5, row.salespersonName);
    writeNumber(ws, r, 6, yuan(row.amount), moneyFormat);
    writeNumber(ws, r, 7, yuan(row.paid), moneyFormat);
    writeNumber(ws, r, 8, yuan(row.open), moneyFormat);
    writeNumber(ws, r, 9, double(row.daysPastDue), countFormat);
    writeText(ws, r, 10, bucketLabels[row.bucket]);
    ++detailRowsInSheet;
    ++detailRowsTotal;
}

void ReceivablesWorkbook::Impl::writeSummary(const ReceivablesSummary& summary) {
    lxw_worksheet* ws = summarySheet;
    ColumnWidths widths;
    lxw_row_t r = 0;
    writeText(ws, r, 0, std::string(text.title) + " " + options.asOf.iso(), titleFormat);
    r += 2;

    // Header block. Source and fingerprint may be long: they spill into the empty cells to
    // their right instead of widening the table columns below.
    writeText(ws, r, 0, text.asOf, labelFormat);
    widths.fit(0, text.asOf);
    writeNumber(ws, r, 1, excelSerial(options.asOf), dateFormat);
    widths.fitWidth(1, 10);
    ++r;
    const std::pair<std::string_view, std::string_view> facts[] = {
        {text.basis, text.basisValue},
        {text.currency, text.currencyValue},
        {text.source, summary.sourceDescription},
        {text.fingerprint, summary.fingerprint}};
    for (const auto& [label, value] : facts) {
        writeText(ws, r, 0, label, labelFormat);
        widths.fit(0, label);
        writeText(ws, r, 1, value);
        ++r;
    }
    ++r;

    // KPI block: one row per bucket, then formulas over those rows.
    const std::size_t bucketCountAll = bucketLabels.size();
    writeHeader(ws, r,
                {std::string(common.bucket), std::string(text.openAmount), std::string(text.invoices),
                 std::string(text.share)},
                widths);
    ++r;
    const lxw_row_t firstBucketRow = r;
    const lxw_row_t totalRow = firstBucketRow + lxw_row_t(bucketCountAll);
    const std::string totalCell = cellName(totalRow, 1);
    Money total;
    std::int64_t invoices = 0;
    for (std::size_t i = 0; i < bucketCountAll; ++i) {
        total += bucketAmount(summary.total, i);
        invoices += bucketCount(summary.total, i);
    }
    for (std::size_t i = 0; i < bucketCountAll; ++i, ++r) {
        const Money amount = bucketAmount(summary.total, i);
        writeText(ws, r, 0, bucketLabels[i]);
        widths.fit(0, bucketLabels[i]);
        writeNumber(ws, r, 1, yuan(amount), moneyFormat);
        widths.fit(1, amount.format());
        writeNumber(ws, r, 2, double(bucketCount(summary.total, i)), countFormat);
        widths.fit(2, groupedCount(bucketCount(summary.total, i)));
        writeFormula(
            ws, r, 3, "=IF(" + totalCell + "=0,0," + cellName(r, 1) + "/" + totalCell + ")",
            percentFormat, total.isZero() ? 0.0 : double(amount.cents()) / double(total.cents()));
        widths.fitWidth(3, 6);  // 100.0%
    }
    writeText(ws, r, 0, text.total, totalLabelFormat);
    widths.fit(0, text.total);
    writeFormula(ws, r, 1, "=SUM(" + rangeName(firstBucketRow, 1, totalRow - 1) + ")",
                 totalMoneyFormat, yuan(total));
    widths.fit(1, total.format());
    writeFormula(ws, r, 2, "=SUM(" + rangeName(firstBucketRow, 2, totalRow - 1) + ")",
                 totalCountFormat, double(invoices));
    widths.fit(2, groupedCount(invoices));
    writeFormula(ws, r, 3, "=IF(" + totalCell + "=0,0," + totalCell + "/" + totalCell + ")",
                 totalPercentFormat, total.isZero() ? 0.0 : 1.0);
    r += 2;

    writeText(ws, r, 0, text.totalOpen, labelFormat);
    widths.fit(0, text.totalOpen);
    writeNumber(ws, r, 1, yuan(summary.total.total), moneyFormat);
    widths.fit(1, summary.total.total.format());
    ++r;
    writeText(ws, r, 0, text.totalOverdue, labelFormat);
    widths.fit(0, text.totalOverdue);
    writeNumber(ws, r, 1, yuan(summary.total.overdue), moneyFormat);
    widths.fit(1, summary.total.overdue.format());
    ++r;
    writeText(ws, r, 0, text.dso, labelFormat);
    widths.fit(0, text.dso);
    if (const auto dso = roundedDso(summary.total)) {
        writeNumber(ws, r, 1, *dso, oneDecimalFormat);
        widths.fitWidth(1, int(std::to_string(std::llround(*dso)).size()) + 2);
    }
    ++r;
    writeText(ws, r, 0, text.customersOverdue, labelFormat);
    widths.fit(0, text.customersOverdue);
    writeNumber(ws, r, 1, double(summary.customersWithOverdue), countFormat);
    widths.fit(1, groupedCount(summary.customersWithOverdue));
    r += 2;

    // Top customers by amount more than 90 days overdue.
    writeText(ws, r, 0, text.topTitle, sectionFormat);
    ++r;
    writeHeader(
        ws, r,
        {std::string(text.rank), std::string(common.customerId), std::string(common.customerName),
         std::string(text.salesperson), std::string(text.over90), std::string(text.totalOpen)},
        widths);
    ++r;
    if (summary.topOver90.empty()) writeText(ws, r, 0, text.none);
    for (std::size_t i = 0; i < summary.topOver90.size(); ++i, ++r) {
        const auto& c = summary.topOver90[i];
        writeNumber(ws, r, 0, double(i + 1), countFormat);
        writeNumber(ws, r, 1, double(c.customerId), nullptr);
        widths.fit(1, std::to_string(c.customerId));
        writeText(ws, r, 2, c.customerName);
        widths.fit(2, c.customerName);
        writeText(ws, r, 3, c.salespersonName);
        widths.fit(3, c.salespersonName);
        writeNumber(ws, r, 4, yuan(c.totals.over90), moneyFormat);
        widths.fit(4, c.totals.over90.format());
        writeNumber(ws, r, 5, yuan(c.totals.total), moneyFormat);
        widths.fit(5, c.totals.total.format());
    }
    applyWidths(ws, widths);
}

// One row's aging columns on 按客户 and 按业务员: each bucket, then the total; the
// buckets are added to bucketSums.
void ReceivablesWorkbook::Impl::writeAgingCells(lxw_worksheet* ws, lxw_row_t r, lxw_col_t firstBucketCol,
                                                const AgingTotals& totals, ColumnWidths& widths,
                                                std::vector<Money>& bucketSums) {
    for (std::size_t i = 0; i < bucketSums.size(); ++i) {
        const Money amount = bucketAmount(totals, i);
        writeNumber(ws, r, lxw_col_t(firstBucketCol + i), yuan(amount), moneyFormat);
        widths.fit(firstBucketCol + i, amount.format());
        bucketSums[i] += amount;
    }
    const auto totalCol = lxw_col_t(firstBucketCol + bucketSums.size());
    writeNumber(ws, r, totalCol, yuan(totals.total), moneyFormat);
    widths.fit(totalCol, totals.total.format());
}

// A totals-row cell: a formula over the data rows (rows 1..lastDataRow, none when
// lastDataRow is 0), cached with the sum computed in cents.
void ReceivablesWorkbook::Impl::writeSumCell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t col, lxw_row_t lastDataRow,
                                             Money value, ColumnWidths& widths) {
    if (lastDataRow > 0)
        writeFormula(ws, r, col, "=SUM(" + rangeName(1, col, lastDataRow) + ")", totalMoneyFormat, yuan(value));
    else
        writeNumber(ws, r, col, 0, totalMoneyFormat);
    widths.fit(col, value.format());
}

// The totals row up to the total column: its label, blank cells up to the buckets, and
// the sums of the buckets and of the total.
void ReceivablesWorkbook::Impl::writeAgingTotals(lxw_worksheet* ws, lxw_row_t r, lxw_col_t firstBucketCol,
                                                 lxw_row_t lastDataRow, const std::vector<Money>& bucketSums,
                                                 Money totalSum, ColumnWidths& widths) {
    writeText(ws, r, 0, text.total, totalLabelFormat);
    for (lxw_col_t col = 1; col < firstBucketCol; ++col) writeBlank(ws, r, col, totalLabelFormat);
    for (std::size_t i = 0; i < bucketSums.size(); ++i)
        writeSumCell(ws, r, lxw_col_t(firstBucketCol + i), lastDataRow, bucketSums[i], widths);
    writeSumCell(ws, r, lxw_col_t(firstBucketCol + bucketSums.size()), lastDataRow, totalSum, widths);
}

void ReceivablesWorkbook::Impl::writeByCustomer(const ReceivablesSummary& summary) {
    lxw_worksheet* ws = customerSheet;
    const std::size_t nBuckets = bucketLabels.size();
    const lxw_col_t firstBucketCol = 5;
    const auto totalCol = lxw_col_t(firstBucketCol + nBuckets);
    const auto maxDaysCol = lxw_col_t(totalCol + 1);

    ColumnWidths widths;
    std::vector<std::string> headers{std::string(common.customerId), std::string(common.customerName),
                                     std::string(text.salesperson), std::string(text.region),
                                     std::string(text.terms)};
    headers.insert(headers.end(), bucketLabels.begin(), bucketLabels.end());
    headers.emplace_back(text.total);
    headers.emplace_back(text.maxDaysPastDue);
    writeHeader(ws, 0, headers, widths);

    std::vector<Money> bucketSums(nBuckets);
    Money totalSum;
    int maxDays = 0;
    lxw_row_t r = 1;
    for (const auto& c : summary.byCustomer) {
        writeNumber(ws, r, 0, double(c.customerId), nullptr);
        widths.fit(0, std::to_string(c.customerId));
        writeText(ws, r, 1, c.customerName);
        widths.fit(1, c.customerName);
        writeText(ws, r, 2, c.salespersonName);
        widths.fit(2, c.salespersonName);
        writeText(ws, r, 3, c.region);
        widths.fit(3, c.region);
        writeNumber(ws, r, 4, double(c.paymentTermsDays), countFormat);
        widths.fit(4, groupedCount(c.paymentTermsDays));
        writeAgingCells(ws, r, firstBucketCol, c.totals, widths, bucketSums);
        totalSum += c.totals.total;
        writeNumber(ws, r, maxDaysCol, double(c.totals.maxDaysPastDue), countFormat);
        widths.fit(maxDaysCol, groupedCount(c.totals.maxDaysPastDue));
        maxDays = std::max(maxDays, c.totals.maxDaysPastDue);
        ++r;
    }
    const lxw_row_t lastDataRow = r - 1;
    const bool hasRows = !summary.byCustomer.empty();

    // In constant_memory these must come before the totals row: libxlsxwriter refuses
    // ranges that end above the row being written.
    filterAndFreeze(ws, lastDataRow, maxDaysCol);
    if (hasRows) {
        lxw_conditional_format bar{};
        bar.type = LXW_CONDITIONAL_DATA_BAR;
        bar.bar_color = 0x638EC6;
        check(worksheet_conditional_format_range(ws, 1, totalCol, lastDataRow, totalCol, &bar), ws,
              "the data bar");
        lxw_conditional_format alert{};
        alert.type = LXW_CONDITIONAL_TYPE_CELL;
        alert.criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN;
        alert.value = 0;
        alert.format = alertFormat;
        const auto lastBucketCol = lxw_col_t(totalCol - 1);
        check(worksheet_conditional_format_range(ws, 1, lastBucketCol, lastDataRow, lastBucketCol,
                                                 &alert),
              ws, "the overdue highlight");
    }

    writeAgingTotals(ws, r, firstBucketCol, lastDataRow, bucketSums, totalSum, widths);
    if (hasRows) {
        writeFormula(ws, r, maxDaysCol, "=MAX(" + rangeName(1, maxDaysCol, lastDataRow) + ")",
                     totalCountFormat, double(maxDays));
    } else {
        writeNumber(ws, r, maxDaysCol, 0, totalCountFormat);
    }

    applyWidths(ws, widths);
}

void ReceivablesWorkbook::Impl::writeBySalesperson(const ReceivablesSummary& summary) {
    lxw_worksheet* ws = salespersonSheet;
    const std::size_t nBuckets = bucketLabels.size();
    const lxw_col_t firstBucketCol = 3;
    const auto totalCol = lxw_col_t(firstBucketCol + nBuckets);
    const auto overdueCol = lxw_col_t(totalCol + 1);
    const auto shareCol = lxw_col_t(totalCol + 2);
    const auto dsoCol = lxw_col_t(totalCol + 3);

    ColumnWidths widths;
    std::vector<std::string> headers{std::string(text.salespersonId), std::string(text.salesperson),
                                     std::string(text.team)};
    headers.insert(headers.end(), bucketLabels.begin(), bucketLabels.end());
    for (auto label : {text.total, text.overdue, text.overdueShare, std::string_view("DSO")})
        headers.emplace_back(label);
    writeHeader(ws, 0, headers, widths);

    auto shareFormula = [&](lxw_row_t row) {
        const std::string total = cellName(row, totalCol);
        return "=IF(" + total + "=0,0," + cellName(row, overdueCol) + "/" + total + ")";
    };
    auto share = [](Money overdue, Money total) {
        return total.isZero() ? 0.0 : double(overdue.cents()) / double(total.cents());
    };

    std::vector<Money> bucketSums(nBuckets);
    Money totalSum, overdueSum;
    lxw_row_t r = 1;
    for (const auto& s : summary.bySalesperson) {
        writeNumber(ws, r, 0, double(s.salespersonId), nullptr);
        widths.fit(0, std::to_string(s.salespersonId));
        writeText(ws, r, 1, s.name);
        widths.fit(1, s.name);
        writeText(ws, r, 2, s.team);
        widths.fit(2, s.team);
        writeAgingCells(ws, r, firstBucketCol, s.totals, widths, bucketSums);
        writeNumber(ws, r, overdueCol, yuan(s.totals.overdue), moneyFormat);
        widths.fit(overdueCol, s.totals.overdue.format());
        writeFormula(ws, r, shareCol, shareFormula(r), percentFormat,
                     share(s.totals.overdue, s.totals.total));
        widths.fitWidth(shareCol, 6);
        if (const auto dso = roundedDso(s.totals)) {
            writeNumber(ws, r, dsoCol, *dso, oneDecimalFormat);
            widths.fitWidth(dsoCol, int(std::to_string(std::llround(*dso)).size()) + 2);
        }
        totalSum += s.totals.total;
        overdueSum += s.totals.overdue;
        ++r;
    }
    const lxw_row_t lastDataRow = r - 1;  // 0: no rows

    filterAndFreeze(ws, lastDataRow, dsoCol);  // before the totals row, as on 按客户

    writeAgingTotals(ws, r, firstBucketCol, lastDataRow, bucketSums, totalSum, widths);
    writeSumCell(ws, r, overdueCol, lastDataRow, overdueSum, widths);
    writeFormula(ws, r, shareCol, shareFormula(r), totalPercentFormat, share(overdueSum, totalSum));
    // Overall DSO needs the invoiced amount, which is not on the sheet: a value, not a formula.
    if (const auto dso = roundedDso(summary.total)) {
        writeNumber(ws, r, dsoCol, *dso, totalOneDecimalFormat);
        widths.fitWidth(dsoCol, int(std::to_string(std::llround(*dso)).size()) + 2);
    } else {
        writeBlank(ws, r, dsoCol, totalOneDecimalFormat);
    }
    applyWidths(ws, widths);
}

void ReceivablesWorkbook::Impl::writeNotes(lxw_worksheet* ws, const ReceivablesSummary& summary) {
    ColumnWidths widths;
    lxw_row_t r = 0;
    writeText(ws, r, 0, std::string(text.title) + " " + options.asOf.iso(), titleFormat);
    r += 2;

    writeText(ws, r++, 0, text.definitions, sectionFormat);
    std::string bucketList;
    for (std::size_t i = 0; i < bucketLabels.size(); ++i) {
        if (i != 0) bucketList += common.listSeparator;
        bucketList += bucketLabels[i];
    }
    const std::pair<std::string_view, std::string_view> definitions[] = {
        {text.openTerm, text.openText}, {text.agingTerm, text.agingText},
        {text.bucketsTerm, bucketList}, {text.overdueTerm, text.overdueText},
        {text.dsoTerm, text.dsoText},   {text.amountsTerm, text.amountsText}};
    for (const auto& [term, definition] : definitions) {
        writeText(ws, r, 0, term, labelFormat);
        widths.fit(0, term);
        writeText(ws, r, 1, definition, wrapFormat);
        widths.fit(1, definition);  // clamped to 60 columns; the text wraps
        ++r;
    }
    ++r;

    std::vector<std::pair<std::string, std::string>> parameters;
    for (const auto& p : summary.parameters) parameters.emplace_back(p.name, p.value);
    r = book->writeParameters(ws, r, parameters, common, widths);
    ++r;
    book->writeAccounting(ws, r, summary.accounting, common, widths);
    applyWidths(ws, widths);
}

void ReceivablesWorkbook::Impl::finish(const ReceivablesSummary& summary) {
    if (finished) throw ReportError("finish() called twice on " + path);
    finished = true;
    closeDetailSheet();
    lxw_worksheet* issues = summary.quarantined.empty() ? nullptr : newSheet(common.dataIssuesSheet);
    lxw_worksheet* notes = newSheet(common.notesSheet);

    writeSummary(summary);
    writeByCustomer(summary);
    writeBySalesperson(summary);
    if (issues) book->writeDataIssues(issues, summary.quarantined, common);
    writeNotes(notes, summary);

    book->close();
}

ReceivablesWorkbook::ReceivablesWorkbook(const std::string& path,
                                         ReceivablesWorkbookOptions options)
    : impl_(std::make_unique<Impl>(path, std::move(options))) {
    impl_->setUp();
}

ReceivablesWorkbook::~ReceivablesWorkbook() = default;

void ReceivablesWorkbook::addDetailRow(const ReceivablesDetailRow& row) {
    impl_->addDetailRow(row);
}

std::int64_t ReceivablesWorkbook::detailRows() const {
    return impl_->detailRowsTotal;
}

void ReceivablesWorkbook::finish(const ReceivablesSummary& summary) {
    impl_->finish(summary);
}

}  // namespace yewu
