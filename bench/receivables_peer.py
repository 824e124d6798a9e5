#!/usr/bin/python3
"""The receivables workbook as a finance IT team would write it without yewu:
Python reading the canonical SQLite database and writing the same four sheets
(summary, by customer, by salesperson, detail) with XlsxWriter in
constant_memory mode. Used only as the benchmark's baseline.

usage: receivables_peer.py DB AS_OF OUT.xlsx
"""
import datetime
import sqlite3
import sys

import xlsxwriter

BOUNDS = [0, 30, 60, 90, 180]
LABELS = ["未到期", "逾期1-30天", "逾期31-60天", "逾期61-90天", "逾期91-180天", "逾期180天以上"]


def bucket(days):
    for i, b in enumerate(BOUNDS):
        if days <= b:
            return i
    return len(BOUNDS)


def main(db, as_of, out):
    d = datetime.date.fromisoformat(as_of)
    con = sqlite3.connect(db)
    people = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, name, team FROM salesperson")}
    customers = {r[0]: r[1:] for r in con.execute(
        "SELECT id, name, salesperson_id, region, payment_terms_days FROM customer")}
    rows = con.execute(
        """SELECT i.invoice_no, i.invoice_date, i.due_date, i.customer_id, i.salesperson_id, i.amount_cents,
                  COALESCE(p.paid, 0)
           FROM invoice i
           LEFT JOIN (SELECT invoice_id, SUM(amount_cents) AS paid FROM payment WHERE paid_on <= ?
                      GROUP BY invoice_id) p ON p.invoice_id = i.id
           WHERE i.invoice_date <= ? AND i.amount_cents > COALESCE(p.paid, 0)
           ORDER BY i.id""", (as_of, as_of))

    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    money = wb.add_format({"num_format": "¥#,##0.00"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    summary = wb.add_worksheet("账龄汇总")
    by_customer = wb.add_worksheet("按客户")
    by_person = wb.add_worksheet("按业务员")
    detail = wb.add_worksheet("明细")
    detail.write_row(0, 0, ["发票号", "开票日期", "到期日", "客户编号", "客户名称", "业务员", "发票金额",
                            "已收金额", "未收金额", "逾期天数", "账龄区间"])
    cust_totals, person_totals, total = {}, {}, [0] * 6
    r = 1
    for no, inv_date, due, cid, sid, amount, paid in rows:
        open_cents = amount - paid
        days = (d - datetime.date.fromisoformat(due)).days
        b = bucket(days)
        cust_totals.setdefault(cid, [0] * 6)[b] += open_cents
        person_totals.setdefault(sid, [0] * 6)[b] += open_cents
        total[b] += open_cents
        detail.write_string(r, 0, no)
        detail.write_datetime(r, 1, datetime.datetime.fromisoformat(inv_date), date)
        detail.write_datetime(r, 2, datetime.datetime.fromisoformat(due), date)
        detail.write_number(r, 3, cid)
        detail.write_string(r, 4, customers[cid][0])
        detail.write_string(r, 5, people[sid][0])
        detail.write_number(r, 6, amount / 100, money)
        detail.write_number(r, 7, paid / 100, money)
        detail.write_number(r, 8, open_cents / 100, money)
        detail.write_number(r, 9, days)
        detail.write_string(r, 10, LABELS[b])
        r += 1
    detail.autofilter(0, 0, r - 1, 10)
    detail.freeze_panes(1, 0)

    summary.write_row(0, 0, ["账龄区间", "未收金额"])
    for i, label in enumerate(LABELS):
        summary.write_string(i + 1, 0, label)
        summary.write_number(i + 1, 1, total[i] / 100, money)
    summary.write_formula(len(LABELS) + 1, 1, "=SUM(B2:B7)", money, sum(total) / 100)

    by_customer.write_row(0, 0, ["客户编号", "客户名称", "业务员", "区域", "信用期(天)"] + LABELS + ["合计"])
    ordered = sorted(cust_totals.items(), key=lambda kv: (-sum(kv[1][1:]), kv[0]))
    for i, (cid, t) in enumerate(ordered, start=1):
        name, sid, region, terms = customers[cid]
        by_customer.write_row(i, 0, [cid, name, people[sid][0], region, terms])
        for j, v in enumerate(t):
            by_customer.write_number(i, 5 + j, v / 100, money)
        by_customer.write_number(i, 11, sum(t) / 100, money)
    by_customer.autofilter(0, 0, len(ordered), 11)
    by_customer.freeze_panes(1, 0)

    by_person.write_row(0, 0, ["业务员编号", "业务员", "团队"] + LABELS + ["合计"])
    for i, (sid, t) in enumerate(sorted(person_totals.items(), key=lambda kv: (-sum(kv[1][1:]), kv[0])), start=1):
        by_person.write_row(i, 0, [sid, people[sid][0], people[sid][1]])
        for j, v in enumerate(t):
            by_person.write_number(i, 3 + j, v / 100, money)
        by_person.write_number(i, 9, sum(t) / 100, money)
    wb.close()
    print(r - 1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
