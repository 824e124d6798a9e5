"""Monthly sales KPIs computed straight from DESIGN.md "Definitions" with SQLite SQL.

An independent oracle for the KPI integration tests: it reads a canonical SQLite
database (config/schema/canonical.sql) and shares no code with yewu. It assumes a
clean database (nothing to quarantine). For salesperson s and month m = [b, e]:

  sales          = sum of confirmed orders dated in m taken by s;  orders = their count
  target         = target.sales_target_cents (s, m); attainment = sales / target (none if no target or 0)
  new_customers  = customers whose first confirmed order ever (earliest order_date, ties by smallest
                   order id) falls in m and was taken by s
  visits         = visits by s in m; visit_attainment = visits / visit_target (none if none or 0)
  collected      = payments with paid_on in m on invoices of s
  open(inv, d)   = amount - payments on inv with paid_on <= d, for invoice_date <= d
  open_ar, overdue (due_date < e) at e
  due_in_m       = sum over invoices of s due by e and issued before b of open(inv, b-1);
  collected_due  = payments in m on those invoices (with open(inv, b-1) > 0); rate = collected_due / due_in_m
  dso            = open_ar(s, e) / (invoices of s dated e-89 .. e) * 90
  MoM / YoY      = (sales - sales(m-1 or m-12)) / sales(m-1 or m-12), none when that is 0
  YTD sales      = January .. m; YTD attainment = YTD sales / sum of targets January .. m (none if 0)

Ratios are Fractions; money is integer cents.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from fractions import Fraction


def month_bounds(month: str) -> tuple[str, str]:
    y, m = map(int, month.split("-"))
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first.isoformat(), (nxt - dt.timedelta(days=1)).isoformat()


def add_months(month: str, n: int) -> str:
    y, m = map(int, month.split("-"))
    k = y * 12 + (m - 1) + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def ratio(num: int, den: int | None) -> Fraction | None:
    if not den:
        return None
    return Fraction(num, den)


def growth(cur: int, prev: int) -> Fraction | None:
    if not prev:
        return None
    return Fraction(cur - prev, prev)


@dataclass
class Kpi:
    id: int
    name: str
    team: str
    region: str
    active: bool
    sales: int = 0
    orders: int = 0
    target: int | None = None
    new_customers: int = 0
    visits: int = 0
    visit_target: int | None = None
    collected: int = 0
    due_in_m: int = 0
    collected_due: int = 0
    open_ar: int = 0
    overdue: int = 0
    invoiced90: int = 0
    prev_sales: int = 0
    last_year_sales: int = 0
    ytd_sales: int = 0
    ytd_target: int = 0

    @property
    def attainment(self):
        return ratio(self.sales, self.target)

    @property
    def avg_order(self):  # in cents
        return ratio(self.sales, self.orders)

    @property
    def visit_attainment(self):
        return ratio(self.visits, self.visit_target)

    @property
    def collection_rate(self):
        return ratio(self.collected_due, self.due_in_m)

    @property
    def dso(self):
        return None if not self.invoiced90 else Fraction(self.open_ar * 90, self.invoiced90)

    @property
    def mom(self):
        return growth(self.sales, self.prev_sales)

    @property
    def yoy(self):
        return growth(self.sales, self.last_year_sales)

    @property
    def ytd_attainment(self):
        return ratio(self.ytd_sales, self.ytd_target)


def _sales_by_person(con, first: str, last: str) -> dict[int, tuple[int, int]]:
    rows = con.execute(
        "SELECT salesperson_id, SUM(amount_cents), COUNT(*) FROM orders "
        "WHERE status = 'confirmed' AND order_date BETWEEN ? AND ? GROUP BY salesperson_id", (first, last))
    return {s: (total, n) for s, total, n in rows}


def compute(db_path, month: str) -> dict[int, Kpi]:
    """Every salesperson's KPIs for `month`, keyed by id."""
    b, e = month_bounds(month)
    day_before = (dt.date.fromisoformat(b) - dt.timedelta(days=1)).isoformat()
    dso_from = (dt.date.fromisoformat(e) - dt.timedelta(days=89)).isoformat()
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        out = {}
        for sid, name, team, region, active in con.execute(
                "SELECT id, name, team, region, active FROM salesperson"):
            out[sid] = Kpi(sid, name, team or "", region or "", bool(active))

        for s, (total, n) in _sales_by_person(con, b, e).items():
            out[s].sales, out[s].orders = total, n
        for s, (total, _) in _sales_by_person(con, *month_bounds(add_months(month, -1))).items():
            out[s].prev_sales = total
        for s, (total, _) in _sales_by_person(con, *month_bounds(add_months(month, -12))).items():
            out[s].last_year_sales = total
        for s, (total, _) in _sales_by_person(con, month[:4] + "-01-01", e).items():
            out[s].ytd_sales = total

        for s, t, v in con.execute(
                "SELECT salesperson_id, sales_target_cents, visit_target FROM target WHERE month = ?", (month,)):
            out[s].target = t if t else None
            out[s].visit_target = v if v else None
        for s, total in con.execute(
                "SELECT salesperson_id, SUM(sales_target_cents) FROM target WHERE month BETWEEN ? AND ? "
                "GROUP BY salesperson_id", (month[:4] + "-01", month)):
            out[s].ytd_target = total or 0

        for s, n in con.execute(
                """WITH ranked AS (
                       SELECT customer_id, salesperson_id, order_date,
                              ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_date, id) AS rn
                       FROM orders WHERE status = 'confirmed')
                   SELECT salesperson_id, COUNT(*) FROM ranked
                   WHERE rn = 1 AND order_date BETWEEN ? AND ? GROUP BY salesperson_id""", (b, e)):
            out[s].new_customers = n

        for s, n in con.execute(
                "SELECT salesperson_id, COUNT(*) FROM visit WHERE visit_date BETWEEN ? AND ? "
                "GROUP BY salesperson_id", (b, e)):
            out[s].visits = n

        for s, total in con.execute(
                "SELECT i.salesperson_id, SUM(p.amount_cents) FROM payment p JOIN invoice i ON i.id = p.invoice_id "
                "WHERE p.paid_on BETWEEN ? AND ? GROUP BY i.salesperson_id", (b, e)):
            out[s].collected = total

        for s, open_ar, overdue in con.execute(
                """WITH o AS (
                       SELECT i.salesperson_id AS s, i.due_date AS due,
                              i.amount_cents - COALESCE((SELECT SUM(p.amount_cents) FROM payment p
                                                         WHERE p.invoice_id = i.id AND p.paid_on <= :e), 0) AS open
                       FROM invoice i WHERE i.invoice_date <= :e)
                   SELECT s, SUM(open), SUM(CASE WHEN due < :e THEN open ELSE 0 END) FROM o WHERE open > 0
                   GROUP BY s""", {"e": e}):
            out[s].open_ar, out[s].overdue = open_ar, overdue

        for s, total in con.execute(
                "SELECT salesperson_id, SUM(amount_cents) FROM invoice WHERE invoice_date BETWEEN ? AND ? "
                "GROUP BY salesperson_id", (dso_from, e)):
            out[s].invoiced90 = total

        for s, due, collected_due in con.execute(
                """WITH d AS (
                       SELECT i.id, i.salesperson_id AS s,
                              i.amount_cents - COALESCE((SELECT SUM(p.amount_cents) FROM payment p
                                                         WHERE p.invoice_id = i.id AND p.paid_on <= :before), 0)
                                  AS open_at_start,
                              COALESCE((SELECT SUM(p.amount_cents) FROM payment p WHERE p.invoice_id = i.id
                                        AND p.paid_on BETWEEN :b AND :e), 0) AS paid_in_month
                       FROM invoice i WHERE i.due_date <= :e AND i.invoice_date <= :before)
                   SELECT s, SUM(open_at_start), SUM(paid_in_month) FROM d WHERE open_at_start > 0 GROUP BY s""",
                {"b": b, "e": e, "before": day_before}):
            out[s].due_in_m, out[s].collected_due = due, collected_due
        return out
    finally:
        con.close()


def ranking(kpis: dict[int, Kpi]) -> list[Kpi]:
    """Active salespeople: with an attainment first (highest first), then without; ties by sales desc, id."""
    active = [k for k in kpis.values() if k.active]
    return sorted(active, key=lambda k: (k.attainment is None, -(k.attainment or 0), -k.sales, k.id))
