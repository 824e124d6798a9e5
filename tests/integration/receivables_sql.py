"""Receivables aging computed straight from DESIGN.md "Definitions" with SQLite SQL.

An independent oracle for the integration tests: it reads a canonical SQLite
database (config/schema/canonical.sql) and shares no code with yewu. It assumes
a clean database (nothing to quarantine): every row is used as it is.

  open(inv, d)   = amount - sum of payments on inv with paid_on <= d, for invoice_date <= d;
                   an invoice is open at d when open(inv, d) > 0
  days_past_due  = d - due_date
  buckets        = current (<= b0), b0+1..b1, ..., > b_last   (defaults 0, 30, 60, 90, 180)
  overdue        = open of invoices with due_date < d
  dso(s, d)      = open_ar(s, d) / (sum of amount of invoices of s dated d-89 .. d) * 90
                   (none when that sum is 0)

All money is integer cents. Per customer the invoice's customer_id is used, per
salesperson the invoice's salesperson_id.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from fractions import Fraction

DEFAULT_BOUNDS = (0, 30, 60, 90, 180)


@dataclass
class OpenInvoice:
    invoice_no: str
    invoice_id: int
    customer_id: int
    salesperson_id: int
    invoice_date: str
    due_date: str
    amount: int
    paid: int
    open: int
    days_past_due: int
    bucket: int


@dataclass
class Totals:
    buckets: list[int]
    total: int
    overdue: int
    count: int
    max_days_past_due: int  # over the open invoices; may be negative (all current)


@dataclass
class CustomerRow:
    customer_id: int
    name: str
    salesperson_name: str  # the customer's own salesperson
    region: str
    terms_days: int
    totals: Totals


@dataclass
class SalespersonRow:
    salesperson_id: int
    name: str
    team: str
    totals: Totals
    window_invoiced: int  # sum of amount of invoices dated d-89 .. d
    dso: Fraction | None


@dataclass
class Aging:
    as_of: str
    bounds: tuple[int, ...]
    invoices: dict[str, OpenInvoice]  # by invoice number
    by_customer: dict[int, CustomerRow]
    by_salesperson: dict[int, SalespersonRow]
    totals: Totals
    window_invoiced: int
    dso: Fraction | None
    table_counts: dict[str, int] = field(default_factory=dict)


def _bucket_case(bounds: tuple[int, ...]) -> str:
    # dpd is an integer column of the CTE below; bounds are trusted integers.
    parts = [f"WHEN dpd <= {int(b)} THEN {k}" for k, b in enumerate(bounds)]
    return "CASE " + " ".join(parts) + f" ELSE {len(bounds)} END"


def _bucket_sums(bounds: tuple[int, ...]) -> str:
    return ", ".join(
        f"COALESCE(SUM(CASE WHEN bucket = {k} THEN open ELSE 0 END), 0) AS b{k}" for k in range(len(bounds) + 1)
    )


def _open_items_cte(bounds: tuple[int, ...]) -> str:
    return f"""
    WITH paid AS (
        SELECT invoice_id, SUM(amount_cents) AS paid
        FROM payment
        WHERE paid_on <= :d
        GROUP BY invoice_id
    ),
    issued AS (
        SELECT i.id, i.invoice_no, i.customer_id, i.salesperson_id, i.invoice_date, i.due_date,
               i.amount_cents AS amount,
               COALESCE(p.paid, 0) AS paid,
               i.amount_cents - COALESCE(p.paid, 0) AS open,
               CAST(ROUND(julianday(:d) - julianday(i.due_date)) AS INTEGER) AS dpd
        FROM invoice i
        LEFT JOIN paid p ON p.invoice_id = i.id
        WHERE i.invoice_date <= :d
    ),
    open_items AS (
        SELECT *, {_bucket_case(bounds)} AS bucket
        FROM issued
        WHERE open > 0
    )
    """


def _totals(row: sqlite3.Row, nb: int) -> Totals:
    buckets = [int(row[f"b{k}"]) for k in range(nb)]
    return Totals(
        buckets=buckets,
        total=int(row["total"]),
        overdue=int(row["overdue"]),
        count=int(row["n"]),
        max_days_past_due=int(row["max_dpd"]) if row["max_dpd"] is not None else 0,
    )


def _dso(open_ar: int, invoiced: int) -> Fraction | None:
    if invoiced == 0:
        return None
    return Fraction(open_ar, invoiced) * 90


def compute(db_path: str, as_of: str, bounds: tuple[int, ...] = DEFAULT_BOUNDS) -> Aging:
    """Aging of the canonical database at db_path as of the ISO day as_of."""
    bounds = tuple(int(b) for b in bounds)
    nb = len(bounds) + 1
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        params = {"d": as_of}
        cte = _open_items_cte(bounds)
        agg = f"{_bucket_sums(bounds)}, SUM(open) AS total, " \
              f"COALESCE(SUM(CASE WHEN due_date < :d THEN open ELSE 0 END), 0) AS overdue, " \
              f"COUNT(*) AS n, MAX(dpd) AS max_dpd"

        invoices: dict[str, OpenInvoice] = {}
        for r in con.execute(cte + "SELECT * FROM open_items ORDER BY id", params):
            invoices[r["invoice_no"]] = OpenInvoice(
                invoice_no=r["invoice_no"], invoice_id=int(r["id"]), customer_id=int(r["customer_id"]),
                salesperson_id=int(r["salesperson_id"]), invoice_date=r["invoice_date"], due_date=r["due_date"],
                amount=int(r["amount"]), paid=int(r["paid"]), open=int(r["open"]), days_past_due=int(r["dpd"]),
                bucket=int(r["bucket"]))

        by_customer: dict[int, CustomerRow] = {}
        sql = cte + f"""
            SELECT o.customer_id AS customer_id, c.name AS name, s.name AS sp_name, c.region AS region,
                   c.payment_terms_days AS terms, {agg}
            FROM open_items o
            JOIN customer c ON c.id = o.customer_id
            LEFT JOIN salesperson s ON s.id = c.salesperson_id
            GROUP BY o.customer_id"""
        for r in con.execute(sql, params):
            by_customer[int(r["customer_id"])] = CustomerRow(
                customer_id=int(r["customer_id"]), name=r["name"], salesperson_name=r["sp_name"] or "",
                region=r["region"] or "", terms_days=int(r["terms"] or 0), totals=_totals(r, nb))

        window = {
            int(r[0]): int(r[1])
            for r in con.execute(
                "SELECT salesperson_id, SUM(amount_cents) FROM invoice"
                " WHERE invoice_date BETWEEN date(:d, '-89 days') AND :d GROUP BY salesperson_id", params)
        }
        by_salesperson: dict[int, SalespersonRow] = {}
        sql = cte + f"""
            SELECT o.salesperson_id AS salesperson_id, s.name AS name, s.team AS team, {agg}
            FROM open_items o
            JOIN salesperson s ON s.id = o.salesperson_id
            GROUP BY o.salesperson_id"""
        for r in con.execute(sql, params):
            sid = int(r["salesperson_id"])
            t = _totals(r, nb)
            by_salesperson[sid] = SalespersonRow(
                salesperson_id=sid, name=r["name"], team=r["team"] or "", totals=t,
                window_invoiced=window.get(sid, 0), dso=_dso(t.total, window.get(sid, 0)))

        r = con.execute(cte + f"SELECT {agg} FROM open_items", params).fetchone()
        if r["n"] == 0:
            totals = Totals([0] * nb, 0, 0, 0, 0)
        else:
            totals = _totals(r, nb)
        window_all = sum(window.values())

        counts = {t: int(con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                  for t in ("salesperson", "customer", "invoice", "payment")}
    finally:
        con.close()

    return Aging(as_of=as_of, bounds=bounds, invoices=invoices, by_customer=by_customer,
                 by_salesperson=by_salesperson, totals=totals, window_invoiced=window_all,
                 dso=_dso(totals.total, window_all), table_counts=counts)


if __name__ == "__main__":  # quick look: receivables_sql.py DB AS_OF
    import sys

    a = compute(sys.argv[1], sys.argv[2])
    print("open invoices", a.totals.count, "total", a.totals.total, "buckets", a.totals.buckets,
          "dso", None if a.dso is None else float(a.dso))
    for sid, s in sorted(a.by_salesperson.items()):
        print(sid, s.name, s.totals.buckets, s.totals.total, None if s.dso is None else round(float(s.dso), 1))
