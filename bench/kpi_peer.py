#!/usr/bin/python3
"""The KPI workbook as a sales IT team would write it without yewu: Python reading
the canonical SQLite database, letting SQLite aggregate (GROUP BY, a window function
for first orders), and writing the same overview, one sheet per team and one chart
(monthly sales by team) with XlsxWriter. Used only as the benchmark's baseline; the
figures follow DESIGN.md like yewu's (no validation or quarantine).

usage: kpi_peer.py DB YYYY-MM OUT.xlsx
"""
import datetime
import sqlite3
import sys
from collections import defaultdict

import xlsxwriter

COLUMNS = ["排名", "编号", "姓名", "团队", "区域", "销售额", "目标", "完成率", "订单数", "客单价", "新客户",
           "拜访次数", "拜访目标", "拜访完成率", "回款额", "回款率", "应收余额", "逾期金额", "DSO", "环比",
           "同比", "年累计销售", "年累计完成率"]


def add_months(month, n):
    y, m = map(int, month.split("-"))
    k = y * 12 + m - 1 + n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


def bounds(month):
    y, m = map(int, month.split("-"))
    first = datetime.date(y, m, 1)
    last = datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)
    return first, last


def ratio(a, b):
    return a / b if b else None


def main(db, month, out):
    b, e = bounds(month)
    B, E = b.isoformat(), e.isoformat()
    before = (b - datetime.timedelta(days=1)).isoformat()
    d90 = (e - datetime.timedelta(days=89)).isoformat()
    months = [add_months(month, i) for i in range(-23, 1)]
    con = sqlite3.connect(db)
    people = {r[0]: r[1:] for r in con.execute("SELECT id, name, team, region, active FROM salesperson")}
    sales = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for s, m, total, n in con.execute(
            "SELECT salesperson_id, substr(order_date, 1, 7), SUM(amount_cents), COUNT(*) FROM orders "
            "WHERE status = 'confirmed' AND order_date BETWEEN ? AND ? GROUP BY 1, 2", (months[0] + "-01", E)):
        sales[s][m] = [total, n]
    targets = defaultdict(dict)
    visit_targets = {}
    for s, m, t, v in con.execute("SELECT salesperson_id, month, sales_target_cents, visit_target FROM target "
                                  "WHERE month BETWEEN ? AND ?", (months[0], month)):
        targets[s][m] = t or 0
        if m == month:
            visit_targets[s] = v or 0
    new = dict(con.execute(
        """SELECT salesperson_id, COUNT(*) FROM (
               SELECT salesperson_id, order_date,
                      ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_date, id) AS rn
               FROM orders WHERE status = 'confirmed')
           WHERE rn = 1 AND order_date BETWEEN ? AND ? GROUP BY 1""", (B, E)))
    visits = dict(con.execute("SELECT salesperson_id, COUNT(*) FROM visit WHERE visit_date BETWEEN ? AND ? "
                              "GROUP BY 1", (B, E)))
    ar = {}
    for row in con.execute(
            """WITH p AS (
                   SELECT invoice_id,
                          SUM(CASE WHEN paid_on <= :e THEN amount_cents ELSE 0 END) AS by_end,
                          SUM(CASE WHEN paid_on <= :before THEN amount_cents ELSE 0 END) AS by_start,
                          SUM(CASE WHEN paid_on BETWEEN :b AND :e THEN amount_cents ELSE 0 END) AS in_month
                   FROM payment GROUP BY invoice_id)
               SELECT i.salesperson_id,
                      SUM(COALESCE(p.in_month, 0)),
                      SUM(CASE WHEN i.invoice_date <= :e THEN i.amount_cents - COALESCE(p.by_end, 0) ELSE 0 END),
                      SUM(CASE WHEN i.invoice_date <= :e AND i.due_date < :e
                               THEN i.amount_cents - COALESCE(p.by_end, 0) ELSE 0 END),
                      SUM(CASE WHEN i.invoice_date BETWEEN :d90 AND :e THEN i.amount_cents ELSE 0 END),
                      SUM(CASE WHEN i.due_date <= :e AND i.invoice_date <= :before
                               THEN i.amount_cents - COALESCE(p.by_start, 0) ELSE 0 END),
                      SUM(CASE WHEN i.due_date <= :e AND i.invoice_date <= :before
                                    AND i.amount_cents > COALESCE(p.by_start, 0)
                               THEN COALESCE(p.in_month, 0) ELSE 0 END)
               FROM invoice i LEFT JOIN p ON p.invoice_id = i.id GROUP BY i.salesperson_id""",
            {"b": B, "e": E, "before": before, "d90": d90}):
        ar[row[0]] = row[1:]

    rows = []
    for s, (name, team, region, active) in people.items():
        cur = sales[s].get(month, [0, 0])
        prev = sales[s].get(add_months(month, -1), [0, 0])[0]
        ly = sales[s].get(add_months(month, -12), [0, 0])[0]
        ytd = sum(v[0] for m, v in sales[s].items() if m[:4] == month[:4])
        ytd_t = sum(t for m, t in targets[s].items() if m[:4] == month[:4])
        t = targets[s].get(month) or None
        vt = visit_targets.get(s) or None
        collected, open_ar, overdue, inv90, due, collected_due = ar.get(s, (0, 0, 0, 0, 0, 0))
        rows.append({"id": s, "name": name, "team": team, "region": region, "active": active,
                     "sales": cur[0], "orders": cur[1], "target": t, "new": new.get(s, 0),
                     "visits": visits.get(s, 0), "vt": vt, "collected": collected, "open": open_ar,
                     "overdue": overdue, "inv90": inv90, "due": due, "cdue": collected_due, "prev": prev,
                     "ly": ly, "ytd": ytd, "ytd_t": ytd_t, "att": ratio(cur[0], t)})

    wb = xlsxwriter.Workbook(out)
    money = wb.add_format({"num_format": "¥#,##0.00"})
    pct = wb.add_format({"num_format": "0.0%"})
    one = wb.add_format({"num_format": "0.0"})

    def write_sheet(ws, members, ranked):
        ws.write_row(0, 0, COLUMNS)
        for i, r in enumerate(members, start=1):
            vals = [ranked.get(r["id"]), r["id"], r["name"], r["team"], r["region"]]
            ws.write_row(i, 0, vals)
            ws.write_number(i, 5, r["sales"] / 100, money)
            if r["target"]:
                ws.write_number(i, 6, r["target"] / 100, money)
            for col, v, f in ((7, r["att"], pct), (9, ratio(r["sales"], r["orders"] * 100), money),
                              (13, ratio(r["visits"], r["vt"]), pct), (15, ratio(r["cdue"], r["due"]), pct),
                              (18, ratio(r["open"] * 90, r["inv90"]), one),
                              (19, ratio(r["sales"] - r["prev"], r["prev"]), pct),
                              (20, ratio(r["sales"] - r["ly"], r["ly"]), pct),
                              (22, ratio(r["ytd"], r["ytd_t"]), pct)):
                if v is not None:
                    ws.write_number(i, col, v, f)
            ws.write_number(i, 8, r["orders"])
            ws.write_number(i, 10, r["new"])
            ws.write_number(i, 11, r["visits"])
            if r["vt"]:
                ws.write_number(i, 12, r["vt"])
            for col, key in ((14, "collected"), (16, "open"), (17, "overdue"), (21, "ytd")):
                ws.write_number(i, col, r[key] / 100, money)
        n = len(members)
        ws.write(n + 1, 0, "合计")
        for col in (5, 6, 8, 10, 11, 12, 14, 16, 17, 21):
            c = xlsxwriter.utility.xl_col_to_name(col)
            ws.write_formula(n + 1, col, f"=SUM({c}2:{c}{n + 1})")
        ws.conditional_format(1, 7, n, 7, {"type": "3_color_scale"})
        ws.conditional_format(1, 5, n, 5, {"type": "data_bar"})
        ws.freeze_panes(1, 3)
        ws.autofilter(0, 0, n, 22)

    active = sorted((r for r in rows if r["active"]),
                    key=lambda r: (r["att"] is None, -(r["att"] or 0), -r["sales"], r["id"]))
    ranked = {r["id"]: i for i, r in enumerate(active, start=1)}
    write_sheet(wb.add_worksheet("业绩总览"), active, ranked)
    teams = sorted({r["team"] for r in rows})
    for team in teams:
        write_sheet(wb.add_worksheet(f"团队-{team}"[:31]), [r for r in rows if r["team"] == team], ranked)
    trend = wb.add_worksheet("趋势")
    trend.write_row(0, 0, ["月份"] + teams)
    for i, m in enumerate(months[-12:], start=1):
        trend.write(i, 0, m)
        for j, team in enumerate(teams, start=1):
            trend.write_number(i, j, sum(sales[r["id"]].get(m, [0])[0] for r in rows if r["team"] == team) / 100,
                               money)
    chart = wb.add_chart({"type": "line"})
    for j in range(1, len(teams) + 1):
        chart.add_series({"categories": ["趋势", 1, 0, 12, 0], "values": ["趋势", 1, j, 12, j],
                          "name": ["趋势", 0, j]})
    trend.insert_chart(14, 0, chart)
    wb.close()
    print(len(active))


if __name__ == "__main__":
    main(*sys.argv[1:4])
