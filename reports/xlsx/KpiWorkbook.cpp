#include "KpiWorkbook.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "reports/ReportError.h"
#include "reports/xlsx/DisplayWidth.h"
#include "reports/xlsx/XlsxBook.h"

namespace yewu {

namespace {

// The overview's columns, in order; the helper columns after them are hidden.
enum Col : lxw_col_t {
    cRank, cId, cName, cTeam, cRegion, cSales, cTarget, cAttainment, cOrders, cAvgOrder,
    cNewCustomers, cVisits, cVisitTarget, cVisitAttainment, cCollected, cCollectionRate, cOpenAr,
    cOverdue, cDso, cMom, cYoy, cYtdSales, cYtdAttainment,
    // hidden helpers (denominators of the totals-row formulas)
    cDue, cCollectedDue, cInvoiced90, cPreviousSales, cLastYearSales, cYtdTarget,
    cColumnCount
};
constexpr lxw_col_t kLastVisible = cYtdAttainment;

struct Labels {
    std::string_view overviewSheet, teamSheetPrefix, trendSheet, rankingSheet, visitsSheet;
    std::array<std::string_view, cColumnCount> columns;
    std::string_view title, teamTotal, noTeam, month, salesSuffix, attainmentSuffix;
    std::string_view salesByTeam, attainmentByTeam, top, bottom, attainmentChart;
    std::string_view belowTarget, shortfall, coverageTitlePrefix, coverageTitleSuffix, customers,
        notVisitedPrefix, notVisitedSuffix, notVisitedShare, none;
    std::string_view definitions, decisions;
    std::vector<std::pair<std::string_view, std::string_view>> definitionList, decisionList;
    // personal workbook
    std::string_view personalSheet, customersSheet, openSheet, personalTitle, trendTitle, salesChart;
};

const Labels kZh{
    .overviewSheet = "业绩总览",
    .teamSheetPrefix = "团队-",
    .trendSheet = "趋势",
    .rankingSheet = "排行",
    .visitsSheet = "拜访",
    .columns = {"排名", "编号", "姓名", "团队", "区域", "销售额", "目标", "完成率", "订单数",
                "客单价", "新客户", "拜访次数", "拜访目标", "拜访完成率", "回款额", "回款率",
                "应收余额", "逾期金额", "DSO", "环比", "同比", "年累计销售", "年累计完成率",
                "到期应收", "到期应收中回款", "近90天开票", "上月销售", "去年同月销售",
                "年累计目标"},
    .title = "销售业绩KPI",
    .teamTotal = "团队合计",
    .noTeam = "（无团队）",
    .month = "月份",
    .salesSuffix = " 销售额",
    .attainmentSuffix = " 完成率",
    .salesByTeam = "各团队月销售额",
    .attainmentByTeam = "各团队月完成率",
    .top = "完成率前10名",
    .bottom = "完成率后10名",
    .attainmentChart = "完成率",
    .belowTarget = "低于拜访目标的业务员",
    .shortfall = "差额",
    .coverageTitlePrefix = "定期拜访：近",
    .coverageTitleSuffix = "天未拜访的客户",
    .customers = "客户数",
    .notVisitedPrefix = "近",
    .notVisitedSuffix = "天未拜访",
    .notVisitedShare = "未拜访占比",
    .none = "无",
    .definitions = "定义",
    .decisions = "口径说明",
    .definitionList =
        {{"销售额", "状态为 confirmed、下单日期在本月内、由该业务员接单的订单金额合计。"},
         {"订单数", "上述订单的张数；客单价 = 销售额 ÷ 订单数。"},
         {"目标 / 完成率", "目标为 target 表的本月销售目标；完成率 = 销售额 ÷ 目标。没有目标或目标为 0 时不计算（空白）。"},
         {"新客户", "首次确认订单（最早下单日期，同日取订单 id 最小者）在本月、由该业务员接单的客户数。取消或草稿订单不算。"},
         {"拜访次数 / 拜访完成率", "本月内该业务员的拜访次数；拜访完成率 = 拜访次数 ÷ 拜访目标，没有拜访目标时不计算。"},
         {"回款额", "付款日期在本月内、属于该业务员发票的付款合计。"},
         {"回款率", "到期应收 = 到期日不晚于月末、且在月初前已开票的发票在上月末的未收金额合计；回款率 = 本月在这些发票上的回款 ÷ 到期应收。到期应收为 0 时不计算。"},
         {"应收余额 / 逾期金额", "月末的未收金额合计；逾期金额只计到期日早于月末的发票。"},
         {"DSO", "DSO = 月末应收余额 ÷ 月末前 90 天（e−89 至 e）的开票金额 × 90；这 90 天内没有开票时不计算。"},
         {"环比 / 同比", "(本月销售额 − 上月（去年同月）销售额) ÷ 上月（去年同月）销售额；对比月销售额为 0 时不计算（空白，不显示无穷大）。"},
         {"年累计销售 / 年累计完成率", "本年 1 月至本月的销售额合计 ÷ 同期目标合计；同期没有目标时不计算。"},
         {"金额", "人民币元，显示到分；所有计算以分为单位的整数进行，比率只在写入单元格时转换为小数。"}},
    .decisionList =
        {{"排名", "只列在职（active = 1）业务员：有完成率者按完成率从高到低，其后为没有目标者；相同时按销售额从高到低、再按编号。"},
         {"离职业务员", "不参加排名、不列在业绩总览，但其订单、回款等仍计入所在团队的合计；在团队表中列出（排名为空）。"},
         {"团队完成率", "团队完成率 = 有目标成员的销售额合计 ÷ 成员目标合计（没有目标的成员的销售额不计入分子）；拜访完成率、年累计完成率同理。"},
         {"合计行", "合计行为公式；回款率、DSO、环比、同比、年累计完成率所需的分母在隐藏的辅助列中。业绩总览的合计只含在职业务员。"},
         {"定期拜访", "客户指归属该业务员（customer.salesperson_id）且在月末前建立的客户；近 N 天内有任何业务员的拜访即算已拜访。"},
         {"团队", "按 salesperson.team 分组；趋势表为截至本月的 12 个月。"}},
    .personalSheet = "个人业绩",
    .customersSheet = "主要客户",
    .openSheet = "未结发票",
    .personalTitle = "个人销售业绩",
    .trendTitle = "近12个月趋势",
    .salesChart = "月销售额",
};

const Labels kEn{
    .overviewSheet = "Overview",
    .teamSheetPrefix = "Team-",
    .trendSheet = "Trend",
    .rankingSheet = "Ranking",
    .visitsSheet = "Visits",
    .columns = {"Rank", "ID", "Name", "Team", "Region", "Sales", "Target", "Attainment", "Orders",
                "Avg order", "New customers", "Visits", "Visit target", "Visit attainment",
                "Collected", "Collection rate", "Open AR", "Overdue", "DSO", "MoM", "YoY",
                "YTD sales", "YTD attainment", "Due in month", "Collected on due",
                "Invoiced last 90 days", "Previous month sales", "Same month last year",
                "YTD target"},
    .title = "Sales KPIs",
    .teamTotal = "Team total",
    .noTeam = "(no team)",
    .month = "Month",
    .salesSuffix = " sales",
    .attainmentSuffix = " attainment",
    .salesByTeam = "Monthly sales by team",
    .attainmentByTeam = "Monthly attainment by team",
    .top = "Top 10 by attainment",
    .bottom = "Bottom 10 by attainment",
    .attainmentChart = "Attainment",
    .belowTarget = "Salespeople below their visit target",
    .shortfall = "Shortfall",
    .coverageTitlePrefix = "Regular visits: customers not visited in the last ",
    .coverageTitleSuffix = " days",
    .customers = "Customers",
    .notVisitedPrefix = "Not visited in ",
    .notVisitedSuffix = " days",
    .notVisitedShare = "Not visited %",
    .none = "None",
    .definitions = "Definitions",
    .decisions = "Choices",
    .definitionList =
        {{"Sales", "Sum of confirmed orders dated in the month, taken by the salesperson."},
         {"Orders", "The count of those orders; average order = sales / orders."},
         {"Target / attainment", "The month's sales target from the target table; attainment = sales / target, empty when there is no target or it is 0."},
         {"New customers", "Customers whose first confirmed order ever (earliest order date, ties by the smallest order id) falls in the month and was taken by the salesperson. Cancelled and draft orders do not count."},
         {"Visits / visit attainment", "Visits by the salesperson in the month; visit attainment = visits / visit target, empty without a visit target."},
         {"Collected", "Payments dated in the month on the salesperson's invoices."},
         {"Collection rate", "Due in month = open amount on the day before the month of invoices issued before the month and due by its last day; collection rate = payments in the month on those invoices / due in month; empty when nothing was due."},
         {"Open AR / overdue", "Open amount at the month's last day; overdue only counts invoices due before that day."},
         {"DSO", "DSO = open AR at the month's end / amount invoiced in the 90 days e-89 ... e x 90; empty when nothing was invoiced in those days."},
         {"MoM / YoY", "(sales - sales of the previous month (same month last year)) / that month's sales; empty, never infinite, when that month had no sales."},
         {"YTD sales / YTD attainment", "Sales from January to the month / the targets of those months; empty without targets."},
         {"Amounts", "Chinese yuan, shown to the fen (cent); all arithmetic is done in integer cents and ratios become decimals only in the cell."}},
    .decisionList =
        {{"Ranking", "Only active salespeople (active = 1): those with an attainment by attainment, highest first, then those without a target; ties by sales, highest first, then by ID."},
         {"Salespeople who left", "Not ranked and not on the overview, but their orders, collections etc. still count in their team's totals; listed on the team sheet with an empty rank."},
         {"Team attainment", "Team attainment = sales of the members with a target / the members' targets (sales of members without a target are left out); visit and YTD attainment likewise."},
         {"Totals rows", "Totals rows are formulas; the denominators of collection rate, DSO, MoM, YoY and YTD attainment are in hidden helper columns. The overview's totals cover the active salespeople listed."},
         {"Regular visits", "A salesperson's customers are those with customer.salesperson_id = the salesperson, created by the month's end; a visit by anyone in the last N days counts."},
         {"Teams", "Grouped by salesperson.team; the trend covers the 12 months ending with the period."}},
    .personalSheet = "My KPIs",
    .customersSheet = "Top customers",
    .openSheet = "Open invoices",
    .personalTitle = "Sales KPIs",
    .trendTitle = "Last 12 months",
    .salesChart = "Monthly sales",
};

const Labels& labelsFor(Locale locale) { return locale == Locale::ZhCN ? kZh : kEn; }

// Widths of formatted values, for columns that hold numbers.
int moneyWidth(Money m) { return int(m.format().size()); }
constexpr int kPercentWidth = 8;  // "-100.0%"

// Excel sheet names: at most 31 characters, none of []:*?/\ and not starting or ending
// with an apostrophe. Returns a unique name (case-insensitively, as Excel compares).
std::string sheetName(std::string_view wanted, std::set<std::string>& used) {
    std::string cleaned;
    for (unsigned char c : wanted) {
        if (c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\' || c < 0x20)
            cleaned.push_back('_');
        else
            cleaned.push_back(char(c));
    }
    std::string scratch;
    cleaned = toCellText(cleaned, scratch);  // valid UTF-8
    auto cut = [](const std::string& s, std::size_t maxChars) {
        std::size_t chars = 0, i = 0;
        while (i < s.size() && chars < maxChars) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            chars += len == 4 ? 2 : 1;  // UTF-16 units
            if (chars > maxChars) break;
            i += len;
        }
        return s.substr(0, i);
    };
    auto lower = [](std::string s) {
        for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    std::string name = cut(cleaned, 31);
    while (!name.empty() && name.front() == '\'') name.erase(name.begin());
    while (!name.empty() && name.back() == '\'') name.pop_back();
    if (name.empty()) name = "_";
    std::string candidate = name;
    for (int n = 2; used.count(lower(candidate)); ++n) {
        const std::string suffix = " (" + std::to_string(n) + ")";
        candidate = cut(name, 31 - suffix.size()) + suffix;
    }
    used.insert(lower(candidate));
    return candidate;
}

class Writer {
public:
    Writer(XlsxBook& book, Locale locale)
        : book_(book), f_(book.formats()), text_(labelsFor(locale)), common_(xlsxCommonLabels(locale)) {
        conditionalRed_ = book_.formats().redFont;
    }

    std::string teamLabel(const std::string& team) const {
        return team.empty() ? std::string(text_.noTeam) : team;
    }

    void writeHeaderRow(lxw_worksheet* ws, lxw_row_t r, ColumnWidths& widths, bool helpers) {
        std::vector<std::string> visible(text_.columns.begin(), text_.columns.begin() + kLastVisible + 1);
        book_.writeHeader(ws, r, visible, widths);
        if (!helpers) return;
        for (lxw_col_t c = kLastVisible + 1; c < cColumnCount; ++c)
            book_.writeText(ws, r, c, text_.columns[c], f_.header);
    }

    void ratioCell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::optional<Ratio>& ratio,
                   lxw_format* format) {
        if (ratio) book_.writeNumber(ws, r, c, ratio->value(), format);
    }

    void moneyCell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, Money m, ColumnWidths& widths) {
        book_.writeNumber(ws, r, c, yuan(m), f_.money);
        widths.fitWidth(c, moneyWidth(m));
    }

    void countCell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, std::int64_t n, ColumnWidths& widths) {
        book_.writeNumber(ws, r, c, double(n), f_.count);
        widths.fit(c, groupedCount(n));
    }

    void writeRow(lxw_worksheet* ws, lxw_row_t r, const KpiRow& row, ColumnWidths& widths, bool helpers) {
        const KpiFigures& k = row.figures;
        if (row.rank) countCell(ws, r, cRank, *row.rank, widths);
        book_.writeNumber(ws, r, cId, double(row.id), nullptr);
        widths.fit(cId, std::to_string(row.id));
        book_.writeText(ws, r, cName, row.name);
        widths.fit(cName, row.name);
        book_.writeText(ws, r, cTeam, row.team);
        widths.fit(cTeam, row.team);
        book_.writeText(ws, r, cRegion, row.region);
        widths.fit(cRegion, row.region);
        moneyCell(ws, r, cSales, k.sales, widths);
        if (k.target.isPositive()) moneyCell(ws, r, cTarget, k.target, widths);
        ratioCell(ws, r, cAttainment, k.attainment(), f_.percent);
        countCell(ws, r, cOrders, k.orders, widths);
        if (const auto avg = k.averageOrder()) {
            book_.writeNumber(ws, r, cAvgOrder, avg->value() / 100.0, f_.money);
            widths.fitWidth(cAvgOrder, moneyWidth(Money::fromCents(avg->numerator / avg->denominator)));
        }
        countCell(ws, r, cNewCustomers, k.newCustomers, widths);
        countCell(ws, r, cVisits, k.visits, widths);
        if (k.visitTarget > 0) countCell(ws, r, cVisitTarget, k.visitTarget, widths);
        ratioCell(ws, r, cVisitAttainment, k.visitAttainment(), f_.percent);
        moneyCell(ws, r, cCollected, k.collected, widths);
        ratioCell(ws, r, cCollectionRate, k.collectionRate(), f_.percent);
        moneyCell(ws, r, cOpenAr, k.openAr, widths);
        moneyCell(ws, r, cOverdue, k.overdue, widths);
        ratioCell(ws, r, cDso, k.dso(), f_.oneDecimal);
        ratioCell(ws, r, cMom, k.monthOnMonth(), f_.percent);
        ratioCell(ws, r, cYoy, k.yearOnYear(), f_.percent);
        moneyCell(ws, r, cYtdSales, k.ytdSales, widths);
        ratioCell(ws, r, cYtdAttainment, k.ytdAttainment(), f_.percent);
        if (!helpers) return;
        ColumnWidths ignored;  // hidden columns keep a fixed width
        moneyCell(ws, r, cDue, k.dueInMonth, ignored);
        moneyCell(ws, r, cCollectedDue, k.collectedDue, ignored);
        moneyCell(ws, r, cInvoiced90, k.invoiced90, ignored);
        moneyCell(ws, r, cPreviousSales, k.previousSales, ignored);
        moneyCell(ws, r, cLastYearSales, k.lastYearSales, ignored);
        moneyCell(ws, r, cYtdTarget, k.ytdTarget, ignored);
    }

    // A totals row of formulas over data rows first..last, cached with `total`.
    void writeTotalsRow(lxw_worksheet* ws, lxw_row_t r, lxw_row_t first, lxw_row_t last,
                        std::string_view label, const KpiFigures& total, ColumnWidths& widths) {
        book_.writeText(ws, r, cRank, label, f_.totalLabel);
        widths.fit(cRank, label);
        for (lxw_col_t c = cId; c <= cRegion; ++c) book_.writeBlank(ws, r, c, f_.totalLabel);
        const bool hasRows = last >= first;
        auto range = [&](lxw_col_t c) { return rangeName(first, c, last); };
        auto sum = [&](lxw_col_t c) { return "SUM(" + range(c) + ")"; };
        auto sumCell = [&](lxw_col_t c, double cached, lxw_format* format) {
            if (hasRows) book_.writeFormula(ws, r, c, "=" + sum(c), format, cached);
            else book_.writeNumber(ws, r, c, 0, format);
        };
        auto money = [&](lxw_col_t c, Money m) {
            sumCell(c, yuan(m), f_.totalMoney);
            widths.fitWidth(c, moneyWidth(m));
        };
        auto count = [&](lxw_col_t c, std::int64_t n) {
            sumCell(c, double(n), f_.totalCount);
            widths.fit(c, groupedCount(n));
        };
        // =IF(<denominator>=0,"",<expression>), cached with the exact ratio or "".
        auto ratio = [&](lxw_col_t c, const std::string& denominator, const std::string& expression,
                         const std::optional<Ratio>& cached, lxw_format* format) {
            if (!hasRows) return book_.writeBlank(ws, r, c, format);
            const std::string formula = "=IF(" + denominator + "=0,\"\"," + expression + ")";
            if (cached) book_.writeFormula(ws, r, c, formula, format, cached->value());
            else book_.writeFormulaText(ws, r, c, formula, format, "");
        };
        auto self = [&](lxw_col_t c) { return cellName(r, c); };
        auto sumIfPositive = [&](lxw_col_t criteria, lxw_col_t values) {
            return "SUMIF(" + range(criteria) + ",\">0\"," + range(values) + ")";
        };

        money(cSales, total.sales);
        money(cTarget, total.target);
        ratio(cAttainment, sum(cTarget), sumIfPositive(cTarget, cSales) + "/" + sum(cTarget),
              total.attainment(), f_.totalPercent);
        count(cOrders, total.orders);
        ratio(cAvgOrder, self(cOrders), self(cSales) + "/" + self(cOrders),
              total.averageOrder() ? std::optional<Ratio>(Ratio{total.averageOrder()->numerator,
                                                                 total.averageOrder()->denominator * 100})
                                   : std::nullopt,
              f_.totalMoney);
        count(cNewCustomers, total.newCustomers);
        count(cVisits, total.visits);
        count(cVisitTarget, total.visitTarget);
        ratio(cVisitAttainment, sum(cVisitTarget), sumIfPositive(cVisitTarget, cVisits) + "/" + sum(cVisitTarget),
              total.visitAttainment(), f_.totalPercent);
        money(cCollected, total.collected);
        ratio(cCollectionRate, sum(cDue), sum(cCollectedDue) + "/" + sum(cDue), total.collectionRate(),
              f_.totalPercent);
        money(cOpenAr, total.openAr);
        money(cOverdue, total.overdue);
        ratio(cDso, sum(cInvoiced90), self(cOpenAr) + "*90/" + sum(cInvoiced90), total.dso(),
              f_.totalOneDecimal);
        ratio(cMom, sum(cPreviousSales), self(cSales) + "/" + sum(cPreviousSales) + "-1", total.monthOnMonth(),
              f_.totalPercent);
        ratio(cYoy, sum(cLastYearSales), self(cSales) + "/" + sum(cLastYearSales) + "-1", total.yearOnYear(),
              f_.totalPercent);
        money(cYtdSales, total.ytdSales);
        ratio(cYtdAttainment, sum(cYtdTarget), sumIfPositive(cYtdTarget, cYtdSales) + "/" + sum(cYtdTarget),
              total.ytdAttainment(), f_.totalPercent);
        ColumnWidths ignored;
        auto hidden = [&](lxw_col_t c, Money m) {
            if (hasRows) book_.writeFormula(ws, r, c, "=" + sum(c), f_.totalMoney, yuan(m));
            else book_.writeNumber(ws, r, c, 0, f_.totalMoney);
        };
        hidden(cDue, total.dueInMonth);
        hidden(cCollectedDue, total.collectedDue);
        hidden(cInvoiced90, total.invoiced90);
        hidden(cPreviousSales, total.previousSales);
        hidden(cLastYearSales, total.lastYearSales);
        hidden(cYtdTarget, total.ytdTarget);
    }

    // A sheet of KPI rows with a totals row: 业绩总览 and each 团队 sheet.
    void writeKpiSheet(lxw_worksheet* ws, const std::vector<KpiRow>& rows, std::string_view totalLabel,
                       const KpiFigures& total) {
        ColumnWidths widths;
        writeHeaderRow(ws, 0, widths, true);
        lxw_row_t r = 1;
        for (const KpiRow& row : rows) writeRow(ws, r++, row, widths, true);
        const lxw_row_t last = r - 1;
        book_.filterAndFreeze(ws, last, kLastVisible, 3);
        if (!rows.empty()) {
            lxw_conditional_format scale{};
            scale.type = LXW_CONDITIONAL_3_COLOR_SCALE;
            book_.check(worksheet_conditional_format_range(ws, 1, cAttainment, last, cAttainment, &scale), ws,
                        "the colour scale");
            lxw_conditional_format bar{};
            bar.type = LXW_CONDITIONAL_DATA_BAR;
            bar.bar_color = 0x638EC6;
            book_.check(worksheet_conditional_format_range(ws, 1, cSales, last, cSales, &bar), ws, "the data bar");
            lxw_conditional_format red{};
            red.type = LXW_CONDITIONAL_TYPE_CELL;
            red.criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN;
            red.value = 0;
            red.format = conditionalRed_;
            book_.check(worksheet_conditional_format_range(ws, 1, cOverdue, last, cOverdue, &red), ws,
                        "the overdue highlight");
        }
        writeTotalsRow(ws, r, 1, last, totalLabel, total, widths);
        for (lxw_col_t c : {cAttainment, cVisitAttainment, cCollectionRate, cMom, cYoy, cYtdAttainment})
            widths.fitWidth(c, kPercentWidth);
        widths.fitWidth(cDso, 6);
        book_.applyWidths(ws, widths);
        lxw_row_col_options hidden{};
        hidden.hidden = LXW_TRUE;
        book_.check(worksheet_set_column_opt(ws, kLastVisible + 1, cColumnCount - 1, 14, nullptr, &hidden), ws,
                    "the helper columns");
    }

    void writeTrend(lxw_worksheet* ws, const std::string& sheet, const KpiWorkbookData& data) {
        ColumnWidths widths;
        const std::size_t teams = data.trend.size();
        std::vector<std::string> headers{std::string(text_.month)};
        for (const auto& t : data.trend) headers.push_back(teamLabel(t.team) + std::string(text_.salesSuffix));
        for (const auto& t : data.trend) headers.push_back(teamLabel(t.team) + std::string(text_.attainmentSuffix));
        book_.writeHeader(ws, 0, headers, widths);
        lxw_row_t r = 1;
        for (std::size_t m = 0; m < data.trendMonths.size(); ++m, ++r) {
            book_.writeText(ws, r, 0, data.trendMonths[m].iso());
            widths.fitWidth(0, 7);
            for (std::size_t t = 0; t < teams; ++t) {
                const KpiMonthPoint& p = data.trend[t].months[m];
                const auto salesCol = lxw_col_t(1 + t), attainmentCol = lxw_col_t(1 + teams + t);
                book_.writeNumber(ws, r, salesCol, yuan(p.sales), f_.money);
                widths.fitWidth(salesCol, moneyWidth(p.sales));
                ratioCell(ws, r, attainmentCol, p.attainment(), f_.percent);
            }
        }
        const lxw_row_t last = r - 1;
        worksheet_freeze_panes(ws, 1, 1);
        book_.applyWidths(ws, widths);
        if (teams == 0 || data.trendMonths.empty()) return;

        auto chart = [&](std::uint8_t type, std::string_view title, std::size_t firstCol, const char* numFormat,
                         lxw_row_t atRow) {
            lxw_chart* c = book_.addChart(type);
            chart_title_set_name(c, std::string(title).c_str());
            for (std::size_t t = 0; t < teams; ++t) {
                lxw_chart_series* s = chart_add_series(c, nullptr, nullptr);
                if (!s) book_.fail(LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart series");
                chart_series_set_categories(s, sheet.c_str(), 1, 0, last, 0);
                chart_series_set_values(s, sheet.c_str(), 1, lxw_col_t(firstCol + t), last, lxw_col_t(firstCol + t));
                chart_series_set_name(s, teamLabel(data.trend[t].team).c_str());
            }
            chart_axis_set_num_format(c->y_axis, numFormat);
            chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
            lxw_chart_options options{};
            options.x_scale = 2.0;
            options.y_scale = 1.5;
            book_.check(worksheet_insert_chart_opt(ws, atRow, 0, c, &options), ws, "a chart");
        };
        chart(LXW_CHART_LINE, text_.salesByTeam, 1, kXlsxMoneyFormat, last + 2);
        chart(LXW_CHART_COLUMN, text_.attainmentByTeam, 1 + teams, kXlsxPercentFormat, last + 26);
    }

    // A ranking block (title, header, rows) from row r with a bar chart beside it; returns the next row.
    lxw_row_t writeRankBlock(lxw_worksheet* ws, const std::string& sheet, lxw_row_t r, std::string_view title,
                             const std::vector<KpiRow>& rows, ColumnWidths& widths) {
        book_.writeText(ws, r++, 0, title, f_.section);
        const std::vector<std::string> headers{
            std::string(text_.columns[cRank]),   std::string(text_.columns[cId]),
            std::string(text_.columns[cName]),   std::string(text_.columns[cTeam]),
            std::string(text_.columns[cAttainment]), std::string(text_.columns[cSales]),
            std::string(text_.columns[cTarget])};
        book_.writeHeader(ws, r++, headers, widths);
        const lxw_row_t first = r;
        if (rows.empty()) book_.writeText(ws, r++, 0, text_.none);
        for (const KpiRow& row : rows) {
            if (row.rank) countCell(ws, r, 0, *row.rank, widths);
            book_.writeNumber(ws, r, 1, double(row.id), nullptr);
            widths.fit(1, std::to_string(row.id));
            book_.writeText(ws, r, 2, row.name);
            widths.fit(2, row.name);
            book_.writeText(ws, r, 3, row.team);
            widths.fit(3, row.team);
            ratioCell(ws, r, 4, row.figures.attainment(), f_.percent);
            widths.fitWidth(4, kPercentWidth);
            moneyCell(ws, r, 5, row.figures.sales, widths);
            if (row.figures.target.isPositive()) moneyCell(ws, r, 6, row.figures.target, widths);
            ++r;
        }
        if (!rows.empty()) {
            lxw_chart* c = book_.addChart(LXW_CHART_BAR);
            chart_title_set_name(c, std::string(title).c_str());
            lxw_chart_series* s = chart_add_series(c, nullptr, nullptr);
            if (!s) book_.fail(LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart series");
            chart_series_set_categories(s, sheet.c_str(), first, 2, r - 1, 2);
            chart_series_set_values(s, sheet.c_str(), first, 4, r - 1, 4);
            chart_series_set_name(s, std::string(text_.attainmentChart).c_str());
            chart_axis_set_num_format(c->x_axis, kXlsxPercentFormat);
            chart_axis_set_reverse(c->y_axis);  // first row at the top
            chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
            book_.check(worksheet_insert_chart(ws, first - 2, 8, c), ws, "a chart");
        }
        return std::max<lxw_row_t>(r, first + 14) + 1;  // leave room for the chart
    }

    void writeRanking(lxw_worksheet* ws, const std::string& sheet, const KpiWorkbookData& data) {
        ColumnWidths widths;
        lxw_row_t r = writeRankBlock(ws, sheet, 0, text_.top, data.top, widths);
        writeRankBlock(ws, sheet, r, text_.bottom, data.bottom, widths);
        book_.applyWidths(ws, widths);
    }

    void writeVisits(lxw_worksheet* ws, const KpiWorkbookData& data) {
        ColumnWidths widths;
        lxw_row_t r = 0;
        book_.writeText(ws, r++, 0, text_.belowTarget, f_.section);
        book_.writeHeader(ws, r++,
                          {std::string(text_.columns[cId]), std::string(text_.columns[cName]),
                           std::string(text_.columns[cTeam]), std::string(text_.columns[cVisits]),
                           std::string(text_.columns[cVisitTarget]), std::string(text_.shortfall),
                           std::string(text_.columns[cVisitAttainment])},
                          widths);
        if (data.belowVisitTarget.empty()) book_.writeText(ws, r++, 0, text_.none);
        for (const KpiRow& row : data.belowVisitTarget) {
            const KpiFigures& k = row.figures;
            book_.writeNumber(ws, r, 0, double(row.id), nullptr);
            book_.writeText(ws, r, 1, row.name);
            widths.fit(1, row.name);
            book_.writeText(ws, r, 2, row.team);
            widths.fit(2, row.team);
            countCell(ws, r, 3, k.visits, widths);
            countCell(ws, r, 4, k.visitTarget, widths);
            countCell(ws, r, 5, k.visitTarget - k.visits, widths);
            ratioCell(ws, r, 6, k.visitAttainment(), f_.percent);
            ++r;
        }
        ++r;
        const std::string days = std::to_string(data.visitWindowDays);
        book_.writeText(ws, r++, 0,
                        std::string(text_.coverageTitlePrefix) + days + std::string(text_.coverageTitleSuffix),
                        f_.section);
        book_.writeHeader(ws, r++,
                          {std::string(text_.columns[cId]), std::string(text_.columns[cName]),
                           std::string(text_.columns[cTeam]), std::string(text_.customers),
                           std::string(text_.notVisitedPrefix) + days + std::string(text_.notVisitedSuffix),
                           std::string(text_.notVisitedShare)},
                          widths);
        for (const KpiVisitCoverage& c : data.coverage) {
            book_.writeNumber(ws, r, 0, double(c.id), nullptr);
            book_.writeText(ws, r, 1, c.name);
            widths.fit(1, c.name);
            book_.writeText(ws, r, 2, c.team);
            widths.fit(2, c.team);
            countCell(ws, r, 3, c.customers, widths);
            countCell(ws, r, 4, c.notVisited, widths);
            ratioCell(ws, r, 5, ratioOf(c.notVisited, c.customers), f_.percent);
            ++r;
        }
        widths.fitWidth(6, kPercentWidth);
        book_.applyWidths(ws, widths);
    }

    void writeNotes(lxw_worksheet* ws, const KpiWorkbookData& data) {
        ColumnWidths widths;
        lxw_row_t r = 0;
        book_.writeText(ws, r, 0, std::string(text_.title) + " " + data.period.iso(), f_.title);
        r += 2;
        for (const auto& [section, list] : {std::pair{text_.definitions, &text_.definitionList},
                                            std::pair{text_.decisions, &text_.decisionList}}) {
            book_.writeText(ws, r++, 0, section, f_.section);
            for (const auto& [term, definition] : *list) {
                book_.writeText(ws, r, 0, term, f_.label);
                widths.fit(0, term);
                book_.writeText(ws, r, 1, definition, f_.wrap);
                widths.fit(1, definition);  // clamped to 60 columns; the text wraps
                ++r;
            }
            ++r;
        }
        r = book_.writeParameters(ws, r, data.parameters, common_, widths);
        ++r;
        book_.writeAccounting(ws, r, data.accounting, common_, widths);
        book_.applyWidths(ws, widths);
    }

    const Labels& text() const { return text_; }
    const XlsxCommonLabels& common() const { return common_; }
    XlsxBook& book() { return book_; }
    const XlsxFormats& formats() const { return f_; }

private:
    XlsxBook& book_;
    const XlsxFormats& f_;
    const Labels& text_;
    const XlsxCommonLabels& common_;
    lxw_format* conditionalRed_ = nullptr;
};

}  // namespace

void KpiWorkbook::write(const std::string& path, const KpiWorkbookData& data, Locale locale) {
    const Labels& text = labelsFor(locale);
    XlsxBook book(path, false, std::string(text.title) + " " + data.period.iso(), data.period.last());
    Writer w(book, locale);
    std::set<std::string> used;

    // Every sheet is added first, in order, so charts can name them.
    const std::string overviewName = sheetName(text.overviewSheet, used);
    lxw_worksheet* overview = book.addSheet(overviewName);
    std::vector<lxw_worksheet*> teamSheets;
    for (const KpiTeamSheet& t : data.teams)
        teamSheets.push_back(book.addSheet(sheetName(std::string(text.teamSheetPrefix) + w.teamLabel(t.team), used)));
    const std::string trendName = sheetName(text.trendSheet, used);
    lxw_worksheet* trend = book.addSheet(trendName);
    const std::string rankingName = sheetName(text.rankingSheet, used);
    lxw_worksheet* ranking = book.addSheet(rankingName);
    lxw_worksheet* visits = book.addSheet(sheetName(text.visitsSheet, used));
    lxw_worksheet* issues =
        data.quarantined.empty() ? nullptr : book.addSheet(sheetName(w.common().dataIssuesSheet, used));
    lxw_worksheet* notes = book.addSheet(sheetName(w.common().notesSheet, used));

    KpiFigures overviewTotal;
    for (const KpiRow& row : data.overview) overviewTotal += row.figures;
    w.writeKpiSheet(overview, data.overview, w.common().total, overviewTotal);
    for (std::size_t i = 0; i < data.teams.size(); ++i)
        w.writeKpiSheet(teamSheets[i], data.teams[i].members, text.teamTotal, data.teams[i].total);
    w.writeTrend(trend, trendName, data);
    w.writeRanking(ranking, rankingName, data);
    w.writeVisits(visits, data);
    if (issues) book.writeDataIssues(issues, data.quarantined, w.common());
    w.writeNotes(notes, data);
    book.close();
}

void KpiWorkbook::writePersonal(const std::string& path, const PersonalKpiData& data, Locale locale) {
    const Labels& text = labelsFor(locale);
    const std::string title =
        std::string(text.personalTitle) + " " + data.row.name + " " + data.period.iso();
    XlsxBook book(path, false, title, data.period.last());
    Writer w(book, locale);
    const XlsxFormats& f = book.formats();
    std::set<std::string> used;
    const std::string mainName = sheetName(text.personalSheet, used);
    lxw_worksheet* ws = book.addSheet(mainName);
    lxw_worksheet* customers = book.addSheet(sheetName(text.customersSheet, used));
    lxw_worksheet* open = book.addSheet(sheetName(text.openSheet, used));

    // Their row, as on the overview, then the 12-month trend with a chart.
    ColumnWidths widths;
    book.writeText(ws, 0, 0, title, f.title);
    w.writeHeaderRow(ws, 2, widths, false);
    w.writeRow(ws, 3, data.row, widths, false);
    lxw_row_t r = 5;
    book.writeText(ws, r++, 0, text.trendTitle, f.section);
    book.writeHeader(ws, r++,
                     {std::string(text.month), std::string(text.columns[cSales]), std::string(text.columns[cTarget]),
                      std::string(text.columns[cAttainment]), std::string(text.columns[cOrders]),
                      std::string(text.columns[cVisits])},
                     widths);
    const lxw_row_t firstMonth = r;
    for (std::size_t m = 0; m < data.months.size() && m < data.series.size(); ++m, ++r) {
        const KpiMonthPoint& p = data.series[m];
        book.writeText(ws, r, 0, data.months[m].iso());
        w.moneyCell(ws, r, 1, p.sales, widths);
        if (p.target.isPositive()) w.moneyCell(ws, r, 2, p.target, widths);
        w.ratioCell(ws, r, 3, p.attainment(), f.percent);
        w.countCell(ws, r, 4, p.orders, widths);
        w.countCell(ws, r, 5, p.visits, widths);
    }
    widths.fitWidth(0, 7);
    for (lxw_col_t c : {cAttainment, cVisitAttainment, cCollectionRate, cMom, cYoy, cYtdAttainment})
        widths.fitWidth(c, kPercentWidth);
    book.applyWidths(ws, widths);
    if (r > firstMonth) {
        lxw_chart* c = book.addChart(LXW_CHART_COLUMN);
        chart_title_set_name(c, std::string(text.salesChart).c_str());
        lxw_chart_series* s = chart_add_series(c, nullptr, nullptr);
        if (!s) book.fail(LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart series");
        chart_series_set_categories(s, mainName.c_str(), firstMonth, 0, r - 1, 0);
        chart_series_set_values(s, mainName.c_str(), firstMonth, 1, r - 1, 1);
        chart_series_set_name(s, std::string(text.columns[cSales]).c_str());
        chart_axis_set_num_format(c->y_axis, kXlsxMoneyFormat);
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        book.check(worksheet_insert_chart(ws, firstMonth - 2, 7, c), ws, "a chart");
    }

    // Top customers of the month.
    ColumnWidths cw;
    book.writeHeader(customers, 0,
                     {std::string(text.columns[cRank]), std::string(w.common().customerId), std::string(w.common().customerName),
                      std::string(text.columns[cSales]), std::string(text.columns[cOrders])},
                     cw);
    r = 1;
    for (std::size_t i = 0; i < data.topCustomers.size(); ++i, ++r) {
        const KpiCustomerRow& c = data.topCustomers[i];
        w.countCell(customers, r, 0, std::int64_t(i + 1), cw);
        book.writeNumber(customers, r, 1, double(c.customerId), nullptr);
        cw.fit(1, std::to_string(c.customerId));
        book.writeText(customers, r, 2, c.name);
        cw.fit(2, c.name);
        w.moneyCell(customers, r, 3, c.sales, cw);
        w.countCell(customers, r, 4, c.orders, cw);
    }
    book.filterAndFreeze(customers, r - 1, 4);
    book.applyWidths(customers, cw);

    // Open invoices with aging at the period's last day.
    const std::vector<std::string> buckets = agingBucketLabels(data.buckets, locale);
    ColumnWidths ow;
    book.writeHeader(open, 0,
                     {std::string(w.common().invoiceNo), std::string(w.common().invoiceDate), std::string(w.common().dueDate),
                      std::string(w.common().customerId), std::string(w.common().customerName), std::string(w.common().amount),
                      std::string(w.common().paid), std::string(w.common().open), std::string(w.common().daysPastDue),
                      std::string(w.common().bucket)},
                     ow);
    r = 1;
    Money openTotal;
    for (const ReceivablesDetailRow& inv : data.openInvoices) {
        if (inv.bucket >= buckets.size())
            throw ReportError("invoice " + inv.invoiceNo + " has aging bucket " + std::to_string(inv.bucket));
        book.writeText(open, r, 0, inv.invoiceNo);
        ow.fit(0, inv.invoiceNo);
        book.writeNumber(open, r, 1, excelSerial(inv.invoiceDate), f.date);
        book.writeNumber(open, r, 2, excelSerial(inv.dueDate), f.date);
        ow.fitWidth(1, 10);
        ow.fitWidth(2, 10);
        book.writeNumber(open, r, 3, double(inv.customerId), nullptr);
        ow.fit(3, std::to_string(inv.customerId));
        book.writeText(open, r, 4, inv.customerName);
        ow.fit(4, inv.customerName);
        w.moneyCell(open, r, 5, inv.amount, ow);
        w.moneyCell(open, r, 6, inv.paid, ow);
        w.moneyCell(open, r, 7, inv.open, ow);
        w.countCell(open, r, 8, inv.daysPastDue, ow);
        book.writeText(open, r, 9, buckets[inv.bucket]);
        ow.fit(9, buckets[inv.bucket]);
        openTotal += inv.open;
        ++r;
    }
    const lxw_row_t lastOpen = r - 1;
    book.filterAndFreeze(open, lastOpen, 9);
    book.writeText(open, r, 0, w.common().total, f.totalLabel);
    if (lastOpen >= 1)
        book.writeFormula(open, r, 7, "=SUM(" + rangeName(1, 7, lastOpen) + ")", f.totalMoney, yuan(openTotal));
    else
        book.writeNumber(open, r, 7, 0, f.totalMoney);
    book.applyWidths(open, ow);
    book.close();
}

}  // namespace yewu
