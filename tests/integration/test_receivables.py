"""Integration tests of `yewu run receivables` against real SQLite files.

The workbook is read back with openpyxl and compared, to the cent, with an
independent computation from DESIGN.md's definitions (receivables_sql.py).

Run with Debian's interpreter (it has python3-openpyxl):

    YEWU_BIN=build/app/yewu YEWU_SOURCE_DIR=. /usr/bin/python3 -m unittest -v test_receivables

from tests/integration. The kill test (KillTest) generates scale-0.3 data and is
meant to run as its own ctest test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
from collections import Counter
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import openpyxl  # noqa: E402  (python3-openpyxl)

import receivables_sql  # noqa: E402

YEWU_BIN = os.environ.get("YEWU_BIN", "")
SOURCE_DIR = Path(os.environ.get("YEWU_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SCHEMA_SQL = SOURCE_DIR / "config" / "schema" / "canonical.sql"
BAD_ROWS_SQL = SOURCE_DIR / "tests" / "fixtures" / "bad_rows.sql"
BAD_ROWS_MARKER = "bad rows, one per rule"

AS_OF = "2026-10-31"
AS_OF_2 = "2026-06-15"
END_MONTH = "2026-10"
MONEY_FORMAT = "¥#,##0.00"
DEFAULT_BOUNDS = receivables_sql.DEFAULT_BOUNDS

# Labels of the workbook per locale (DESIGN.md and the receivables contract).
LABELS = {
    "zh-CN": {
        "sheets": ("账龄汇总", "按客户", "按业务员", "明细", "数据问题", "说明"),
        "total": "合计",
        "customer": ("客户编号", "客户名称", "业务员", "区域", "信用期(天)"),
        "customer_tail": ("合计", "最长逾期天数"),
        "salesperson": ("业务员编号", "业务员", "团队"),
        "salesperson_tail": ("合计", "逾期合计", "逾期占比", "DSO"),
        "detail": ("发票号", "开票日期", "到期日", "客户编号", "客户名称", "业务员", "发票金额", "已收金额",
                   "未收金额", "逾期天数", "账龄区间"),
        "issues": ("表", "位置", "行标识", "字段", "值", "原因"),
        "summary_bucket_header": "账龄区间",
        "current": "未到期",
        "middle": "逾期{lo}-{hi}天",
        "last": "逾期{b}天以上",
    },
    "en": {
        "sheets": ("Summary", "By customer", "By salesperson", "Detail", "Data issues", "Notes"),
        "total": "Total",
        "customer": ("Customer ID", "Customer", "Salesperson", "Region", "Terms (days)"),
        "customer_tail": ("Total", "Max days overdue"),
        "salesperson": ("Salesperson ID", "Salesperson", "Team"),
        "salesperson_tail": ("Total", "Overdue", "Overdue %", "DSO"),
        "detail": ("Invoice no.", "Invoice date", "Due date", "Customer ID", "Customer", "Salesperson",
                   "Invoice amount", "Paid", "Open", "Days overdue", "Aging bucket"),
        "issues": ("Table", "Location", "Row id", "Field", "Value", "Reason"),
        "summary_bucket_header": "Aging bucket",
        "current": "Current",
        "middle": "{lo}-{hi} days",
        "last": ">{b} days",
    },
}


def bucket_labels(locale: str, bounds=DEFAULT_BOUNDS) -> list[str]:
    L = LABELS[locale]
    labels = [L["current"]]
    for lo, hi in zip(bounds, bounds[1:]):
        labels.append(L["middle"].format(lo=lo + 1, hi=hi))
    labels.append(L["last"].format(b=bounds[-1]))
    return labels


# --------------------------------------------------------------------------- running yewu


def yewu_env() -> dict:
    # No YEWU_SECTION__KEY variables from the caller's environment leak into the configuration.
    return {k: v for k, v in os.environ.items() if not k.startswith("YEWU_")}


def yewu(*args, cwd=None, timeout=600, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([YEWU_BIN, *map(str, args)], cwd=cwd, env={**yewu_env(), **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def generate(db: Path, scale: float, cwd: Path) -> None:
    r = yewu("generate", "--db", db, "--scale", scale, "--seed", 1, "--end", END_MONTH, cwd=cwd)
    if r.returncode != 0:
        raise AssertionError(f"yewu generate failed ({r.returncode}): {r.stderr}")


def run_receivables(db: Path, out: Path, as_of=AS_OF, *extra, cwd=None, env=None) -> subprocess.CompletedProcess:
    return yewu("run", "receivables", "--as-of", as_of, "--source", f"sqlite:{db}", "--out", out, *extra,
                cwd=cwd or out.parent, env=env)


def job_dir(out: Path, as_of=AS_OF) -> Path:
    return out / "receivables" / as_of


def workbook_path(out: Path, as_of=AS_OF) -> Path:
    return job_dir(out, as_of) / f"receivables-{as_of}.xlsx"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir())


# Files yewu keeps in OUT besides published outputs: the ledger (with SQLite's side files), the
# hidden lock, and the log (OUT/logs/yewu.log, rotated as yewu.log.N).
LEDGER_FILES = {"ledger.sqlite", "ledger.sqlite-journal", "ledger.sqlite-wal", "ledger.sqlite-shm", ".yewu.lock"}


def is_bookkeeping(relative: str) -> bool:
    return relative in LEDGER_FILES or re.fullmatch(r"logs/yewu\.log(\.\d+)?", relative) is not None


def published_files(out: Path) -> list[str]:
    """Everything under OUT that is not the ledger, the lock or the log."""
    return [f for f in files_under(out) if not is_bookkeeping(f)]


def build_db(path: Path, *sql_texts: str) -> None:
    con = sqlite3.connect(path)
    try:
        for text in sql_texts:
            con.executescript(text)
        con.commit()
    finally:
        con.close()


@contextlib.contextmanager
def ledger(out: Path):
    # Read-write: after a SIGKILL the ledger may hold a hot journal that only a writer may roll back.
    path = out / "ledger.sqlite"
    if not path.is_file():
        raise AssertionError(f"no ledger at {path}")
    con = sqlite3.connect(path, timeout=30)
    con.row_factory = sqlite3.Row
    try:
        yield con
    finally:
        con.close()


def last_run(con: sqlite3.Connection) -> sqlite3.Row:
    return con.execute("SELECT * FROM run ORDER BY id DESC LIMIT 1").fetchone()


# --------------------------------------------------------------------------- reading workbooks


class Table:
    """A header row and the data rows below it, up to a totals row or the end."""

    def __init__(self, ws, first_header: str, total_label: str | None):
        self.ws = ws
        self.header_row = None
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 40)):
            values = [c.value for c in row]
            if values and values[0] == first_header:
                self.header_row = row[0].row
                self.columns = {v: i for i, v in enumerate(values) if v is not None}
                self.header = [v for v in values]
                break
        if self.header_row is None:
            raise AssertionError(f"sheet '{ws.title}': no header row starting with '{first_header}'")
        self.rows = []
        self.total = None
        for row in ws.iter_rows(min_row=self.header_row + 1):
            first = row[0].value
            if total_label is not None and first == total_label:
                self.total = row
                break
            if all(c.value is None for c in row):
                break
            self.rows.append(row)

    def cell(self, row, name):
        return row[self.columns[name]]

    def value(self, row, name):
        return row[self.columns[name]].value


def load_pair(path: Path):
    """(values, formulas): values are the cached results of formulas."""
    return openpyxl.load_workbook(path, data_only=True), openpyxl.load_workbook(path, data_only=False)


def detail_sheet_names(wb, locale: str) -> list[str]:
    base = LABELS[locale]["sheets"][3]
    return [n for n in wb.sheetnames if n == base or re.fullmatch(re.escape(base) + r" \(\d+\)", n)]


class WorkbookChecks(unittest.TestCase):
    """Assertions shared by the test cases: workbook versus receivables_sql."""

    def cents(self, cell, where: str) -> int:
        v = cell.value
        self.assertTrue(isinstance(v, (int, float)) and not isinstance(v, bool),
                        f"{where} ({cell.coordinate}): money cell holds {v!r}, not a number")
        self.assertEqual(cell.number_format, MONEY_FORMAT, f"{where} ({cell.coordinate}): number format")
        return round(v * 100)

    def int_value(self, cell, where: str) -> int:
        v = cell.value
        self.assertTrue(isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer(),
                        f"{where} ({cell.coordinate}): {v!r} is not a whole number")
        return int(v)

    def assert_sheet_names(self, wb, locale: str, with_issues: bool, detail_sheets: int = 1):
        s = LABELS[locale]["sheets"]
        details = [s[3]] + [f"{s[3]} ({k})" for k in range(2, detail_sheets + 1)]
        expected = [s[0], s[1], s[2], *details, *([s[4]] if with_issues else []), s[5]]
        self.assertEqual(wb.sheetnames, expected)

    def assert_total_formula(self, formula_ws, total_row, col: int, first: int, last: int, what: str):
        """A totals cell holding a formula must sum (or max) exactly the data rows."""
        cell = formula_ws.cell(row=total_row[0].row, column=col + 1)
        f = cell.value
        if isinstance(f, str) and f.startswith("="):
            letter = cell.column_letter
            self.assertRegex(f, rf"^=(SUM|MAX)\({letter}{first}:{letter}{last}\)$",
                             f"{what}: totals formula {f} does not cover rows {first}..{last}")

    def check_workbook(self, path: Path, aging: receivables_sql.Aging, locale: str = "zh-CN",
                       with_issues: bool = False, rows_per_sheet: int | None = None):
        L = LABELS[locale]
        labels = bucket_labels(locale, aging.bounds)
        values, formulas = load_pair(path)
        n_details = 1 if rows_per_sheet is None else max(1, math.ceil(aging.totals.count / rows_per_sheet))
        self.assert_sheet_names(values, locale, with_issues, n_details)
        self.check_by_customer(values[L["sheets"][1]], formulas[L["sheets"][1]], aging, L, labels)
        self.check_by_salesperson(values[L["sheets"][2]], formulas[L["sheets"][2]], aging, L, labels)
        self.check_detail(values, aging, locale, labels, rows_per_sheet)
        self.check_summary(values[L["sheets"][0]], aging, L, labels)
        return values

    def check_by_customer(self, ws, fws, aging, L, labels):
        t = Table(ws, L["customer"][0], L["total"])
        self.assertEqual(t.header_row, 1, f"{ws.title}: header row")
        self.assertEqual(t.header, [*L["customer"], *labels, *L["customer_tail"]], f"{ws.title}: columns")
        self.assertIsNotNone(ws.freeze_panes, f"{ws.title}: no frozen panes")
        self.assertEqual(ws.freeze_panes, "A2", f"{ws.title}: the header row is not what is frozen")
        self.assertIsNotNone(ws.auto_filter.ref, f"{ws.title}: no autofilter")
        m = re.fullmatch(r"A1:([A-Z]+)(\d+)", ws.auto_filter.ref)
        self.assertTrue(m, f"{ws.title}: autofilter {ws.auto_filter.ref} does not start at the header")
        self.assertGreaterEqual(int(m.group(2)), 1 + len(t.rows), f"{ws.title}: autofilter misses data rows")

        seen = {}
        for row in t.rows:
            cid = self.int_value(t.cell(row, L["customer"][0]), ws.title)
            self.assertNotIn(cid, seen, f"{ws.title}: customer {cid} listed twice")
            seen[cid] = row
        self.assertEqual(set(seen), set(aging.by_customer), f"{ws.title}: customers with open invoices")
        for cid, exp in aging.by_customer.items():
            row = seen[cid]
            where = f"{ws.title} customer {cid}"
            self.assertEqual(t.value(row, L["customer"][1]), exp.name, where)
            self.assertEqual(t.value(row, L["customer"][2]), exp.salesperson_name, where)
            self.assertEqual(t.value(row, L["customer"][3]), exp.region, where)
            self.assertEqual(self.int_value(t.cell(row, L["customer"][4]), where), exp.terms_days, where)
            got = [self.cents(t.cell(row, lab), f"{where} {lab}") for lab in labels]
            self.assertEqual(got, exp.totals.buckets, f"{where}: buckets in cents")
            self.assertEqual(self.cents(t.cell(row, L["customer_tail"][0]), where), exp.totals.total, where)
            self.assertEqual(self.int_value(t.cell(row, L["customer_tail"][1]), where),
                             max(0, exp.totals.max_days_past_due), f"{where}: longest days overdue")

        self.assertIsNotNone(t.total, f"{ws.title}: no totals row")
        got = [self.cents(t.cell(t.total, lab), f"{ws.title} total {lab}") for lab in labels]
        self.assertEqual(got, aging.totals.buckets, f"{ws.title}: totals row buckets")
        self.assertEqual(self.cents(t.cell(t.total, L["customer_tail"][0]), ws.title), aging.totals.total,
                         f"{ws.title}: totals row total")
        self.assertEqual(self.int_value(t.cell(t.total, L["customer_tail"][1]), ws.title),
                         max(0, aging.totals.max_days_past_due), f"{ws.title}: totals row longest days overdue")
        for lab in [*labels, L["customer_tail"][0], L["customer_tail"][1]]:
            self.assert_total_formula(fws, t.total, t.columns[lab], t.header_row + 1, t.header_row + len(t.rows),
                                      f"{ws.title} {lab}")

    def check_dso(self, cell, exact: Fraction | None, where: str):
        if exact is None:
            self.assertIn(cell.value, (None, ""), f"{where}: DSO without invoices in the last 90 days")
            return
        self.assertIsInstance(cell.value, (int, float), f"{where}: DSO")
        self.assertLessEqual(abs(Fraction(cell.value) - exact), Fraction(1, 20) + Fraction(1, 10**9),
                             f"{where}: DSO {cell.value} vs {float(exact):.4f}")

    def check_by_salesperson(self, ws, fws, aging, L, labels):
        t = Table(ws, L["salesperson"][0], L["total"])
        self.assertEqual(t.header_row, 1, f"{ws.title}: header row")
        self.assertEqual(t.header, [*L["salesperson"], *labels, *L["salesperson_tail"]], f"{ws.title}: columns")
        total_col, overdue_col, share_col, dso_col = L["salesperson_tail"]
        seen = {}
        for row in t.rows:
            sid = self.int_value(t.cell(row, L["salesperson"][0]), ws.title)
            self.assertNotIn(sid, seen, f"{ws.title}: salesperson {sid} listed twice")
            seen[sid] = row
        self.assertEqual(set(seen), set(aging.by_salesperson), f"{ws.title}: salespeople with open invoices")
        for sid, exp in aging.by_salesperson.items():
            row = seen[sid]
            where = f"{ws.title} salesperson {sid}"
            self.assertEqual(t.value(row, L["salesperson"][1]), exp.name, where)
            self.assertEqual(t.value(row, L["salesperson"][2]), exp.team, where)
            got = [self.cents(t.cell(row, lab), f"{where} {lab}") for lab in labels]
            self.assertEqual(got, exp.totals.buckets, f"{where}: buckets in cents")
            self.assertEqual(self.cents(t.cell(row, total_col), where), exp.totals.total, f"{where}: total")
            self.assertEqual(self.cents(t.cell(row, overdue_col), where), exp.totals.overdue, f"{where}: overdue")
            share = t.value(row, share_col)
            self.assertIsInstance(share, (int, float), f"{where}: overdue share {share!r}")
            self.assertAlmostEqual(share, exp.totals.overdue / exp.totals.total, places=9, msg=where)
            self.check_dso(t.cell(row, dso_col), exp.dso, where)

        self.assertIsNotNone(t.total, f"{ws.title}: no totals row")
        got = [self.cents(t.cell(t.total, lab), f"{ws.title} total {lab}") for lab in labels]
        self.assertEqual(got, aging.totals.buckets, f"{ws.title}: totals row buckets")
        self.assertEqual(self.cents(t.cell(t.total, total_col), ws.title), aging.totals.total)
        self.assertEqual(self.cents(t.cell(t.total, overdue_col), ws.title), aging.totals.overdue)
        self.check_dso(t.cell(t.total, dso_col), aging.dso, f"{ws.title} totals row")
        for lab in [*labels, total_col, overdue_col]:
            self.assert_total_formula(fws, t.total, t.columns[lab], t.header_row + 1, t.header_row + len(t.rows),
                                      f"{ws.title} {lab}")

    def check_detail(self, wb, aging, locale, labels, rows_per_sheet):
        L = LABELS[locale]
        D = L["detail"]
        names = detail_sheet_names(wb, locale)
        seen = {}
        for k, name in enumerate(names):
            ws = wb[name]
            t = Table(ws, D[0], None)
            self.assertEqual(t.header_row, 1, f"{name}: header row")
            self.assertEqual(t.header, list(D), f"{name}: columns")
            self.assertEqual(ws.freeze_panes, "A2", f"{name}: frozen header")
            if rows_per_sheet is not None:
                if k < len(names) - 1:
                    self.assertEqual(len(t.rows), rows_per_sheet, f"{name}: a full sheet")
                else:
                    self.assertLessEqual(len(t.rows), rows_per_sheet, f"{name}: the last sheet")
                    self.assertGreater(len(t.rows), 0, f"{name}: an empty last sheet")
            for row in t.rows:
                no = t.value(row, D[0])
                where = f"{name} invoice {no}"
                self.assertNotIn(no, seen, f"{where}: listed twice")
                seen[no] = row
                exp = aging.invoices.get(no)
                self.assertIsNotNone(exp, f"{where}: not open as of {aging.as_of}")
                for col, iso in ((D[1], exp.invoice_date), (D[2], exp.due_date)):
                    cell = t.cell(row, col)
                    self.assertIsInstance(cell.value, dt.datetime, f"{where} {col}: not a date cell")
                    self.assertEqual(cell.value.date().isoformat(), iso, f"{where} {col}")
                self.assertEqual(self.int_value(t.cell(row, D[3]), where), exp.customer_id, where)
                self.assertEqual(self.cents(t.cell(row, D[6]), where), exp.amount, f"{where}: amount")
                self.assertEqual(self.cents(t.cell(row, D[7]), where), exp.paid, f"{where}: paid")
                self.assertEqual(self.cents(t.cell(row, D[8]), where), exp.open, f"{where}: open")
                self.assertEqual(self.int_value(t.cell(row, D[9]), where), exp.days_past_due, f"{where}: days")
                self.assertEqual(t.value(row, D[10]), labels[exp.bucket], f"{where}: bucket")
        self.assertEqual(len(seen), aging.totals.count, "detail rows = open invoices")
        self.assertEqual(set(seen), set(aging.invoices), "detail invoices = open invoices")

    def check_summary(self, ws, aging, L, labels):
        t = Table(ws, L["summary_bucket_header"], L["total"])
        got = {}
        for row in t.rows:
            got[row[0].value] = (self.cents(row[1], f"{ws.title} {row[0].value}"), self.int_value(row[2], ws.title))
        counts = Counter(inv.bucket for inv in aging.invoices.values())
        self.assertEqual(got, {lab: (aging.totals.buckets[k], counts.get(k, 0)) for k, lab in enumerate(labels)},
                         f"{ws.title}: amount and invoice count per bucket")
        self.assertIsNotNone(t.total, f"{ws.title}: no totals row under the buckets")
        self.assertEqual(self.cents(t.total[1], ws.title), aging.totals.total, f"{ws.title}: total")
        self.assertEqual(self.int_value(t.total[2], ws.title), aging.totals.count, f"{ws.title}: invoices")

    def check_manifest(self, out: Path, as_of: str, rows: int):
        d = job_dir(out, as_of)
        manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
        self.assertEqual(manifest["job"], "receivables")
        self.assertEqual(manifest["period"], as_of)
        self.assertEqual(len(manifest["files"]), 1, manifest)
        f = manifest["files"][0]
        self.assertEqual(set(f), {"path", "kind", "bytes", "sha256", "rows", "subject"})
        self.assertEqual(f["path"], f"receivables-{as_of}.xlsx")
        self.assertEqual(f["kind"], "receivables_workbook")
        path = d / f["path"]
        self.assertEqual(f["bytes"], path.stat().st_size)
        self.assertEqual(f["sha256"], sha256(path))
        self.assertEqual(f["rows"], rows)
        # The ledger records the same output.
        with ledger(out) as con:
            run = last_run(con)
            outs = con.execute("SELECT * FROM output WHERE run_id = ?", (run["id"],)).fetchall()
        self.assertEqual(len(outs), 1)
        self.assertEqual((outs[0]["kind"], outs[0]["sha256"], outs[0]["bytes"], outs[0]["rows"]),
                         ("receivables_workbook", f["sha256"], f["bytes"], rows))
        return f

    def check_clean_ledger(self, out: Path, aging: receivables_sql.Aging):
        """Generated data is clean: nothing quarantined, every row read is used."""
        with ledger(out) as con:
            run = last_run(con)
            self.assertEqual((run["status"], run["exit_code"]), ("succeeded", 0))
            self.assertEqual(run["rows_quarantined"], 0)
            self.assertEqual(con.execute("SELECT COUNT(*) FROM quarantine WHERE run_id = ?",
                                         (run["id"],)).fetchone()[0], 0)
            tables = {r["tbl"]: (r["rows_read"], r["rows_used"], r["rows_quarantined"])
                      for r in con.execute("SELECT * FROM run_table WHERE run_id = ?", (run["id"],))}
        self.assertEqual(tables, {t: (n, n, 0) for t, n in aging.table_counts.items()})


# --------------------------------------------------------------------------- shared scale-0.01 data

_tmp_root: Path | None = None
_small_db: Path | None = None


def require_binary():
    # Not a skip: a test run without the binary must fail, not pass quietly.
    if not YEWU_BIN or not os.path.isfile(YEWU_BIN) or not os.access(YEWU_BIN, os.X_OK):
        raise RuntimeError(f"YEWU_BIN={YEWU_BIN!r} is not an executable yewu binary (build it first)")
    for f in (SCHEMA_SQL, BAD_ROWS_SQL):
        if not f.is_file():
            raise RuntimeError(f"{f} not found (YEWU_SOURCE_DIR={str(SOURCE_DIR)!r})")


def setUpModule():
    global _tmp_root, _small_db
    require_binary()
    _tmp_root = Path(tempfile.mkdtemp(prefix="yewu-receivables-"))
    _small_db = _tmp_root / "small.db"
    generate(_small_db, 0.01, _tmp_root)


def tearDownModule():
    if _tmp_root is not None:
        shutil.rmtree(_tmp_root, ignore_errors=True)


def fresh_dir(name: str) -> Path:
    d = Path(tempfile.mkdtemp(prefix=name + "-", dir=_tmp_root))
    return d


# --------------------------------------------------------------------------- a. aging vs SQL


class AgingTest(WorkbookChecks):
    """a. Workbook, manifest and ledger against the independent SQL, for two as-of days."""

    @classmethod
    def setUpClass(cls):
        cls.runs = {}
        for as_of in (AS_OF, AS_OF_2):
            out = fresh_dir("aging") / "out"
            r = run_receivables(_small_db, out, as_of)
            cls.runs[as_of] = (out, r, receivables_sql.compute(str(_small_db), as_of))

    def test_run_succeeds_without_quarantine(self):
        for as_of, (out, r, aging) in self.runs.items():
            with self.subTest(as_of=as_of):
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertNotIn("quarantined:", r.stderr)
                self.assertGreater(aging.totals.count, 100, "the generated data has open invoices")
                self.check_clean_ledger(out, aging)
                self.assertEqual(files_under(job_dir(out, as_of)),
                                 ["manifest.json", f"receivables-{as_of}.xlsx"])

    def test_workbook_matches_sql(self):
        for as_of, (out, r, aging) in self.runs.items():
            with self.subTest(as_of=as_of):
                self.assertEqual(r.returncode, 0, r.stderr)
                self.check_workbook(workbook_path(out, as_of), aging)

    def test_manifest(self):
        for as_of, (out, r, aging) in self.runs.items():
            with self.subTest(as_of=as_of):
                self.assertEqual(r.returncode, 0, r.stderr)
                self.check_manifest(out, as_of, aging.totals.count)
                self.assertIn(str(workbook_path(out, as_of)), r.stdout)

    def test_custom_buckets(self):
        bounds = (0, 15, 45)
        out = fresh_dir("buckets") / "out"
        r = run_receivables(_small_db, out, AS_OF, "-D", "receivables.buckets=" + ",".join(map(str, bounds)))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_workbook(workbook_path(out), receivables_sql.compute(str(_small_db), AS_OF, bounds))


# --------------------------------------------------------------------------- b. bad rows

# (table, row id, field, value, reason keywords: one of them must appear in the reason)
EXPECTED_QUARANTINE = [
    ("salesperson", "2", "id", "2", ("duplicate",)),
    ("customer", "4", "salesperson_id", "99", ("unknown",)),
    ("customer", "3", "id", "3", ("duplicate",)),
    ("invoice", "20", "invoice_date", "2026-02-30", ("date",)),
    ("invoice", "21", "amount_cents", "123.45", ("whole", "integer")),
    ("invoice", "22", "customer_id", "999", ("unknown",)),
    ("invoice", "23", "salesperson_id", "99", ("unknown",)),
    ("invoice", "24", "amount_cents", "-500", ("positive", "negative")),
    ("invoice", "1", "id", "1", ("duplicate",)),
    ("invoice", "26", "invoice_no", "INV-2", ("duplicate",)),
    ("invoice", "27", "due_date", "2026-09-01", ("before",)),
    ("payment", "10", "invoice_id", "777", ("unknown",)),
    ("payment", "11", "amount_cents", "0", ("positive", "zero")),
    ("payment", "1", "id", "1", ("duplicate",)),
    ("payment", "13", "amount_cents", "15000", ("exceed",)),
    ("payment", "14", "paid_on", "2026-09-15", ("before",)),
    ("payment", "15", "invoice_id", "24", ("quarantined",)),
]
EXPECTED_TABLES = {  # read, used, quarantined
    "salesperson": (3, 2, 1),
    "customer": (5, 3, 2),
    "invoice": (16, 8, 8),
    "payment": (12, 6, 6),
}
# As of 2026-10-31, written out by hand from the fixture's comments (cents; buckets current..>180).
EXPECTED_OPEN = {"INV-1": 70000, "INV-2": 50000, "INV-4": 100000, "INV-5": 99999, "INV-7": 20000, "INV-8": 10000}
EXPECTED_BY_CUSTOMER = {
    1: [0, 20000, 0, 70000, 0, 99999],
    2: [50000, 0, 10000, 0, 0, 0],
    3: [0, 0, 0, 0, 100000, 0],
}
EXPECTED_BY_SALESPERSON = {
    1: [0, 20000, 0, 70000, 0, 99999],
    2: [50000, 0, 10000, 0, 100000, 0],
}


class BadRowsTest(WorkbookChecks):
    """b. One bad row per validation rule: quarantined, counted, listed; good rows still aged right."""

    @classmethod
    def setUpClass(cls):
        cls.dir = fresh_dir("bad")
        schema = SCHEMA_SQL.read_text(encoding="utf-8")
        fixture = BAD_ROWS_SQL.read_text(encoding="utf-8")
        cut = fixture.index(BAD_ROWS_MARKER)
        cut = fixture.rindex("\n", 0, cut)  # the start of the marker's line
        cls.db = cls.dir / "bad.db"
        cls.clean_db = cls.dir / "clean.db"  # the fixture's good rows only
        build_db(cls.db, schema, fixture)
        build_db(cls.clean_db, schema, fixture[:cut])
        cls.out = cls.dir / "out"
        cls.result = run_receivables(cls.db, cls.out)
        cls.strict_out = cls.dir / "strict"
        cls.strict = run_receivables(cls.db, cls.strict_out, AS_OF, "--strict")
        cls.aging = receivables_sql.compute(str(cls.clean_db), AS_OF)

    def test_exit_codes(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertEqual(self.strict.returncode, 3, self.strict.stderr)
        # --strict still publishes: "done, but rows were quarantined".
        self.assertTrue(workbook_path(self.strict_out).is_file())
        self.assertEqual(sha256(workbook_path(self.strict_out)), sha256(workbook_path(self.out)))
        with ledger(self.strict_out) as con:
            run = last_run(con)
        self.assertEqual((run["status"], run["exit_code"]), ("succeeded", 3))

    def ledger_quarantine(self):
        with ledger(self.out) as con:
            run = last_run(con)
            rows = con.execute("SELECT tbl, location, row_id, field, value, reason FROM quarantine"
                               " WHERE run_id = ?", (run["id"],)).fetchall()
        return run, [tuple(r) for r in rows]

    def test_ledger_quarantine(self):
        run, rows = self.ledger_quarantine()
        self.assertEqual(run["status"], "succeeded")
        got = Counter((t, rid, f, v) for t, _, rid, f, v, _ in rows)
        want = Counter((t, rid, f, v) for t, rid, f, v, _ in EXPECTED_QUARANTINE)
        self.assertEqual(got, want, "quarantined (table, row id, field, value)")
        for t, rid, f, v, keywords in EXPECTED_QUARANTINE:
            reasons = [r[5] for r in rows if r[0] == t and r[2] == rid and r[3] == f]
            self.assertTrue(any(any(k in reason.lower() for k in keywords) for reason in reasons),
                            f"{t} {rid} {f}: reason {reasons} names none of {keywords}")
        for t, location, rid, *_ in rows:
            self.assertTrue(location, f"{t} {rid}: no location")
        self.assertEqual(run["rows_quarantined"], len(EXPECTED_QUARANTINE))

    def test_row_accounting(self):
        with ledger(self.out) as con:
            run = last_run(con)
            tables = {r["tbl"]: (r["rows_read"], r["rows_used"], r["rows_quarantined"])
                      for r in con.execute("SELECT * FROM run_table WHERE run_id = ?", (run["id"],))}
        self.assertEqual(tables, EXPECTED_TABLES)
        for t, (read, used, quarantined) in tables.items():
            self.assertEqual(read, used + quarantined, t)
        self.assertEqual((run["rows_read"], run["rows_used"], run["rows_quarantined"]),
                         tuple(sum(c[k] for c in EXPECTED_TABLES.values()) for k in range(3)))

    def test_stderr_lists_quarantined_rows(self):
        _, rows = self.ledger_quarantine()
        err = self.result.stderr
        for t, _, rid, f, v, reason in rows:
            self.assertIn(reason, err, f"{t} {rid}: reason not on stderr")
        lines = [l for l in err.splitlines() if "quarantined:" in l]
        self.assertEqual(len(lines), len(EXPECTED_QUARANTINE), err)

    def test_data_issues_sheet(self):
        _, rows = self.ledger_quarantine()
        wb = openpyxl.load_workbook(workbook_path(self.out), data_only=True)
        I = LABELS["zh-CN"]["issues"]
        t = Table(wb[LABELS["zh-CN"]["sheets"][4]], I[0], None)
        sheet_rows = [tuple("" if t.value(r, c) is None else str(t.value(r, c)) for c in I) for r in t.rows]
        self.assertEqual(Counter(sheet_rows), Counter(rows), "数据问题 lists the ledger's quarantined rows")

    def test_good_rows_aging(self):
        # The oracle over the good rows agrees with the hand-written expectations ...
        a = self.aging
        self.assertEqual({no: i.open for no, i in a.invoices.items()}, EXPECTED_OPEN)
        self.assertEqual({c: r.totals.buckets for c, r in a.by_customer.items()}, EXPECTED_BY_CUSTOMER)
        self.assertEqual({s: r.totals.buckets for s, r in a.by_salesperson.items()}, EXPECTED_BY_SALESPERSON)
        # ... and the workbook from the bad database agrees with both.
        self.check_workbook(workbook_path(self.out), a, with_issues=True)
        self.check_manifest(self.out, AS_OF, len(EXPECTED_OPEN))

    def test_english_data_issues_sheet(self):
        out = self.dir / "en"
        r = run_receivables(self.db, out, AS_OF, "--locale", "en")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check_workbook(workbook_path(out), self.aging, locale="en", with_issues=True)


# --------------------------------------------------------------------------- c. determinism


class DeterminismTest(WorkbookChecks):
    """c. The same inputs give byte-identical files, in another OUT and on a rerun in the same OUT."""

    def test_same_sha256(self):
        base = fresh_dir("determinism")
        out1, out2 = base / "one", base / "two"
        shas, manifests = [], []
        for out in (out1, out2, out1):
            r = run_receivables(_small_db, out, AS_OF, cwd=base)
            self.assertEqual(r.returncode, 0, r.stderr)
            shas.append(sha256(workbook_path(out)))
            manifests.append((job_dir(out) / "manifest.json").read_bytes())
            self.assertEqual(files_under(job_dir(out)), ["manifest.json", f"receivables-{AS_OF}.xlsx"])
        self.assertEqual(len(set(shas)), 1, shas)
        self.assertEqual(len(set(manifests)), 1, "manifest.json differs between runs")
        with ledger(out1) as con:
            statuses = [r[0] for r in con.execute("SELECT status FROM run ORDER BY id")]
            output_shas = {r[0] for r in con.execute("SELECT sha256 FROM output")}
        self.assertEqual(statuses, ["succeeded", "succeeded"])
        self.assertEqual(output_shas, {shas[0]})


# --------------------------------------------------------------------------- d. detail split


class DetailSplitTest(WorkbookChecks):
    """d. receivables.detail_rows_per_sheet splits 明细 into 明细 (2), 明细 (3), ..."""

    def test_fifty_rows_per_sheet(self):
        per_sheet = 50
        out = fresh_dir("split") / "out"
        r = run_receivables(_small_db, out, AS_OF, "-D", f"receivables.detail_rows_per_sheet={per_sheet}")
        self.assertEqual(r.returncode, 0, r.stderr)
        aging = receivables_sql.compute(str(_small_db), AS_OF)
        self.assertGreater(aging.totals.count, 2 * per_sheet, "enough open invoices for 3+ sheets")
        wb = self.check_workbook(workbook_path(out), aging, rows_per_sheet=per_sheet)
        names = detail_sheet_names(wb, "zh-CN")
        self.assertIn("明细 (2)", names)
        self.assertIn("明细 (3)", names)
        self.assertEqual(len(names), math.ceil(aging.totals.count / per_sheet))
        self.check_manifest(out, AS_OF, aging.totals.count)


# --------------------------------------------------------------------------- e. English


class LocaleTest(WorkbookChecks):
    """e. --locale en gives the English workbook."""

    def test_english(self):
        out = fresh_dir("en") / "out"
        r = run_receivables(_small_db, out, AS_OF, "--locale", "en")
        self.assertEqual(r.returncode, 0, r.stderr)
        wb = openpyxl.load_workbook(workbook_path(out), read_only=True)
        self.assertEqual(wb.sheetnames, ["Summary", "By customer", "By salesperson", "Detail", "Notes"])
        wb.close()
        self.check_workbook(workbook_path(out), receivables_sql.compute(str(_small_db), AS_OF), locale="en")
        self.check_manifest(out, AS_OF, receivables_sql.compute(str(_small_db), AS_OF).totals.count)


# --------------------------------------------------------------------------- g. exit codes


class ExitCodeTest(unittest.TestCase):
    """g. Usage and configuration errors exit 2; a failed job exits 1 and publishes nothing."""

    def setUp(self):
        self.base = fresh_dir("exit")
        self.out = self.base / "out"

    def assert_nothing_published(self):
        if self.out.exists():
            self.assertEqual(published_files(self.out), [], "files published by a failed run")

    def test_unknown_job(self):
        r = yewu("run", "no-such-job", "--as-of", AS_OF, "--source", f"sqlite:{_small_db}", "--out", self.out,
                 cwd=self.base)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("no-such-job", r.stderr)
        self.assertIn("receivables", r.stderr, "the message lists the known jobs")
        self.assert_nothing_published()

    def test_bad_as_of(self):
        for bad in ("2026-13-01", "2026-02-30", "yesterday", "2026-1-5", "20261031"):
            with self.subTest(as_of=bad):
                r = run_receivables(_small_db, self.out, bad)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("--as-of", r.stderr)
                self.assert_nothing_published()

    def test_missing_source(self):
        r = run_receivables(self.base / "does-not-exist.db", self.out)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertFalse(job_dir(self.out).exists() and any(job_dir(self.out).iterdir()), "published something")
        self.assert_nothing_published()
        self.assertFalse((self.base / "does-not-exist.db").exists(), "the missing source was created")
        with ledger(self.out) as con:
            run = last_run(con)
            outputs = con.execute("SELECT COUNT(*) FROM output").fetchone()[0]
        self.assertEqual((run["status"], run["exit_code"], outputs), ("failed", 1, 0))
        self.assertTrue(run["error"])

    def test_secret_on_command_line(self):
        secret = "hunter2-do-not-print"
        for key in ("smtp.password", "source.token", "portal.secret"):
            with self.subTest(key=key):
                r = run_receivables(_small_db, self.out, AS_OF, "-D", f"{key}={secret}")
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(key, r.stderr)
                self.assertNotIn(secret, r.stderr + r.stdout, "the secret was echoed")
                self.assert_nothing_published()

    def test_secret_from_environment_is_not_logged(self):
        secret = "env-s3cret-never-shown"
        env = {"YEWU_SMTP__PASSWORD": secret, "YEWU_PORTAL__SECRET": secret}
        r = run_receivables(_small_db, self.out, AS_OF, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(secret, r.stdout + r.stderr)
        for f in files_under(self.out):
            self.assertNotIn(secret.encode(), (self.out / f).read_bytes(), f"the secret is in {f}")

    def test_bad_job_configuration(self):
        """Invalid receivables settings are configuration errors: exit 2, not a failed run (exit 1)."""
        for define in ("receivables.detail_rows_per_sheet=0", "receivables.detail_rows_per_sheet=many",
                       "receivables.buckets=abc", "receivables.buckets=5,30"):
            with self.subTest(define=define):
                r = run_receivables(_small_db, self.out, AS_OF, "-D", define)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assert_nothing_published()


# --------------------------------------------------------------------------- f. kill


class KillTest(WorkbookChecks):
    """f. SIGKILL at several points of a scale-0.3 run leaves no half-written file; a rerun finishes."""

    @classmethod
    def setUpClass(cls):
        require_binary()
        cls.dir = Path(tempfile.mkdtemp(prefix="yewu-kill-"))
        cls.db = cls.dir / "big.db"
        generate(cls.db, 0.3, cls.dir)
        ref = cls.dir / "ref"
        started = time.monotonic()
        r = run_receivables(cls.db, ref)
        cls.run_seconds = time.monotonic() - started
        if r.returncode != 0:
            raise AssertionError(f"uninterrupted run failed ({r.returncode}): {r.stderr}")
        cls.ref_sha = sha256(workbook_path(ref))
        cls.ref_rows = receivables_sql.compute(str(cls.db), AS_OF).totals.count

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def start(self, out: Path) -> subprocess.Popen:
        return subprocess.Popen([YEWU_BIN, "run", "receivables", "--as-of", AS_OF, "--source", f"sqlite:{self.db}",
                                 "--out", str(out)], cwd=self.dir, env=yewu_env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill_after(self, out: Path, delay: float) -> bool:
        """Starts a run, SIGKILLs it after delay seconds; False when it had already finished."""
        proc = self.start(out)
        try:
            time.sleep(delay)
            if proc.poll() is not None:
                return False
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            return True
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def abandoned_runs(self, out: Path) -> int:
        """Runs a kill left behind: 'running' until yewu notices, then 'interrupted'."""
        if not (out / "ledger.sqlite").exists():
            return 0
        with ledger(out) as con:
            return con.execute("SELECT COUNT(*) FROM run WHERE status IN ('running', 'interrupted')").fetchone()[0]

    def test_kill_and_rerun(self):
        fractions = (0.03, 0.15, 0.35, 0.6, 0.85)
        delays = [max(0.02, f * self.run_seconds) for f in fractions]
        landed = 0
        for k, delay in enumerate(delays):
            with self.subTest(delay=round(delay, 3)):
                out = self.dir / f"killed-{k}"
                if not self.kill_after(out, delay):
                    continue  # finished before the kill: nothing to check
                landed += 1

                # Nothing but the ledger, the lock and the log: no workbook, no manifest, no temp
                # file. Unless the kill came after the workbook was renamed into place (the
                # manifest follows it; then the run's last bookkeeping and the process's exit,
                # which is long under the sanitizers): then they are the whole, right files.
                published = published_files(out)
                if published:
                    self.assertIn(published, (["receivables/2026-10-31/receivables-2026-10-31.xlsx"],
                                              ["receivables/2026-10-31/manifest.json",
                                               "receivables/2026-10-31/receivables-2026-10-31.xlsx"]),
                                  f"after SIGKILL at {delay:.3f}s of {self.run_seconds:.2f}s")
                    self.assertEqual(sha256(workbook_path(out)), self.ref_sha, "published before the kill")
                    if len(published) == 2:
                        self.check_manifest(out, AS_OF, self.ref_rows)
                # yewu reads the ledger as the kill left it (possibly with a hot journal) ...
                r = yewu("history", "--out", out, cwd=self.dir)
                self.assertEqual(r.returncode, 0, f"history after a kill: {r.stderr}")
                interrupted = self.abandoned_runs(out)  # the killed run, if it got as far as the ledger
                # ... and, with nobody holding OUT, already shows the killed run as interrupted.
                self.assertNotIn(" running ", r.stdout)

                r = run_receivables(self.db, out, cwd=self.dir)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(sha256(workbook_path(out)), self.ref_sha, "rerun after a kill")
                self.check_manifest(out, AS_OF, self.ref_rows)

                # Killing a rerun over published files leaves those files whole.
                if self.kill_after(out, delay):
                    interrupted = self.abandoned_runs(out)
                    self.assertEqual(published_files(out),
                                     ["receivables/2026-10-31/manifest.json",
                                      "receivables/2026-10-31/receivables-2026-10-31.xlsx"])
                    self.assertEqual(sha256(workbook_path(out)), self.ref_sha, "published file changed by a kill")
                    manifest = json.loads((job_dir(out) / "manifest.json").read_text(encoding="utf-8"))
                    self.assertEqual(manifest["files"][0]["sha256"], self.ref_sha)
                    r = run_receivables(self.db, out, cwd=self.dir)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(sha256(workbook_path(out)), self.ref_sha)

                # The ledger and `yewu history` show the killed runs as interrupted.
                with ledger(out) as con:
                    statuses = Counter(r[0] for r in con.execute("SELECT status FROM run"))
                self.assertEqual(statuses.get("interrupted", 0), interrupted, statuses)
                self.assertEqual(statuses.get("running", 0), 0, statuses)
                r = yewu("history", "--out", out, cwd=self.dir)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(len(re.findall(r"\binterrupted\b", r.stdout)), interrupted, r.stdout)
        self.assertGreaterEqual(landed, 3, f"only {landed} kills landed inside a {self.run_seconds:.2f}s run")


if __name__ == "__main__":
    unittest.main()
