#include "XlsxBook.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <ctime>

#include "reports/ReportError.h"

namespace yewu {

namespace {

constexpr std::int32_t kExcelSerialOf1970 = 25569;  // days from 1899-12-30 to 1970-01-01
constexpr std::size_t kMaxCellUnits = 32767;        // Excel's cell limit, in UTF-16 units

const XlsxCommonLabels kZh{
    .dataIssuesSheet = "数据问题",
    .notesSheet = "说明",
    .table = "表",
    .location = "位置",
    .rowId = "行标识",
    .field = "字段",
    .value = "值",
    .reason = "原因",
    .parameters = "参数",
    .parameter = "参数",
    .accounting = "数据行核对",
    .read = "读取",
    .used = "使用",
    .quarantined = "隔离",
    .check = "读取 = 使用 + 隔离",
    .yes = "是",
    .no = "否",
    .checkRule = "每张表都应满足：读取 = 使用 + 隔离；隔离的行列在“数据问题”表。",
    .total = "合计",
    .listSeparator = "、",
    .current = "未到期",
    .overduePrefix = "逾期",
    .overdueSuffix = "天",
    .overLastPrefix = "逾期",
    .overLastSuffix = "天以上",
    .customerId = "客户编号",
    .customerName = "客户名称",
    .invoiceNo = "发票号",
    .invoiceDate = "开票日期",
    .dueDate = "到期日",
    .amount = "发票金额",
    .paid = "已收金额",
    .open = "未收金额",
    .daysPastDue = "逾期天数",
    .bucket = "账龄区间",
};

const XlsxCommonLabels kEn{
    .dataIssuesSheet = "Data issues",
    .notesSheet = "Notes",
    .table = "Table",
    .location = "Location",
    .rowId = "Row id",
    .field = "Field",
    .value = "Value",
    .reason = "Reason",
    .parameters = "Parameters",
    .parameter = "Parameter",
    .accounting = "Row accounting",
    .read = "Read",
    .used = "Used",
    .quarantined = "Quarantined",
    .check = "Read = used + quarantined",
    .yes = "yes",
    .no = "no",
    .checkRule =
        "Every table must satisfy read = used + quarantined; quarantined rows are listed on "
        "\"Data issues\".",
    .total = "Total",
    .listSeparator = ", ",
    .current = "Current",
    .overduePrefix = "",
    .overdueSuffix = " days",
    .overLastPrefix = ">",
    .overLastSuffix = " days",
    .customerId = "Customer ID",
    .customerName = "Customer",
    .invoiceNo = "Invoice no.",
    .invoiceDate = "Invoice date",
    .dueDate = "Due date",
    .amount = "Invoice amount",
    .paid = "Paid",
    .open = "Open",
    .daysPastDue = "Days overdue",
    .bucket = "Aging bucket",
};

// "_x0041_" in a cell is read back by Excel as "A" (ST_Xstring), so a literal one needs
// its underscore escaped.
bool startsEscapeLike(std::string_view s) {
    if (s.size() < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_') return false;
    return std::all_of(s.begin() + 2, s.begin() + 6, [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

bool isPlainCellText(const std::string& text) {
    if (text.size() > kMaxCellUnits) return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c >= 0x20 && c <= 0x7E && c != '_'; });
}

}  // namespace

const XlsxCommonLabels& xlsxCommonLabels(Locale locale) {
    return locale == Locale::ZhCN ? kZh : kEn;
}

std::vector<std::string> agingBucketLabels(const AgingBuckets& buckets, Locale locale) {
    const XlsxCommonLabels& text = xlsxCommonLabels(locale);
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < buckets.count(); ++i) {
        if (i == 0) {
            labels.emplace_back(text.current);
        } else if (i + 1 == buckets.count()) {
            labels.push_back(std::string(text.overLastPrefix) +
                             std::to_string(buckets.upperBounds().back()) +
                             std::string(text.overLastSuffix));
        } else {
            labels.push_back(std::string(text.overduePrefix) + buckets.rangeLabel(i) +
                             std::string(text.overdueSuffix));
        }
    }
    return labels;
}

double excelSerial(Date d) {
    return double(d.days() + kExcelSerialOf1970);
}

std::string groupedCount(std::int64_t n) {
    const std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string cellName(lxw_row_t row, lxw_col_t col) {
    std::string letters;
    for (unsigned c = unsigned(col) + 1; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), char('A' + (c - 1) % 26));
    return letters + std::to_string(row + 1);
}

std::string rangeName(lxw_row_t firstRow, lxw_col_t col, lxw_row_t lastRow) {
    return cellName(firstRow, col) + ":" + cellName(lastRow, col);
}

// Invalid UTF-8, NUL and the XML non-characters become U+FFFD (an unreadable file is worse
// than a replaced byte), literal escapes are escaped, and the result is cut at a character
// boundary to Excel's 32,767-unit cell limit.
const std::string& toCellText(const std::string& text, std::string& out) {
    if (isPlainCellText(text)) return text;
    static constexpr std::string_view replacement = "\xEF\xBF\xBD";
    out.clear();
    std::size_t units = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        std::string_view piece = std::string_view(text).substr(std::size_t(start), std::size_t(i - start));
        std::size_t cost = c > 0xFFFF ? 2 : 1;
        if (c <= 0 || c == 0xFFFE || c == 0xFFFF) {
            piece = replacement;
            cost = 1;
        } else if (c == '_' && startsEscapeLike(std::string_view(text).substr(std::size_t(start)))) {
            piece = "_x005F_";
            cost = piece.size();  // libxlsxwriter counts the escaped form against the limit
        }
        if (units + cost > kMaxCellUnits) break;
        out += piece;
        units += cost;
    }
    return out;
}

XlsxBook::XlsxBook(std::string path, bool constantMemory, const std::string& title, Date documentDate)
    : path_(std::move(path)) {
    lxw_workbook_options options{};
    options.constant_memory = constantMemory ? LXW_TRUE : LXW_FALSE;
    workbook_ = workbook_new_opt(path_.c_str(), &options);
    if (!workbook_) throw ReportError("cannot create workbook " + path_);

    // Same input, same bytes: the document timestamps come from a date of the parameters
    // (the zip entries carry libxlsxwriter's fixed 1980-01-01).
    lxw_doc_properties properties{};
    properties.title = const_cast<char*>(title.c_str());
    properties.author = const_cast<char*>("yewu");
    properties.created = std::time_t(documentDate.days()) * 86400;
    const lxw_error err = workbook_set_properties(workbook_, &properties);
    if (err != LXW_NO_ERROR) fail(err, "the document properties");

    XlsxFormats& f = formats_;
    f.title = addFormat();
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    f.section = addFormat();
    format_set_bold(f.section);
    format_set_font_size(f.section, 12);
    f.header = addFormat();
    format_set_bold(f.header);
    format_set_bg_color(f.header, 0xD9E1F2);
    format_set_bottom(f.header, LXW_BORDER_THIN);
    f.label = addFormat();
    format_set_bold(f.label);
    format_set_align(f.label, LXW_ALIGN_VERTICAL_TOP);
    f.wrap = addFormat();
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    f.money = addFormat();
    format_set_num_format(f.money, kXlsxMoneyFormat);
    f.count = addFormat();
    format_set_num_format(f.count, kXlsxCountFormat);
    f.percent = addFormat();
    format_set_num_format(f.percent, kXlsxPercentFormat);
    f.date = addFormat();
    format_set_num_format(f.date, kXlsxDateFormat);
    f.oneDecimal = addFormat();
    format_set_num_format(f.oneDecimal, kXlsxOneDecimalFormat);

    auto totalFormat = [this](const char* numFormat) {
        lxw_format* t = addFormat();
        format_set_bold(t);
        format_set_top(t, LXW_BORDER_THIN);
        if (numFormat) format_set_num_format(t, numFormat);
        return t;
    };
    f.totalLabel = totalFormat(nullptr);
    f.totalMoney = totalFormat(kXlsxMoneyFormat);
    f.totalCount = totalFormat(kXlsxCountFormat);
    f.totalPercent = totalFormat(kXlsxPercentFormat);
    f.totalOneDecimal = totalFormat(kXlsxOneDecimalFormat);

    f.alert = addFormat();
    format_set_bg_color(f.alert, 0xFFC7CE);
    format_set_font_color(f.alert, 0x9C0006);
    f.redFont = addFormat();
    format_set_font_color(f.redFont, 0xC00000);
}

// libxlsxwriter has no way to discard a workbook: lxw_workbook_free() leaves the
// constant-memory temp files open, and so does workbook_close() for a sheet without
// cells (1.1.4). So give every sheet a cell, close, and let the caller remove the file.
XlsxBook::~XlsxBook() {
    if (!workbook_) return;
    for (lxw_worksheet* ws : sheets_) worksheet_write_number(ws, 0, 0, 0, nullptr);
    workbook_close(workbook_);
}

void XlsxBook::close() {
    if (!workbook_) throw ReportError("workbook " + path_ + " closed twice");
    // workbook_close frees the workbook whatever it returns.
    lxw_workbook* closing = workbook_;
    workbook_ = nullptr;
    const lxw_error err = workbook_close(closing);
    if (err != LXW_NO_ERROR) fail(err, "the workbook file");
}

void XlsxBook::fail(lxw_error err, const std::string& what) const {
    throw ReportError("writing " + what + " to " + path_ + ": " + lxw_strerror(err));
}

void XlsxBook::failCell(lxw_error err, lxw_worksheet* ws, lxw_row_t row, lxw_col_t col) const {
    fail(err, "cell " + cellName(row, col) + " of sheet '" + ws->name + "'");
}

void XlsxBook::check(lxw_error err, lxw_worksheet* ws, const char* what) const {
    if (err != LXW_NO_ERROR) fail(err, std::string(what) + " of sheet '" + ws->name + "'");
}

lxw_format* XlsxBook::addFormat() {
    lxw_format* f = workbook_add_format(workbook_);
    if (!f) fail(LXW_ERROR_MEMORY_MALLOC_FAILED, "a cell format");
    return f;
}

lxw_chart* XlsxBook::addChart(std::uint8_t type) {
    lxw_chart* chart = workbook_add_chart(workbook_, type);
    if (!chart) fail(LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart");
    return chart;
}

lxw_worksheet* XlsxBook::addSheet(std::string_view name) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook_, std::string(name).c_str());
    if (!ws) {
        throw ReportError("cannot add sheet '" + std::string(name) + "' to " + path_ +
                          " (a bad name, or no temp file for it; libxlsxwriter says which on stderr)");
    }
    sheets_.push_back(ws);
    return ws;
}

void XlsxBook::writeText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& value,
                         lxw_format* format) {
    const std::string& text = toCellText(value, scratch_);
    const lxw_error err = worksheet_write_string(ws, row, col, text.c_str(), format);
    if (err != LXW_NO_ERROR) failCell(err, ws, row, col);
}

void XlsxBook::writeNumber(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double value,
                           lxw_format* format) {
    const lxw_error err = worksheet_write_number(ws, row, col, value, format);
    if (err != LXW_NO_ERROR) failCell(err, ws, row, col);
}

void XlsxBook::writeFormula(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& formula,
                            lxw_format* format, double cached) {
    const lxw_error err = worksheet_write_formula_num(ws, row, col, formula.c_str(), format, cached);
    if (err != LXW_NO_ERROR) failCell(err, ws, row, col);
}

void XlsxBook::writeFormulaText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& formula,
                                lxw_format* format, const std::string& cached) {
    const lxw_error err = worksheet_write_formula_str(ws, row, col, formula.c_str(), format, cached.c_str());
    if (err != LXW_NO_ERROR) failCell(err, ws, row, col);
}

void XlsxBook::writeBlank(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, lxw_format* format) {
    const lxw_error err = worksheet_write_blank(ws, row, col, format);
    if (err != LXW_NO_ERROR) failCell(err, ws, row, col);
}

void XlsxBook::writeHeader(lxw_worksheet* ws, lxw_row_t row, const std::vector<std::string>& labels,
                           ColumnWidths& widths, lxw_col_t firstCol) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto col = lxw_col_t(firstCol + i);
        writeText(ws, row, col, labels[i], formats_.header);
        widths.fit(col, labels[i]);
    }
}

void XlsxBook::applyWidths(lxw_worksheet* ws, const ColumnWidths& widths) {
    for (std::size_t col = 0; col < widths.columns(); ++col) {
        check(worksheet_set_column(ws, lxw_col_t(col), lxw_col_t(col), widths.width(col), nullptr), ws,
              "column widths");
    }
}

void XlsxBook::filterAndFreeze(lxw_worksheet* ws, lxw_row_t lastDataRow, lxw_col_t lastCol,
                               lxw_col_t frozenCols) {
    check(worksheet_autofilter(ws, 0, 0, lastDataRow, lastCol), ws, "the autofilter");
    worksheet_freeze_panes(ws, 1, frozenCols);
}

void XlsxBook::writeDataIssues(lxw_worksheet* ws, const std::vector<QuarantinedRow>& rows,
                               const XlsxCommonLabels& text) {
    ColumnWidths widths;
    writeHeader(ws, 0,
                {std::string(text.table), std::string(text.location), std::string(text.rowId),
                 std::string(text.field), std::string(text.value), std::string(text.reason)},
                widths);
    lxw_row_t r = 1;
    for (const auto& q : rows) {
        const std::string* cells[] = {&q.table, &q.location, &q.rowId, &q.field, &q.value, &q.reason};
        for (lxw_col_t col = 0; col < 6; ++col) {
            writeText(ws, r, col, *cells[col]);
            widths.fit(col, *cells[col]);
        }
        ++r;
    }
    filterAndFreeze(ws, r - 1, 5);
    applyWidths(ws, widths);
}

lxw_row_t XlsxBook::writeParameters(lxw_worksheet* ws, lxw_row_t r,
                                    const std::vector<std::pair<std::string, std::string>>& parameters,
                                    const XlsxCommonLabels& text, ColumnWidths& widths) {
    writeText(ws, r++, 0, text.parameters, formats_.section);
    writeHeader(ws, r++, {std::string(text.parameter), std::string(text.value)}, widths);
    for (const auto& [name, value] : parameters) {
        writeText(ws, r, 0, name);
        widths.fit(0, name);
        writeText(ws, r, 1, value);
        widths.fit(1, value);
        ++r;
    }
    return r;
}

lxw_row_t XlsxBook::writeAccounting(lxw_worksheet* ws, lxw_row_t r,
                                    const std::map<std::string, TableCount>& accounting,
                                    const XlsxCommonLabels& text, ColumnWidths& widths) {
    writeText(ws, r++, 0, text.accounting, formats_.section);
    writeHeader(ws, r++,
                {std::string(text.table), std::string(text.read), std::string(text.used),
                 std::string(text.quarantined), std::string(text.check)},
                widths);
    const std::string yes(text.yes), no(text.no);
    for (const auto& [table, count] : accounting) {
        writeText(ws, r, 0, table);
        widths.fit(0, table);
        const std::int64_t values[] = {count.read, count.used, count.quarantined};
        for (lxw_col_t col = 1; col <= 3; ++col) {
            writeNumber(ws, r, col, double(values[col - 1]), formats_.count);
            widths.fit(col, groupedCount(values[col - 1]));
        }
        // The check is a formula over the three counts, so the sheet proves itself.
        const std::string formula = "=IF(" + cellName(r, 1) + "=" + cellName(r, 2) + "+" + cellName(r, 3) +
                                    ",\"" + yes + "\",\"" + no + "\")";
        writeFormulaText(ws, r, 4, formula, nullptr, count.balanced() ? yes : no);
        ++r;
    }
    writeText(ws, r++, 0, text.checkRule);
    return r;
}

}  // namespace yewu
