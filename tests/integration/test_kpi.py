"""Integration tests of `yewu run kpi` against real SQLite files.

The workbook is read back with openpyxl and every column of 业绩总览 is compared, to
the cent, with an independent computation from DESIGN.md's definitions (kpi_sql.py)
for three months of scale-0.01 demo data; the edge cases of tests/fixtures/
kpi_edge_cases.sql are checked against figures worked out by hand; charts are
checked in the unzipped XML.

Run with Debian's interpreter (it has python3-openpyxl):

    YEWU_BIN=build/app/yewu YEWU_SOURCE_DIR=. /usr/bin/python3 -m unittest -v test_kpi

from tests/integration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import zipfile
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import openpyxl  # noqa: E402  (python3-openpyxl)

import kpi_sql  # noqa: E402

YEWU_BIN = os.environ.get("YEWU_BIN", "")
SOURCE_DIR = Path(os.environ.get("YEWU_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SCHEMA_SQL = SOURCE_DIR / "config" / "schema" / "canonical.sql"
EDGE_SQL = SOURCE_DIR / "tests" / "fixtures" / "kpi_edge_cases.sql"

END_MONTH = "2026-10"
DEMO_MONTHS = ("2026-10", "2026-06", "2026-01")
MONEY_FORMAT = "¥#,##0.00"

COLUMNS = {
    "zh-CN": ["排名", "编号", "姓名", "团队", "区域", "销售额", "目标", "完成率", "订单数", "客单价", "新客户",
              "拜访次数", "拜访目标", "拜访完成率", "回款额", "回款率", "应收余额", "逾期金额", "DSO", "环比",
              "同比", "年累计销售", "年累计完成率"],
    "en": ["Rank", "ID", "Name", "Team", "Region", "Sales", "Target", "Attainment", "Orders", "Avg order",
           "New customers", "Visits", "Visit target", "Visit attainment", "Collected", "Collection rate",
           "Open AR", "Overdue", "DSO", "MoM", "YoY", "YTD sales", "YTD attainment"],
}
SHEETS = {
    "zh-CN": {"overview": "业绩总览", "team": "团队-", "trend": "趋势", "ranking": "排行", "visits": "拜访",
              "issues": "数据问题", "notes": "说明", "total": "合计", "team_total": "团队合计"},
    "en": {"overview": "Overview", "team": "Team-", "trend": "Trend", "ranking": "Ranking", "visits": "Visits",
           "issues": "Data issues", "notes": "Notes", "total": "Total", "team_total": "Team total"},
}
ZH = COLUMNS["zh-CN"]
# Kinds of comparison per overview column.
MONEY_COLS = {"销售额", "回款额", "应收余额", "逾期金额", "年累计销售"}
RATIO_COLS = {"完成率", "拜访完成率", "回款率", "DSO", "环比", "同比", "年累计完成率"}


def yewu_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("YEWU_")}


def yewu(*args, cwd=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([YEWU_BIN, *map(str, args)], cwd=cwd, env=yewu_env(), capture_output=True, text=True,
                          timeout=timeout)


def run_kpi(db: Path, out: Path, period: str, *extra) -> subprocess.CompletedProcess:
    return yewu("run", "kpi", "--period", period, "--source", f"sqlite:{db}", "--out", out, *extra, cwd=out.parent)


def workbook_path(out: Path, period: str) -> Path:
    return out / "kpi" / period / f"kpi-{period}.xlsx"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_db(path: Path, *sql_texts: str) -> None:
    con = sqlite3.connect(path)
    try:
        for text in sql_texts:
            con.executescript(text)
        con.commit()
    finally:
        con.close()


class Sheet:
    """The KPI table of a sheet: header in row 1, data rows, then a totals row."""

    def __init__(self, ws, total_label: str, columns=ZH):
        header = [c.value for c in ws[1]]
        if header[:len(columns)] != columns:
            raise AssertionError(f"sheet '{ws.title}': header {header[:len(columns)]} != {columns}")
        self.columns = {name: i for i, name in enumerate(header) if name is not None}
        self.rows, self.total = [], None
        for row in ws.iter_rows(min_row=2):
            if row[0].value == total_label:
                self.total = row
                break
            self.rows.append(row)

    def value(self, row, name):
        return row[self.columns[name]].value

    def cell(self, row, name):
        return row[self.columns[name]]


class Checks(unittest.TestCase):
    def assert_money(self, value, cents: int | None, what: str):
        if cents is None:
            self.assertIsNone(value, what)
            return
        self.assertIsInstance(value, (int, float), what)
        self.assertEqual(round(value * 100), cents, f"{what}: {value} != {cents / 100}")
        self.assertAlmostEqual(value * 100, cents, delta=1e-6, msg=what)

    def assert_ratio(self, value, expected: Fraction | None, what: str, scale: float = 1.0):
        if expected is None:
            self.assertIn(value, (None, ""), f"{what}: expected empty, got {value!r}")
            return
        self.assertIsInstance(value, (int, float), f"{what}: {value!r}")
        want = float(expected) / scale
        self.assertLessEqual(abs(value - want), 1e-9 * max(1.0, abs(want)), f"{what}: {value} != {want}")

    def assert_count(self, value, expected: int | None, what: str):
        if expected is None:
            self.assertIsNone(value, what)
        else:
            self.assertEqual(value, expected, what)

    def assert_row(self, sheet: Sheet, row, k: kpi_sql.Kpi, rank, what: str):
        v = lambda name: sheet.value(row, name)  # noqa: E731
        self.assertEqual(v("排名"), rank, f"{what} 排名")
        self.assertEqual(v("编号"), k.id, f"{what} 编号")
        self.assertEqual(v("姓名"), k.name, f"{what} 姓名")
        self.assertEqual(v("团队"), k.team, f"{what} 团队")
        self.assertEqual(v("区域"), k.region, f"{what} 区域")
        self.assert_money(v("销售额"), k.sales, f"{what} 销售额")
        self.assert_money(v("目标"), k.target, f"{what} 目标")
        self.assert_ratio(v("完成率"), k.attainment, f"{what} 完成率")
        self.assert_count(v("订单数"), k.orders, f"{what} 订单数")
        self.assert_ratio(v("客单价"), k.avg_order, f"{what} 客单价", scale=100)
        self.assert_count(v("新客户"), k.new_customers, f"{what} 新客户")
        self.assert_count(v("拜访次数"), k.visits, f"{what} 拜访次数")
        self.assert_count(v("拜访目标"), k.visit_target, f"{what} 拜访目标")
        self.assert_ratio(v("拜访完成率"), k.visit_attainment, f"{what} 拜访完成率")
        self.assert_money(v("回款额"), k.collected, f"{what} 回款额")
        self.assert_ratio(v("回款率"), k.collection_rate, f"{what} 回款率")
        self.assert_money(v("应收余额"), k.open_ar, f"{what} 应收余额")
        self.assert_money(v("逾期金额"), k.overdue, f"{what} 逾期金额")
        self.assert_ratio(v("DSO"), k.dso, f"{what} DSO")
        self.assert_ratio(v("环比"), k.mom, f"{what} 环比")
        self.assert_ratio(v("同比"), k.yoy, f"{what} 同比")
        self.assert_money(v("年累计销售"), k.ytd_sales, f"{what} 年累计销售")
        self.assert_ratio(v("年累计完成率"), k.ytd_attainment, f"{what} 年累计完成率")

    def assert_totals(self, sheet: Sheet, kpis: list[kpi_sql.Kpi], what: str):
        """The totals row (cached formula results) against sums of the independent figures."""
        self.assertIsNotNone(sheet.total, f"{what}: no totals row")
        s = lambda attr: sum(getattr(k, attr) for k in kpis)  # noqa: E731
        with_target = sum(k.sales for k in kpis if k.target)
        targets = sum(k.target or 0 for k in kpis)
        visits_with_target = sum(k.visits for k in kpis if k.visit_target)
        visit_targets = sum(k.visit_target or 0 for k in kpis)
        ytd_with_target = sum(k.ytd_sales for k in kpis if k.ytd_target)
        t = lambda name: sheet.value(sheet.total, name)  # noqa: E731
        self.assert_money(t("销售额"), s("sales"), f"{what} total 销售额")
        self.assert_money(t("目标"), targets, f"{what} total 目标")
        self.assert_ratio(t("完成率"), kpi_sql.ratio(with_target, targets), f"{what} total 完成率")
        self.assertEqual(t("订单数"), s("orders"), f"{what} total 订单数")
        self.assert_ratio(t("客单价"), kpi_sql.ratio(s("sales"), s("orders")), f"{what} total 客单价", scale=100)
        self.assertEqual(t("新客户"), s("new_customers"), f"{what} total 新客户")
        self.assertEqual(t("拜访次数"), s("visits"), f"{what} total 拜访次数")
        self.assert_ratio(t("拜访完成率"), kpi_sql.ratio(visits_with_target, visit_targets), f"{what} total 拜访完成率")
        self.assert_money(t("回款额"), s("collected"), f"{what} total 回款额")
        self.assert_ratio(t("回款率"), kpi_sql.ratio(s("collected_due"), s("due_in_m")), f"{what} total 回款率")
        self.assert_money(t("应收余额"), s("open_ar"), f"{what} total 应收余额")
        self.assert_money(t("逾期金额"), s("overdue"), f"{what} total 逾期金额")
        self.assert_ratio(t("DSO"), None if not s("invoiced90") else Fraction(s("open_ar") * 90, s("invoiced90")),
                          f"{what} total DSO")
        self.assert_ratio(t("环比"), kpi_sql.growth(s("sales"), s("prev_sales")), f"{what} total 环比")
        self.assert_ratio(t("同比"), kpi_sql.growth(s("sales"), s("last_year_sales")), f"{what} total 同比")
        self.assert_money(t("年累计销售"), s("ytd_sales"), f"{what} total 年累计销售")
        self.assert_ratio(t("年累计完成率"), kpi_sql.ratio(ytd_with_target, s("ytd_target")), f"{what} total 年累计完成率")


class DemoDataTest(Checks):
    """Three months of scale-0.01 demo data against the independent SQL."""

    @classmethod
    def setUpClass(cls):
        if not YEWU_BIN:
            raise unittest.SkipTest("YEWU_BIN is not set")
        cls.tmp = Path(tempfile.mkdtemp(prefix="yewu-kpi-"))
        cls.db = cls.tmp / "demo.db"
        r = yewu("generate", "--db", cls.db, "--scale", "0.01", "--seed", 1, "--end", END_MONTH, cwd=cls.tmp)
        if r.returncode != 0:
            raise AssertionError(f"yewu generate failed: {r.stderr}")
        cls.out = cls.tmp / "out"
        for month in DEMO_MONTHS:
            r = run_kpi(cls.db, cls.out, month)
            if r.returncode != 0:
                raise AssertionError(f"yewu run kpi {month} failed ({r.returncode}): {r.stderr}")
        cls.kpis = {m: kpi_sql.compute(cls.db, m) for m in DEMO_MONTHS}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_overview_matches_independent_sql(self):
        for month in DEMO_MONTHS:
            with self.subTest(month=month):
                wb = openpyxl.load_workbook(workbook_path(self.out, month), data_only=True)
                sheet = Sheet(wb["业绩总览"], "合计")
                expected = kpi_sql.ranking(self.kpis[month])
                self.assertGreater(len(expected), 3)
                self.assertEqual([sheet.value(r, "编号") for r in sheet.rows], [k.id for k in expected],
                                 "ranking order")
                for rank, (row, k) in enumerate(zip(sheet.rows, expected), start=1):
                    self.assert_row(sheet, row, k, rank, f"{month} id {k.id}")
                self.assert_totals(sheet, expected, f"{month} overview")

    def test_demo_data_exercises_every_column(self):
        # A comparison of empty against empty proves nothing: the data must fill each column somewhere.
        kpis = [k for m in DEMO_MONTHS for k in kpi_sql.ranking(self.kpis[m])]
        for attr in ("target", "attainment", "new_customers", "visit_target", "collection_rate", "overdue", "dso",
                     "mom", "yoy", "ytd_attainment"):
            self.assertTrue(any(getattr(k, attr) for k in kpis), attr)

    def test_totals_row_is_formulas(self):
        wb = openpyxl.load_workbook(workbook_path(self.out, DEMO_MONTHS[0]))
        sheet = Sheet(wb["业绩总览"], "合计")
        n = len(sheet.rows)
        self.assertEqual(sheet.value(sheet.total, "销售额"), f"=SUM(F2:F{n + 1})")
        self.assertEqual(sheet.value(sheet.total, "完成率"),
                         f'=IF(SUM(G2:G{n + 1})=0,"",SUMIF(G2:G{n + 1},">0",F2:F{n + 1})/SUM(G2:G{n + 1}))')
        for name in ZH[5:]:
            value = sheet.value(sheet.total, name)
            self.assertTrue(isinstance(value, str) and value.startswith("="), f"{name}: {value!r}")

    def test_team_sheets_total_their_members(self):
        month = DEMO_MONTHS[0]
        wb = openpyxl.load_workbook(workbook_path(self.out, month), data_only=True)
        kpis = self.kpis[month]
        teams = sorted({k.team for k in kpis.values()})
        self.assertEqual([n for n in wb.sheetnames if n.startswith("团队-")], [f"团队-{t}" for t in teams])
        ranks = {k.id: i for i, k in enumerate(kpi_sql.ranking(kpis), start=1)}
        for team in teams:
            with self.subTest(team=team):
                sheet = Sheet(wb[f"团队-{team}"], "团队合计")
                members = [k for k in kpis.values() if k.team == team]
                listed = {sheet.value(r, "编号") for r in sheet.rows}
                self.assertTrue({k.id for k in members if k.active} <= listed)
                for row in sheet.rows:
                    k = kpis[sheet.value(row, "编号")]
                    self.assert_row(sheet, row, k, ranks.get(k.id), f"{team} id {k.id}")
                self.assert_totals(sheet, members, f"team {team}")

    def test_formats_and_layout(self):
        wb = openpyxl.load_workbook(workbook_path(self.out, DEMO_MONTHS[0]))
        ws = wb["业绩总览"]
        self.assertEqual(ws.freeze_panes, "D2")
        n = ws.max_row
        self.assertEqual(ws.auto_filter.ref, f"A1:W{n - 1}")
        self.assertEqual(ws["F2"].number_format, MONEY_FORMAT)
        self.assertEqual(ws["H2"].number_format, "0.0%")
        rules = {str(rng.sqref): [r.type for r in rs] for rng, rs in ws.conditional_formatting._cf_rules.items()}
        self.assertEqual(rules.get(f"H2:H{n - 1}"), ["colorScale"])
        self.assertEqual(rules.get(f"F2:F{n - 1}"), ["dataBar"])
        self.assertEqual(rules.get(f"R2:R{n - 1}"), ["cellIs"])
        helpers = ws.column_dimensions["X"]  # X..AC, one <col> element
        self.assertTrue(helpers.hidden)
        self.assertEqual((helpers.min, helpers.max), (24, 29))
        self.assertGreater(ws.column_dimensions["B"].width, 0)
        self.assertEqual(wb.sheetnames[-4:], ["趋势", "排行", "拜访", "说明"])

    def test_charts_reference_the_right_ranges(self):
        path = workbook_path(self.out, DEMO_MONTHS[0])
        wb = openpyxl.load_workbook(path, data_only=True)
        trend = wb["趋势"]
        teams = sorted({k.team for k in self.kpis[DEMO_MONTHS[0]].values()})
        self.assertEqual([c.value for c in trend["A"][1:13]],
                         [kpi_sql.add_months(DEMO_MONTHS[0], i) for i in range(-11, 1)])
        with zipfile.ZipFile(path) as z:
            charts = {n: z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)}
            self.assertEqual(len(charts), 4)  # trend line + trend column + two ranking bars
            kinds = {n: re.search(r"<c:(lineChart|barChart)>", x).group(1) for n, x in charts.items()}
            line = [x for n, x in charts.items() if kinds[n] == "lineChart"]
            self.assertEqual(len(line), 1)
            refs = re.findall(r"<c:f>([^<]*)</c:f>", line[0])
            cats = [r for r in refs if "$A$" in r]
            self.assertTrue(cats and all(r == "'趋势'!$A$2:$A$13" for r in cats), cats)
            values = [r for r in refs if "$A$" not in r]
            def col(i):
                return openpyxl.utils.get_column_letter(i)
            self.assertEqual(values, [f"'趋势'!${col(2 + i)}$2:${col(2 + i)}$13" for i in range(len(teams))])
            columns = [x for x in charts.values() if '<c:barDir val="col"/>' in x]
            self.assertEqual(len(columns), 1)
            refs = [r for r in re.findall(r"<c:f>([^<]*)</c:f>", columns[0]) if "$A$" not in r]
            n = len(teams)
            self.assertEqual(refs, [f"'趋势'!${col(2 + n + i)}$2:${col(2 + n + i)}$13" for i in range(n)])
            bars = [x for x in charts.values() if '<c:barDir val="bar"/>' in x]
            self.assertEqual(len(bars), 2)
            n = min(10, len([k for k in kpi_sql.ranking(self.kpis[DEMO_MONTHS[0]]) if k.attainment is not None]))
            self.assertIn(f"<c:f>'排行'!$C$3:$C${2 + n}</c:f>", bars[0])
            self.assertIn(f"<c:f>'排行'!$E$3:$E${2 + n}</c:f>", bars[0])
            self.assertIn(f"<c:f>'排行'!$C$20:$C${19 + n}</c:f>", bars[1])
            # The trend sheet's drawing holds two charts, the ranking sheet's the other two.
            workbook = z.read("xl/workbook.xml").decode()
            names = re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', workbook)
            rels = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="worksheets/(sheet\d+\.xml)"',
                                   z.read("xl/_rels/workbook.xml.rels").decode()))
            for sheet_name, count in (("趋势", 2), ("排行", 2)):
                rid = dict(names)[sheet_name]
                sheet_rels = z.read(f"xl/worksheets/_rels/{rels[rid]}.rels").decode()
                drawing = re.search(r'Target="\.\./drawings/(drawing\d+\.xml)"', sheet_rels).group(1)
                drawing_rels = z.read(f"xl/drawings/_rels/{drawing}.rels").decode()
                self.assertEqual(len(re.findall(r"charts/chart\d+\.xml", drawing_rels)), count, sheet_name)

    def test_ranking_and_visit_sheets(self):
        month = DEMO_MONTHS[0]
        wb = openpyxl.load_workbook(workbook_path(self.out, month), data_only=True)
        ranked = [k for k in kpi_sql.ranking(self.kpis[month]) if k.attainment is not None]
        ws = wb["排行"]
        self.assertEqual(ws["A1"].value, "完成率前10名")
        n = min(10, len(ranked))
        self.assertEqual([ws.cell(r, 2).value for r in range(3, 3 + n)], [k.id for k in ranked[:n]])
        self.assertIsNone(ws.cell(3 + n, 2).value)
        start = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "完成率后10名")
        self.assertEqual(start, 3 + max(n, 14) + 1)  # the block leaves room for its chart
        self.assertEqual([ws.cell(r, 2).value for r in range(start + 2, start + 2 + n)],
                         [k.id for k in reversed(ranked[-n:])])
        ws = wb["拜访"]
        below = sorted((k for k in kpi_sql.ranking(self.kpis[month]) if k.visit_target and k.visits < k.visit_target),
                       key=lambda k: (Fraction(k.visits, k.visit_target), k.id))
        listed = [ws.cell(r, 1).value for r in range(3, 3 + len(below))]
        self.assertEqual(listed, [k.id for k in below])

    def test_rerun_is_byte_identical(self):
        other = self.tmp / "out2"
        r = run_kpi(self.db, other, DEMO_MONTHS[0])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sha256(workbook_path(other, DEMO_MONTHS[0])), sha256(workbook_path(self.out, DEMO_MONTHS[0])))
        manifest = json.loads((self.out / "kpi" / DEMO_MONTHS[0] / "manifest.json").read_text())
        self.assertEqual([(f["path"], f["kind"]) for f in manifest["files"]],
                         [(f"kpi-{DEMO_MONTHS[0]}.xlsx", "kpi_workbook")])

    def test_english_locale(self):
        out = self.tmp / "out-en"
        r = run_kpi(self.db, out, DEMO_MONTHS[0], "--locale", "en")
        self.assertEqual(r.returncode, 0, r.stderr)
        wb = openpyxl.load_workbook(workbook_path(out, DEMO_MONTHS[0]), data_only=True)
        L = SHEETS["en"]
        self.assertEqual(wb.sheetnames[0], L["overview"])
        self.assertEqual(wb.sheetnames[-4:], [L["trend"], L["ranking"], L["visits"], L["notes"]])
        self.assertTrue(all(n.startswith(L["team"]) for n in wb.sheetnames[1:-4]))
        sheet = Sheet(wb[L["overview"]], L["total"], COLUMNS["en"])
        self.assertEqual(len(sheet.rows), len(kpi_sql.ranking(self.kpis[DEMO_MONTHS[0]])))

    def test_per_person_workbooks(self):
        month = DEMO_MONTHS[0]
        out = self.tmp / "out-people"
        r = run_kpi(self.db, out, month, "-D", "kpi.per_person=true")
        self.assertEqual(r.returncode, 0, r.stderr)
        manifest = json.loads((out / "kpi" / month / "manifest.json").read_text())
        ranked = kpi_sql.ranking(self.kpis[month])
        people = [f for f in manifest["files"] if f["kind"] == "personal_kpi_workbook"]
        self.assertEqual(sorted((f["path"], f["subject"]) for f in people),
                         sorted((f"people/{k.id}.xlsx", str(k.id)) for k in ranked))
        b, e = kpi_sql.month_bounds(month)
        con = sqlite3.connect(self.db)
        for k in ranked[:5] + ranked[-3:]:
            with self.subTest(id=k.id):
                wb = openpyxl.load_workbook(out / "kpi" / month / "people" / f"{k.id}.xlsx", data_only=True)
                self.assertEqual(wb.sheetnames, ["个人业绩", "主要客户", "未结发票"])
                ws = wb["个人业绩"]
                self.assertEqual([c.value for c in ws[3]][:23], ZH)
                row = {name: ws.cell(4, i + 1).value for i, name in enumerate(ZH)}
                self.assert_money(row["销售额"], k.sales, "销售额")
                self.assert_money(row["应收余额"], k.open_ar, "应收余额")
                self.assert_ratio(row["完成率"], k.attainment, "完成率")
                trend = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(8, 20)]
                self.assertEqual(trend[-1][0], month)
                self.assert_money(trend[-1][1], k.sales, "trend")
                top = con.execute(
                    "SELECT customer_id, SUM(amount_cents) AS s, COUNT(*) FROM orders WHERE status = 'confirmed' "
                    "AND salesperson_id = ? AND order_date BETWEEN ? AND ? GROUP BY customer_id "
                    "ORDER BY s DESC, customer_id LIMIT 20", (k.id, b, e)).fetchall()
                got = [(c[1].value, c[3].value, c[4].value) for c in wb["主要客户"].iter_rows(min_row=2)]
                self.assertEqual([(cid, round(v * 100), n) for cid, v, n in got], [tuple(t) for t in top])
                opened = [r for r in wb["未结发票"].iter_rows(min_row=2, values_only=True) if r[0] != "合计"]
                self.assertEqual(sum(round(r[7] * 100) for r in opened), k.open_ar)
                with zipfile.ZipFile(out / "kpi" / month / "people" / f"{k.id}.xlsx") as z:
                    chart = z.read("xl/charts/chart1.xml").decode()
                    self.assertIn("<c:f>'个人业绩'!$B$8:$B$19</c:f>", chart)
                    self.assertIn("<c:f>'个人业绩'!$A$8:$A$19</c:f>", chart)
        con.close()

    def test_default_period_is_the_last_full_month(self):
        out = self.tmp / "out-default"
        before = dt.date.today()
        r = yewu("run", "kpi", "--source", f"sqlite:{self.db}", "--out", out, cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        expected = {kpi_sql.add_months(d.strftime("%Y-%m"), -1) for d in (before, dt.date.today())}
        self.assertIn(next(iter(p.name for p in (out / "kpi").iterdir())), expected)

    def test_as_of_is_refused(self):
        r = yewu("run", "kpi", "--as-of", "2026-10-31", "--source", f"sqlite:{self.db}", "--out", self.tmp / "o",
                 cwd=self.tmp)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--period", r.stderr)

    def test_a_table_that_cannot_be_read_fails_the_run(self):
        # The invoice-number scan runs while customers load; a customer query that cannot
        # run must stop both threads and publish nothing.
        queries = self.tmp / "queries-broken-customer"
        shutil.copytree(SOURCE_DIR / "config" / "queries" / "canonical", queries, dirs_exist_ok=True)
        (queries / "customer.sql").write_text("SELECT id, name FROM customer\n")
        out = self.tmp / "out-broken"
        r = run_kpi(self.db, out, END_MONTH, "-D", f"source.queries={queries}")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(f"query {queries / 'customer.sql'} lacks column(s) salesperson_id, created_on", r.stderr)
        self.assertIn("nothing published", r.stderr)
        self.assertFalse(workbook_path(out, END_MONTH).exists())


class EdgeCaseTest(Checks):
    """tests/fixtures/kpi_edge_cases.sql, against figures worked out by hand."""

    @classmethod
    def setUpClass(cls):
        if not YEWU_BIN:
            raise unittest.SkipTest("YEWU_BIN is not set")
        cls.tmp = Path(tempfile.mkdtemp(prefix="yewu-kpi-edge-"))
        cls.db = cls.tmp / "edge.db"
        build_db(cls.db, SCHEMA_SQL.read_text(), EDGE_SQL.read_text())
        cls.out = cls.tmp / "out"
        cls.runs = {m: run_kpi(cls.db, cls.out, m) for m in ("2026-10", "2026-09")}
        for m, r in cls.runs.items():
            if r.returncode != 0:
                raise AssertionError(f"yewu run kpi {m} failed ({r.returncode}): {r.stderr}")
        cls.wb = openpyxl.load_workbook(workbook_path(cls.out, "2026-10"), data_only=True)
        cls.overview = Sheet(cls.wb["业绩总览"], "合计")
        cls.rows = {cls.overview.value(r, "编号"): r for r in cls.overview.rows}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def v(self, sid, name):
        return self.overview.value(self.rows[sid], name)

    def test_ranking_excludes_the_salesperson_who_left(self):
        # 5: 125%, 1: 80%, then without a target: 2 (¥1,800) before 3 (¥0); 4 left.
        self.assertEqual([self.overview.value(r, "编号") for r in self.overview.rows], [5, 1, 2, 3])
        self.assertEqual([self.overview.value(r, "排名") for r in self.overview.rows], [1, 2, 3, 4])

    def test_missing_and_zero_targets_are_empty(self):
        for sid in (2, 3):
            self.assertIsNone(self.v(sid, "目标"))
            self.assertIsNone(self.v(sid, "完成率"))
            self.assertIsNone(self.v(sid, "年累计完成率"))
            self.assertIsNone(self.v(sid, "拜访目标"))
            self.assertIsNone(self.v(sid, "拜访完成率"))
        self.assertIsNone(self.v(3, "客单价"))  # no orders
        self.assert_ratio(self.v(1, "完成率"), Fraction(800000, 1000000), "1 完成率")
        self.assert_ratio(self.v(5, "完成率"), Fraction(500000, 400000), "5 完成率")

    def test_figures_of_salesperson_1(self):
        self.assert_money(self.v(1, "销售额"), 800000, "销售额")
        self.assertEqual(self.v(1, "订单数"), 2)
        self.assert_ratio(self.v(1, "客单价"), Fraction(400000), "客单价", scale=100)
        self.assertEqual(self.v(1, "新客户"), 0)
        self.assertEqual(self.v(1, "拜访次数"), 2)
        self.assertEqual(self.v(1, "拜访目标"), 4)
        self.assert_ratio(self.v(1, "拜访完成率"), Fraction(1, 2), "拜访完成率")
        self.assert_money(self.v(1, "回款额"), 200000, "回款额")
        self.assert_ratio(self.v(1, "回款率"), Fraction(100000, 150000), "回款率")
        self.assert_money(self.v(1, "应收余额"), 550000, "应收余额")
        self.assert_money(self.v(1, "逾期金额"), 50000, "逾期金额")
        self.assert_ratio(self.v(1, "DSO"), Fraction(550000 * 90, 800000), "DSO")
        self.assert_ratio(self.v(1, "同比"), Fraction(500000, 300000), "同比")
        self.assert_money(self.v(1, "年累计销售"), 1000000, "年累计销售")
        self.assert_ratio(self.v(1, "年累计完成率"), Fraction(1000000, 1500000), "年累计完成率")

    def test_growth_against_a_month_without_sales_is_empty(self):
        # September 2026 had no sales at all: every 环比 in October is empty, not infinite.
        for sid in self.rows:
            self.assertIsNone(self.v(sid, "环比"), f"{sid} 环比")
        self.assertIsNone(self.v(2, "同比"))  # no sales last October either
        self.assert_ratio(self.v(5, "同比"), Fraction(400000, 100000), "5 同比")
        total = self.overview.total
        self.assertIn(self.overview.value(total, "环比"), (None, ""))
        formulas = openpyxl.load_workbook(workbook_path(self.out, "2026-10"))["业绩总览"]
        self.assertTrue(str(formulas["T6"].value).startswith('=IF(SUM(AA2:AA5)=0,""'), formulas["T6"].value)

    def test_a_month_with_no_sales(self):
        wb = openpyxl.load_workbook(workbook_path(self.out, "2026-09"), data_only=True)
        sheet = Sheet(wb["业绩总览"], "合计")
        rows = {sheet.value(r, "编号"): r for r in sheet.rows}
        for sid, row in rows.items():
            self.assert_money(sheet.value(row, "销售额"), 0, f"{sid} 销售额")
            self.assertIsNone(sheet.value(row, "客单价"))
            self.assertIsNone(sheet.value(row, "同比"))
        # 5 had a target: 0% is shown, not empty; 1 sold in August: −100%.
        self.assert_ratio(sheet.value(rows[5], "完成率"), Fraction(0), "5 完成率")
        self.assertIsNone(sheet.value(rows[1], "完成率"))
        self.assert_ratio(sheet.value(rows[1], "环比"), Fraction(-1), "1 环比")
        self.assertEqual(sheet.value(rows[5], "排名"), 1)
        self.assert_ratio(sheet.value(sheet.total, "完成率"), Fraction(0), "total 完成率")

    def test_first_confirmed_order_makes_the_new_customer(self):
        # Customer 12's first order (by 3) was cancelled; the first confirmed one is 2's, in October.
        self.assertEqual(self.v(2, "新客户"), 2)
        self.assertEqual(self.v(3, "新客户"), 0)
        self.assertEqual(self.v(5, "新客户"), 0)

    def test_payment_before_its_invoice_is_quarantined(self):
        issues = self.wb["数据问题"]
        rows = [r for r in issues.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(len(rows), 1, rows)
        table, _location, row_id, field, value, reason = rows[0]
        self.assertEqual((table, row_id, field, value), ("payment", "4", "paid_on", "2026-10-05"))
        self.assertIn("INV-4", reason)
        # Without that payment, INV-4 is all open: 5 collected nothing and owes ¥5,000.
        self.assert_money(self.v(5, "回款额"), 0, "5 回款额")
        self.assert_money(self.v(5, "应收余额"), 500000, "5 应收余额")
        self.assert_ratio(self.v(5, "DSO"), Fraction(90), "5 DSO")
        self.assertIsNone(self.v(5, "回款率"))
        self.assertIn("quarantined", self.runs["2026-10"].stderr)

    def test_salesperson_who_left_counts_in_the_team(self):
        sheet = Sheet(self.wb["团队-华东一组"], "团队合计")
        ids = [sheet.value(r, "编号") for r in sheet.rows]
        self.assertEqual(ids, [1, 2, 3, 4])
        leaver = sheet.rows[3]
        self.assertIsNone(sheet.value(leaver, "排名"))
        self.assert_money(sheet.value(leaver, "销售额"), 50000, "4 销售额")
        self.assertEqual(sheet.value(leaver, "新客户"), 1)
        t = lambda name: sheet.value(sheet.total, name)  # noqa: E731
        self.assert_money(t("销售额"), 800000 + 180000 + 0 + 50000, "team 销售额")
        self.assert_money(t("目标"), 1000000 + 500000, "team 目标")
        # Members with a target: 1 (¥8,000 of ¥10,000) and 4 (¥500 of ¥5,000).
        self.assert_ratio(t("完成率"), Fraction(800000 + 50000, 1500000), "team 完成率")
        self.assert_money(t("回款额"), 200000 + 50000, "team 回款额")
        self.assertEqual(t("新客户"), 3)
        # The overview's totals cover the active salespeople only.
        self.assert_money(self.overview.value(self.overview.total, "销售额"), 800000 + 180000 + 500000, "total")

    def test_team_with_one_member(self):
        sheet = Sheet(self.wb["团队-华南一组"], "团队合计")
        self.assertEqual([sheet.value(r, "编号") for r in sheet.rows], [5])
        for name in ("销售额", "目标", "完成率", "应收余额", "DSO", "同比"):
            self.assertEqual(sheet.value(sheet.total, name), sheet.value(sheet.rows[0], name), name)

    def test_visit_lists(self):
        ws = self.wb["拜访"]
        # Below target: 1 (2 of 4) and 5 (1 of 2), both 50%: by id.
        self.assertEqual([ws.cell(r, 1).value for r in (3, 4)], [1, 5])
        self.assertEqual([ws.cell(r, 6).value for r in (3, 4)], [2, 1])
        start = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("定期拜访"))
        coverage = {ws.cell(r, 1).value: (ws.cell(r, 4).value, ws.cell(r, 5).value)
                    for r in range(start + 2, ws.max_row + 1) if ws.cell(r, 1).value is not None}
        # 1 owns 10 (visited in October) and 14 (visited 2026-09-15, within 90 days).
        self.assertEqual(coverage, {1: (2, 0), 2: (1, 1), 3: (1, 1), 5: (1, 0)})

    def test_notes_document_the_choices(self):
        notes = [c for row in self.wb["说明"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
        text = "\n".join(notes)
        for term in ("离职业务员", "团队完成率", "排名", "回款率", "定期拜访"):
            self.assertIn(term, text)
        self.assertIn("payment", notes)  # row accounting lists the tables


if __name__ == "__main__":
    unittest.main()
