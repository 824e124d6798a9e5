"""The Northwind mapping (config/queries/northwind) against independent SQL.

Northwind is a real sample database yewu did not write. The figures yewu
reports from it through the mapping must equal figures computed here directly
from Northwind's own tables, with exact decimal arithmetic (Python's Decimal,
half-up rounding per line), not with the mapping's SQL.

    YEWU_BIN=build/app/yewu YEWU_SOURCE_DIR=. /usr/bin/python3 -m unittest -v test_northwind

from tests/integration. The database is copied to a temp dir first: the shared
copy is read-only and must never be written to.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl  # python3-openpyxl

YEWU_BIN = os.environ.get("YEWU_BIN", "")
SOURCE_DIR = Path(os.environ.get("YEWU_SOURCE_DIR", Path(__file__).resolve().parents[2]))
NORTHWIND = Path(os.environ.get("YEWU_NORTHWIND_DB", SOURCE_DIR.parent / "shared" / "data" / "northwind" / "northwind.db"))
QUERIES = SOURCE_DIR / "config" / "queries" / "northwind"
AS_OF = dt.date(1998, 5, 31)


def cents(value: Decimal) -> int:
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def day(text: str) -> dt.date:
    # Northwind keeps 'YYYY-MM-DD hh:mm:ss.sss'; the date part is what counts.
    return dt.date.fromisoformat(text.strip()[:10])


class Northwind:
    """Orders and their net amounts, straight from Northwind's tables."""

    def __init__(self, path: Path):
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.employees = {eid: f"{first} {last}" for eid, first, last in
                          con.execute("SELECT EmployeeID, FirstName, LastName FROM Employees")}
        self.order_cents: dict[int, int] = defaultdict(int)
        for oid, price, qty, disc in con.execute(
                "SELECT OrderID, CAST(UnitPrice AS TEXT), Quantity, CAST(Discount AS TEXT) FROM [Order Details]"):
            net = Decimal(price) * qty * (1 - Decimal(disc))
            self.order_cents[oid] += cents(net)
        self.orders = [(oid, eid, day(od), day(sd) if sd else None) for oid, eid, od, sd in
                       con.execute("SELECT OrderID, EmployeeID, OrderDate, ShippedDate FROM Orders")]
        con.close()


def run_yewu(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([YEWU_BIN, *args], capture_output=True, text=True, timeout=120)


def rows_of(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:] if any(v is not None for v in r)]


def to_cents(value) -> int:
    return int((Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@unittest.skipUnless(YEWU_BIN, "set YEWU_BIN to the yewu binary")
class NorthwindMappingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not NORTHWIND.is_file():
            raise AssertionError(f"Northwind database not found at {NORTHWIND}")
        cls.tmp = Path(tempfile.mkdtemp(prefix="yewu-northwind-"))
        cls.db = cls.tmp / "northwind.db"
        shutil.copyfile(NORTHWIND, cls.db)
        cls.nw = Northwind(cls.db)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def yewu(self, job: str, *args: str) -> subprocess.CompletedProcess:
        out = self.tmp / "out"
        result = run_yewu("run", job, "--source", f"sqlite:{self.db}", "-D", f"source.queries={QUERIES}",
                          "--out", str(out), *args)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def test_receivables_every_shipped_order_is_open(self):
        """No payments in Northwind: every invoice shipped by the as-of date is open in full."""
        self.yewu("receivables", "--as-of", AS_OF.isoformat())
        book = openpyxl.load_workbook(self.tmp / "out" / "receivables" / AS_OF.isoformat() /
                                      f"receivables-{AS_OF.isoformat()}.xlsx")
        self.assertNotIn("数据问题", book.sheetnames, "the mapping must not quarantine any row")

        expected_total: dict[int, int] = defaultdict(int)
        expected_overdue: dict[int, int] = defaultdict(int)
        expected_invoices = {}
        for oid, eid, _, shipped in self.nw.orders:
            if shipped is None or shipped > AS_OF:
                continue
            amount = self.nw.order_cents[oid]
            expected_invoices[f"NW-{oid}"] = (amount, (AS_OF - (shipped + dt.timedelta(days=30))).days)
            if amount > 0:
                expected_total[eid] += amount
                if shipped + dt.timedelta(days=30) < AS_OF:
                    expected_overdue[eid] += amount
        self.assertEqual(len(expected_invoices), 809)

        by_salesperson = {r["业务员编号"]: r for r in rows_of(book["按业务员"]) if isinstance(r["业务员编号"], int)}
        self.assertEqual(set(by_salesperson), set(self.nw.employees))
        for eid, name in self.nw.employees.items():
            row = by_salesperson[eid]
            self.assertEqual(row["业务员"], name)
            self.assertEqual(to_cents(row["合计"]), expected_total[eid], name)
            self.assertEqual(to_cents(row["逾期合计"]), expected_overdue[eid], name)

        detail = {r["发票号"]: r for r in rows_of(book["明细"])}
        self.assertEqual(set(detail), set(expected_invoices))
        for number, (amount, days_past_due) in expected_invoices.items():
            self.assertEqual(to_cents(detail[number]["未收金额"]), amount, number)
            self.assertEqual(detail[number]["逾期天数"], days_past_due, number)

    def test_kpi_sales_and_orders_per_employee_per_year(self):
        """KPI sales and order counts per employee, summed over the months of each year 1996-1998."""
        listed = run_yewu("jobs")
        self.assertIn("kpi", listed.stdout.split(), "the kpi job must be registered")
        sales: dict[tuple[int, int], int] = defaultdict(int)
        orders: dict[tuple[int, int], int] = defaultdict(int)
        months = sorted({(ordered.year, ordered.month) for _, _, ordered, _ in self.nw.orders})
        self.assertEqual(months[0], (1996, 7))
        self.assertEqual(months[-1], (1998, 5))
        for year, month in months:
            period = f"{year}-{month:02d}"
            self.yewu("kpi", "--period", period)
            book = openpyxl.load_workbook(self.tmp / "out" / "kpi" / period / f"kpi-{period}.xlsx")
            rows = list(book["业绩总览"].iter_rows(values_only=True))
            header_at = next(i for i, r in enumerate(rows) if "编号" in r and "销售额" in r and "订单数" in r)
            header = rows[header_at]
            for r in rows[header_at + 1:]:
                row = dict(zip(header, r))
                if not isinstance(row["编号"], int):
                    continue  # the totals row
                sales[(row["编号"], year)] += to_cents(row["销售额"] or 0)
                orders[(row["编号"], year)] += int(row["订单数"] or 0)

        expected_sales: dict[tuple[int, int], int] = defaultdict(int)
        expected_orders: dict[tuple[int, int], int] = defaultdict(int)
        for oid, eid, ordered, _ in self.nw.orders:
            expected_sales[(eid, ordered.year)] += self.nw.order_cents[oid]
            expected_orders[(eid, ordered.year)] += 1
        for year in (1996, 1997, 1998):
            for eid, name in self.nw.employees.items():
                with self.subTest(employee=name, year=year):
                    self.assertEqual(sales[(eid, year)], expected_sales[(eid, year)])
                    self.assertEqual(orders[(eid, year)], expected_orders[(eid, year)])
        # The known figure of the data set, rounded per line.
        self.assertEqual(sum(expected_sales.values()), 126579329)
        self.assertEqual(sum(sales.values()), 126579329)
        self.assertEqual(sum(orders.values()), 830)

if __name__ == "__main__":
    unittest.main()
