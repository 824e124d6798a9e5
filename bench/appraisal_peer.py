#!/usr/bin/python3
"""The monthly appraisal letters as a team would write them without yewu:
Python reading the canonical SQLite database with SQL, scoring with Fractions,
and rendering one-page letters with ReportLab (python3-reportlab) in the
WenQuanYi Zen Hei font (subset-embedded by ReportLab). The same content as
templates/zh-CN/appraisal_letter.md: letterhead, employee, component table,
total, grade, outcome, appeal clause, signer lines. Used only as the
benchmark's baseline.

usage: appraisal_peer.py DB YYYY-MM OUTDIR
Prints "letters N render_seconds S render_cpu_seconds C bytes B" on stdout.
"""
import datetime
import os
import sqlite3
import sys
import time
from fractions import Fraction

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

WEIGHTS = [50, 15, 10, 15, 10]
LABELS = ["销售目标达成率", "回款率", "客户拜访达成率", "工作态度", "客户满意度"]
OUTCOMES = {"A": "奖励，并列入晋升候选人名单。", "B": "标准，维持现有待遇。", "C": "制定绩效改进计划，下月复核。",
            "D": "培训或调整岗位。"}
APPEAL = ("如对考核结果有异议，请于收到本通知之日起 5 个工作日内以书面形式向人力资源部提出申诉；"
          "逾期未提出的，视为认可本考核结果。")


def money(c):
    return f"{'-' if c < 0 else ''}¥{abs(c) // 100:,}.{abs(c) % 100:02d}"


def tenths(x):
    n = x * 10 + Fraction(1, 2)
    t = n.numerator // n.denominator
    return f"{t // 10}.{t % 10}", t


def figures(con, month):
    y, m = map(int, month.split("-"))
    b = datetime.date(y, m, 1)
    e = datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)
    prev = (b - datetime.timedelta(days=1)).isoformat()
    b, e = b.isoformat(), e.isoformat()
    people = {r[0]: {"name": r[1], "team": r[2], "sales": 0, "target": 0, "visits": 0, "vtarget": 0,
                     "due": 0, "cdue": 0, "rating": None}
              for r in con.execute("SELECT id, name, team FROM salesperson WHERE active = 1")}
    q = [
        ("SELECT salesperson_id, SUM(amount_cents) FROM orders WHERE status='confirmed' AND order_date BETWEEN ? AND ? "
         "GROUP BY salesperson_id", (b, e), "sales"),
        ("SELECT salesperson_id, COUNT(*) FROM visit WHERE visit_date BETWEEN ? AND ? GROUP BY salesperson_id",
         (b, e), "visits"),
    ]
    for sql, args, key in q:
        for sid, v in con.execute(sql, args):
            if sid in people:
                people[sid][key] = v
    for sid, t, vt in con.execute("SELECT salesperson_id, sales_target_cents, visit_target FROM target WHERE month = ?",
                                  (month,)):
        if sid in people:
            people[sid]["target"], people[sid]["vtarget"] = t, vt
    for sid, a, s in con.execute("SELECT salesperson_id, attitude_score, satisfaction_score FROM rating WHERE month = ?",
                                 (month,)):
        if sid in people:
            people[sid]["rating"] = (a, s)
    sql = """
      WITH inv AS (
        SELECT i.id, i.salesperson_id,
               i.amount_cents - COALESCE((SELECT SUM(p.amount_cents) FROM payment p
                                          WHERE p.invoice_id = i.id AND p.paid_on <= ?), 0) AS open_b
        FROM invoice i WHERE i.due_date <= ? AND i.invoice_date <= ?)
      SELECT salesperson_id, SUM(open_b),
             SUM((SELECT COALESCE(SUM(p.amount_cents), 0) FROM payment p
                  WHERE p.invoice_id = inv.id AND p.paid_on BETWEEN ? AND ?))
      FROM inv WHERE open_b > 0 GROUP BY salesperson_id"""
    for sid, due, cdue in con.execute(sql, (prev, e, prev, b, e)):
        if sid in people:
            people[sid]["due"], people[sid]["cdue"] = due, cdue
    return people


def letter(path, sid, p, month, styles, font):
    ratios = [Fraction(p["sales"], p["target"]) if p["target"] else None,
              Fraction(p["cdue"], p["due"]) if p["due"] else None,
              Fraction(p["visits"], p["vtarget"]) if p["vtarget"] else None]
    scores = [None if r is None else min(Fraction(120), 100 * r) for r in ratios]
    scores += [Fraction(x) for x in p["rating"]] if p["rating"] else [None, None]
    w = sum(WEIGHTS[i] for i, s in enumerate(scores) if s is not None)
    total_text, t = tenths(sum(WEIGHTS[i] * s for i, s in enumerate(scores) if s is not None) / w) if w else ("—", 0)
    grade = "A" if t >= 900 else "B" if t >= 800 else "C" if t >= 600 else "D"
    targets = [money(p["target"]), money(p["due"]), str(p["vtarget"]), "—", "—"]
    actuals = [money(p["sales"]), money(p["cdue"]), str(p["visits"]),
               str(p["rating"][0]) if p["rating"] else "—", str(p["rating"][1]) if p["rating"] else "—"]
    rows = [["考核项目", "权重", "目标", "实际", "达成率", "得分"]]
    for i in range(5):
        rows.append([LABELS[i], str(WEIGHTS[i]), targets[i], actuals[i],
                     "—" if i > 2 or ratios[i] is None else tenths(100 * ratios[i])[0] + "%",
                     "未计入" if scores[i] is None else tenths(scores[i])[0]])
    table = Table(rows, repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 9.5), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey), ("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    head = Table([["姓名", "工号", "团队", "考核期间"], [p["name"], str(sid), p["team"], month]])
    head.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 10), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
    body, h1, h2 = styles
    story = [Paragraph("示例贸易有限公司 · 上海市浦东新区世纪大道 100 号 · 电话 021-00000000", body),
             Paragraph("绩效考核通知书", h1), Paragraph("<b>示例贸易有限公司</b><br/>发文日期：2026-11-01", body),
             head, Spacer(1, 6), Paragraph(f"{p['name']}：", body),
             Paragraph(f"根据公司《业务员管理制度及流程》，现将您 {month} 的绩效考核结果通知如下。", body),
             Paragraph("一、考核明细", h2), table, Paragraph("二、考核结果", h2),
             Paragraph(f"• 综合得分：{total_text}", body), Paragraph(f"• 考核等级：{grade}", body),
             Paragraph(f"• 考核结论：{OUTCOMES[grade]}", body), Paragraph("三、申诉", h2), Paragraph(APPEAL, body),
             Spacer(1, 20), Paragraph("考核人（签字）：________________　　复核人（签字）：________________", body),
             Spacer(1, 14), Paragraph("员工确认（签字）：________________　　日期：________________", body)]
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=18 * mm, title=f"绩效考核通知书 {month} {p['name']}", invariant=1)
    doc.build(story)


def main(db, month, outdir):
    os.makedirs(outdir, exist_ok=True)
    con = sqlite3.connect(db)
    people = figures(con, month)
    start, cpu = time.perf_counter(), time.process_time()
    pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0))
    body = ParagraphStyle("body", fontName="WQY", fontSize=10.5, leading=15.75, wordWrap="CJK")
    h1 = ParagraphStyle("h1", parent=body, fontSize=16.5, leading=24, alignment=1)
    h2 = ParagraphStyle("h2", parent=body, fontSize=13, leading=19)
    total = 0
    for sid in sorted(people):
        path = os.path.join(outdir, f"{sid}.pdf")
        letter(path, sid, people[sid], month, (body, h1, h2), "WQY")
        total += os.path.getsize(path)
    render, render_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"letters {len(people)} render_seconds {render:.3f} render_cpu_seconds {render_cpu:.3f} bytes {total}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
