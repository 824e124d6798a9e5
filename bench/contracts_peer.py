#!/usr/bin/python3
"""Sales contracts as a team would write them without yewu: Python reading the
canonical SQLite database with SQL and rendering each contract with ReportLab
(python3-reportlab) in the WenQuanYi Zen Hei font (subset-embedded by
ReportLab). The same content as templates/zh-CN/contract.md: header, parties
table, line items table (header repeated on every page), totals in figures
and in Chinese capitals, the eight clauses, the two signature columns side by
side, and the footer "合同编号：… 第 N 页 / 共 M 页" on every page (a second
pass for the page count, ReportLab's usual NumberedCanvas). Used only as the
benchmark's baseline; no ledger, no validation beyond SQL.

usage: contracts_peer.py DB FIRST_DAY LAST_DAY OUTDIR [LIMIT]
Renders the confirmed orders dated FIRST_DAY..LAST_DAY (the first LIMIT of
them by id, when given). Prints
"contracts N render_seconds S render_cpu_seconds C bytes B" on stdout.
"""
import os
import re
import sqlite3
import sys
import time

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

DIGITS = "零壹贰叁肆伍陆柒捌玖"
COMPANY = ("示例贸易有限公司", "上海市浦东新区世纪大道 100 号", "021-00000000", "—", "—", "—")
CLAUSES = [
    ("二、交货", "甲方应于本合同签订之日起 15 日内，将上述产品送达乙方地址（{addr}）。运输费用及交付前的毁损、灭失风险由甲方承担。"),
    ("三、付款方式", "乙方应于收到全部产品及甲方开具的合法有效发票之日起 {days} 日内，将合同总金额以银行转账方式支付至甲方上述银行账户。"),
    ("四、质量标准", "甲方保证所供产品为全新、合格产品，质量符合国家标准或行业标准；无国家标准、行业标准的，符合生产厂家的企业标准。"),
    ("五、验收", "乙方应于收货之日起 7 日内对产品的数量、规格及外观进行验收；有异议的，应在该期限内书面通知甲方。逾期未提出书面异议的，视为验收合格。"),
    ("六、违约责任", "甲方逾期交货的，每逾期一日，应按逾期交货部分货款的万分之五向乙方支付违约金；乙方逾期付款的，每逾期一日，应按逾期付款金额的万分之五向甲方支付违约金。任何一方违反本合同其他约定给对方造成损失的，应赔偿对方因此遭受的损失。"),
    ("七、争议解决", "因本合同引起的或与本合同有关的任何争议，双方应友好协商解决；协商不成的，任何一方均可向合同签订地有管辖权的人民法院提起诉讼。"),
    ("八、其他", "本合同自双方签字并盖章之日起生效。本合同一式两份，甲乙双方各执一份，具有同等法律效力。本合同未尽事宜，双方可另行签订补充协议，补充协议与本合同具有同等法律效力。"),
]


def money(c):
    return f"{'-' if c < 0 else ''}¥{abs(c) // 100:,}.{abs(c) % 100:02d}"


def capital(cents):
    if cents == 0:
        return "零元整"
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    out = ""
    if yuan:
        text = str(yuan)
        for i, ch in enumerate(text):
            pos = len(text) - 1 - i
            d = int(ch)
            out += DIGITS[d] + ["", "拾", "佰", "仟"][pos % 4] if d else "零"
            if pos % 4 == 0 and pos:
                out += ["", "万", "亿"][pos // 4]
        out = re.sub("零+", "零", out)
        out = re.sub("零(万|亿)", r"\1", out).replace("亿万", "亿零")
        out = re.sub("零+", "零", out).rstrip("零") + "元"
        if not jiao and not fen:
            return out + "整"
        if not jiao:
            return out + "零" + DIGITS[fen] + "分"
    return out + (DIGITS[jiao] + "角" if jiao else "") + (DIGITS[fen] + "分" if fen else "")


def numbered_canvas(contract_no, font):
    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont(font, 8.5)
                self.setFillGray(0.35)
                self.drawCentredString(A4[0] / 2, 18 * mm - 8,
                                       f"合同编号：{contract_no}    第 {self._pageNumber} 页 / 共 {total} 页")
                super().showPage()
            super().save()
    return NumberedCanvas


def contract(path, no, order, customer, lines, styles, font):
    body, h1, h2, cell = styles
    name, addr, contact, phone, tax, days = customer
    contract_no = "HT-" + no
    y, m, d = order["date"].split("-")
    parties = Table([[Paragraph(x, cell) for x in row] for row in [
        ["项目", "卖方（甲方）", "买方（乙方）"], ["名称", COMPANY[0], name], ["地址", COMPANY[1], addr],
        ["联系人", "—", contact], ["电话", COMPANY[2], phone], ["纳税人识别号", COMPANY[3], tax],
        ["开户银行", COMPANY[4], "—"], ["银行账号", COMPANY[5], "—"]]], colWidths=[28 * mm, 71 * mm, 71 * mm])
    parties.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                 ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
    rows = [[Paragraph(x, cell) for x in ["序号", "产品编码", "品名", "数量", "单价", "金额"]]]
    for i, (code, pname, q, price, amount) in enumerate(lines, 1):
        rows.append([str(i), Paragraph(code, cell), Paragraph(pname, cell), f"{q:,}", money(price), money(amount)])
    rows.append(["", "", Paragraph(f"<b>合计（{len(lines)} 项）</b>", cell), "", "", money(order["amount"])])
    items = Table(rows, repeatRows=1, colWidths=[12 * mm, 28 * mm, 60 * mm, 18 * mm, 26 * mm, 26 * mm])
    items.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 9.5), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                               ("ALIGN", (3, 1), (-1, -1), "RIGHT"), ("ALIGN", (0, 1), (0, -1), "RIGHT")]))
    sign = Table([["甲方（盖章）：" + COMPANY[0], "乙方（盖章）：" + name],
                  ["法定代表人或委托代理人（签字）：", "法定代表人或委托代理人（签字）："],
                  ["日期：", "日期："]], colWidths=[85 * mm, 85 * mm], rowHeights=[34, 34, 34])
    sign.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 10.5), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story = [Paragraph(" · ".join(COMPANY[:3]), body), Paragraph("销售合同", h1),
             Paragraph(f"合同编号：{contract_no}<br/>订单编号：{no}<br/>签订日期：{int(y)} 年 {int(m)} 月 {int(d)} 日"
                       f"<br/>签订地点：上海市", body), parties, Spacer(1, 6),
             Paragraph("甲乙双方根据《中华人民共和国民法典》及有关法律法规的规定，本着平等自愿、诚实信用的原则，经友好协商，"
                       "就乙方向甲方购买下列产品事宜达成如下条款，以资共同遵守。", body),
             Paragraph("一、产品名称、数量及价款", h2), items, Spacer(1, 6),
             Paragraph(f"合同总金额（小写）：<b>{money(order['amount'])}</b><br/>"
                       f"合同总金额（大写）：<b>人民币{capital(order['amount'])}</b>", body),
             Paragraph("上述价格含增值税及运至交货地点的运杂费。", body)]
    for head, text in CLAUSES:
        story += [Paragraph(head, h2), Paragraph(text.format(addr=addr, days=days), body)]
    story += [Spacer(1, 10), sign]
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=24 * mm, title=f"销售合同 {contract_no}", invariant=1)
    doc.build(story, canvasmaker=numbered_canvas(contract_no, font))


def main(db, first, last, outdir, limit=None):
    os.makedirs(outdir, exist_ok=True)
    con = sqlite3.connect(db)
    customers = {r[0]: r[1:] for r in con.execute(
        "SELECT id, name, address, contact, phone, tax_id, payment_terms_days FROM customer")}
    orders = con.execute(
        "SELECT id, order_no, customer_id, order_date, amount_cents FROM orders WHERE status = 'confirmed'"
        " AND order_date BETWEEN ? AND ? ORDER BY id" + (f" LIMIT {int(limit)}" if limit else ""),
        (first, last)).fetchall()
    start, cpu = time.perf_counter(), time.process_time()
    pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0))
    body = ParagraphStyle("body", fontName="WQY", fontSize=10.5, leading=15.75, wordWrap="CJK")
    h1 = ParagraphStyle("h1", parent=body, fontSize=16.5, leading=24, alignment=1)
    h2 = ParagraphStyle("h2", parent=body, fontSize=13, leading=19)
    cell = ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.8)
    total = 0
    for oid, no, cid, date, amount in orders:
        lines = con.execute("SELECT product_code, product_name, quantity, unit_price_cents, amount_cents"
                            " FROM order_line WHERE order_id = ? ORDER BY line_no", (oid,)).fetchall()
        month = date[:7]
        os.makedirs(os.path.join(outdir, month), exist_ok=True)
        path = os.path.join(outdir, month, f"HT-{no}.pdf")
        contract(path, no, {"date": date, "amount": amount}, customers[cid], lines, (body, h1, h2, cell), "WQY")
        total += os.path.getsize(path)
    render, render_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"contracts {len(orders)} render_seconds {render:.3f} render_cpu_seconds {render_cpu:.3f} bytes {total}")


if __name__ == "__main__":
    main(*sys.argv[1:6])
