"""Integration tests of `yewu run contracts` against a generated SQLite database
plus hand-made orders (an 80-line order, amounts with tricky zeros, bad rows).

Expected contents come from the database by SQL and from an independent
implementation of the Chinese capital amount (digit by digit, then the zero
rules as text substitutions); every PDF is read back with pdftotext, pdfinfo,
pdffonts and qpdf --check.

    YEWU_BIN=build/app/yewu YEWU_SOURCE_DIR=. /usr/bin/python3 -m unittest -v test_contracts
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import tempfile
import unittest
from pathlib import Path

YEWU_BIN = os.environ.get("YEWU_BIN", "")
PERIOD = "2026-10"
DIGITS = "零壹贰叁肆伍陆柒捌玖"


def capital(cents: int) -> str:
    """人民币大写, written independently of core/ChineseAmount: every digit with its unit, then the
    zero rules of bank forms as substitutions."""
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
        out = re.sub("零(万|亿)", r"\1", out)
        out = out.replace("亿万", "亿零")  # an all-zero 万 group between non-zero digits
        out = re.sub("零+", "零", out).rstrip("零") + "元"
        if not jiao and not fen:
            return out + "整"
        if not jiao:
            return out + "零" + DIGITS[fen] + "分"
    if jiao:
        out += DIGITS[jiao] + "角"
    if fen:
        out += DIGITS[fen] + "分"
    return out


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}¥{cents // 100:,}.{cents % 100:02d}"


def run(*args, check=True):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=check)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# Hand-made orders in PERIOD: (order_no, day, [(code, name, quantity, unit_price_cents)]).
BIG_LINES = [(f"P-{i:04d}", f"测试产品 {i} 号（规格 {i % 7 + 1}）", i % 9 + 1, 1000 + 37 * i) for i in range(1, 81)]
SPECIAL = [
    ("T-BIG-80", "2026-10-12", BIG_LINES),
    ("T-1004-05", "2026-10-13", [("Q-1", "精密轴承", 1, 100405)]),                        # 壹仟零肆元零伍分
    ("T-10005", "2026-10-14", [("Q-2", "齿轮箱", 1, 1000000), ("Q-3", "螺栓", 5, 100)]),   # 壹万零伍元整
    ("T-100M", "2026-10-15", [("Q-4", "生产线", 10, 1000000101)]),                         # 壹亿零壹拾元壹角
    ("T-10-50", "2026-10-16", [("Q-5", "垫圈", 3, 350)]),                                  # 壹拾元伍角
    ("T-CANCEL", "2026-10-17", [("Q-6", "已取消", 2, 5000)]),
]


def add_orders(db: Path):
    con = sqlite3.connect(db)
    order_id = con.execute("SELECT max(id) FROM orders").fetchone()[0]
    customer, seller = con.execute("SELECT id, salesperson_id FROM customer ORDER BY id LIMIT 1").fetchone()
    for no, day, lines in SPECIAL:
        order_id += 1
        amount = sum(q * p for _, _, q, p in lines)
        status = "cancelled" if no == "T-CANCEL" else "confirmed"
        con.execute("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (order_id, no, customer, seller, day, amount, status))
        for n, (code, name, q, p) in enumerate(lines, 1):
            con.execute("INSERT INTO order_line VALUES (?, ?, ?, ?, ?, ?, ?)", (order_id, n, code, name, q, p, q * p))
    # Bad rows: a line whose amount is not quantity x price, an order whose amount is not the sum of its lines.
    order_id += 1
    con.execute("INSERT INTO orders VALUES (?, 'T-BADLINE', ?, ?, '2026-10-18', 1000, 'confirmed')",
                (order_id, customer, seller))
    con.execute("INSERT INTO order_line VALUES (?, 1, 'B-1', '坏行', 2, 400, 1000)", (order_id,))
    order_id += 1
    con.execute("INSERT INTO orders VALUES (?, 'T-BADSUM', ?, ?, '2026-10-18', 999, 'confirmed')",
                (order_id, customer, seller))
    con.execute("INSERT INTO order_line VALUES (?, 1, 'B-2', '合计不符', 2, 500, 1000)", (order_id,))
    con.commit()
    con.close()


def good_orders(db: Path, first: str, last: str):
    """Confirmed orders dated first..last whose lines all multiply out and sum to the order amount."""
    con = sqlite3.connect(db)
    rows = con.execute(
        """SELECT o.order_no FROM orders o
           WHERE o.status = 'confirmed' AND o.order_date BETWEEN ? AND ?
             AND o.amount_cents = (SELECT SUM(l.amount_cents) FROM order_line l WHERE l.order_id = o.id)
             AND NOT EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id
                             AND l.amount_cents <> l.quantity * l.unit_price_cents)""", (first, last)).fetchall()
    con.close()
    return sorted(r[0] for r in rows)


class ContractsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not YEWU_BIN:
            raise unittest.SkipTest("YEWU_BIN not set")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.db = cls.dir / "demo.db"
        run(YEWU_BIN, "generate", "--db", cls.db, "--scale", "0.01", "--seed", "5", "--end", PERIOD)
        add_orders(cls.db)
        cls.out = cls.dir / "out"
        cls.first = cls.contracts(cls.db, cls.out, "--period", PERIOD)
        cls.manifest = json.loads((cls.out / "contracts" / "manifest.json").read_text())

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def contracts(cls, db, out, *extra):
        return run(YEWU_BIN, "run", "contracts", "--source", f"sqlite:{db}", "--out", out, *extra, check=False)

    def pdf(self, no, out=None):
        return (out or self.out) / "contracts" / PERIOD / f"HT-{no}.pdf"

    def text(self, path, *options):
        return run("pdftotext", "-enc", "UTF-8", *options, path, "-").stdout

    def pages(self, path):
        return int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", path).stdout).group(1))

    def check_pdf(self, path):
        check = run("qpdf", "--check", path, check=False)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        fonts = run("pdffonts", path).stdout.splitlines()[2:]
        self.assertTrue(fonts)
        for line in fonts:
            cols = line.split()
            self.assertEqual(cols[-5:-2], ["yes", "yes", "yes"], line)  # emb, sub, uni
            self.assertRegex(cols[0], r"^[A-Z]{6}\+")

    def lines_of(self, db, no):
        con = sqlite3.connect(db)
        rows = con.execute(
            """SELECT l.product_code, l.product_name, l.quantity, l.unit_price_cents, l.amount_cents, o.amount_cents
               FROM order_line l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ? ORDER BY l.line_no""",
            (no,)).fetchall()
        con.close()
        return rows

    def test_one_contract_per_good_confirmed_order_of_the_month(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        expected = good_orders(self.db, f"{PERIOD}-01", f"{PERIOD}-31")
        self.assertIn("T-BIG-80", expected)
        files = self.manifest["files"]
        self.assertEqual(sorted(f["subject"] for f in files), expected)
        for f in files:
            self.assertEqual(f["kind"], "contract")
            self.assertEqual(f["path"], f"{PERIOD}/HT-{f['subject']}.pdf")
        self.assertEqual(self.manifest["job"], "contracts")

    def test_bad_rows_are_quarantined_and_cancelled_orders_reported(self):
        err = self.first.stderr
        self.assertRegex(err, r"quarantined: .*order_line.*line amount is not quantity × unit price")
        self.assertIn("line 1 of the order is quarantined", err)
        self.assertIn("is not the sum of its lines", err)
        self.assertFalse(self.pdf("T-BADLINE").exists())
        self.assertFalse(self.pdf("T-BADSUM").exists())
        self.assertFalse(self.pdf("T-CANCEL").exists())
        con = sqlite3.connect(self.db)
        cancelled = con.execute("SELECT COUNT(*) FROM orders WHERE status = 'cancelled' AND order_date LIKE ?",
                                (PERIOD + "-%",)).fetchone()[0]
        con.close()
        self.assertRegex(err, rf"contracts: .* {cancelled} cancelled \(no contract\): SO-")
        one = self.contracts(self.db, self.dir / "out-cancel", "--order", "T-CANCEL")
        self.assertEqual((one.returncode, one.stdout), (0, ""), one.stderr)
        self.assertIn("1 cancelled (no contract): T-CANCEL", one.stderr)

    def test_sample_contracts_show_every_line_total_and_capitals(self):
        samples = ["T-BIG-80", "T-1004-05", "T-10005", "T-100M", "T-10-50"] + [
            f["subject"] for f in self.manifest["files"][:5]]
        for no in samples:
            path = self.pdf(no)
            self.check_pdf(path)
            rows = self.lines_of(self.db, no)
            text = squash(self.text(path, "-raw"))
            for i, (code, name, q, price, amount, _) in enumerate(rows, 1):
                self.assertIn(squash(code + name), text, f"{no} line {i}")
                self.assertIn(squash(f"{q:,}{money(price)}{money(amount)}"), text, f"{no} line {i}")
            total = rows[0][5]
            self.assertIn(f"合同总金额（小写）：{money(total)}", text, no)
            self.assertIn(f"合同总金额（大写）：人民币{capital(total)}", text, no)
            self.assertIn(f"合同编号：HT-{no}", text)
            for label in ("甲方：", "乙方：", "（盖章）", "第1页/共", "纳税人识别号", "开户银行"):
                self.assertIn(label, text, no)

    def test_tricky_capitals(self):
        expect = {"T-1004-05": "壹仟零肆元零伍分", "T-10005": "壹万零伍元整", "T-100M": "壹亿零壹拾元壹角",
                  "T-10-50": "壹拾元伍角"}
        for no, words in expect.items():
            self.assertEqual(capital(self.lines_of(self.db, no)[0][5]), words)  # the independent oracle agrees
            self.assertIn(f"人民币{words}", squash(self.text(self.pdf(no), "-raw")))

    def test_eighty_lines_paginate_with_the_header_repeated(self):
        path = self.pdf("T-BIG-80")
        n = self.pages(path)
        self.assertGreaterEqual(n, 3)
        seen = []
        for page in range(1, n + 1):
            text = squash(self.text(path, "-raw", "-f", page, "-l", page))
            self.assertIn(f"合同编号：HT-T-BIG-80第{page}页/共{n}页", text)
            codes = re.findall(r"P-(\d{4})", text)
            if codes:
                self.assertIn("序号产品编码品名数量单价金额", text, f"page {page}")
            seen += [int(c) for c in codes]
        self.assertEqual(seen, list(range(1, 81)))  # every line once, in order, none split off
        last = squash(self.text(path, "-raw", "-f", n, "-l", n))
        self.assertIn("授权代表（签字）", last)

    def test_second_run_produces_nothing_new(self):
        out = self.dir / "out-rerun"
        shutil.copytree(self.out, out)
        before = {p: p.stat().st_mtime_ns for p in (out / "contracts").rglob("*.pdf")}
        again = self.contracts(self.db, out, "--period", PERIOD)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(again.stdout, "")
        self.assertIn("0 written", again.stderr)
        self.assertEqual({p: p.stat().st_mtime_ns for p in (out / "contracts").rglob("*.pdf")}, before)
        manifest = json.loads((out / "contracts" / "manifest.json").read_text())
        self.assertEqual(manifest["files"], self.manifest["files"])
        # A wider run (the nightly one, here from September on): September's orders get theirs, October's none.
        nightly = self.contracts(self.db, out, "--since", "2026-09-01")
        self.assertEqual(nightly.returncode, 0, nightly.stderr)
        self.assertNotIn(f"/{PERIOD}/", nightly.stdout)
        self.assertEqual(len(nightly.stdout.split()), len(good_orders(self.db, "2026-09-01", "2026-09-30")))
        self.assertEqual(self.contracts(self.db, out, "--since", "2026-09-01").stdout, "")
        shutil.rmtree(out)

    def test_changed_order_gets_exactly_one_revision_and_cancellation_is_reported(self):
        db, out = self.dir / "changed.db", self.dir / "out-changed"
        shutil.copy(self.db, db)
        shutil.copytree(self.out, out)
        no = "T-10-50"
        con = sqlite3.connect(db)
        oid = con.execute("SELECT id FROM orders WHERE order_no = ?", (no,)).fetchone()[0]
        con.execute("UPDATE order_line SET quantity = 4, amount_cents = 1400 WHERE order_id = ?", (oid,))
        con.execute("UPDATE orders SET amount_cents = 1400 WHERE id = ?", (oid,))
        con.commit()
        result = self.contracts(db, out, "--period", PERIOD)
        self.assertEqual(result.returncode, 0, result.stderr)
        revised = out / "contracts" / PERIOD / f"HT-{no}-R2.pdf"
        self.assertEqual(result.stdout.split(), [str(revised)])
        self.assertTrue(self.pdf(no, out).exists())  # the old file stays
        text = squash(self.text(revised, "-raw"))
        self.assertIn("人民币壹拾肆元整", text)
        self.assertIn(f"取代合同HT-{no}", text)
        self.check_pdf(revised)
        manifest = json.loads((out / "contracts" / "manifest.json").read_text())
        paths = {f["path"] for f in manifest["files"]}
        self.assertIn(f"{PERIOD}/HT-{no}.pdf", paths)
        self.assertIn(f"{PERIOD}/HT-{no}-R2.pdf", paths)
        self.assertEqual(self.contracts(db, out, "--period", PERIOD).stdout, "")  # and only once

        # Cancelled after its contract was issued: no contract, reported (once).
        con.execute("UPDATE orders SET status = 'cancelled' WHERE order_no = 'T-1004-05'")
        con.commit()
        result = self.contracts(db, out, "--period", PERIOD)
        self.assertEqual(result.stdout, "")
        self.assertIn("order T-1004-05 (HT-T-1004-05) was cancelled after its contract was issued", result.stderr)
        again = self.contracts(db, out, "--period", PERIOD)
        self.assertNotIn("was cancelled after", again.stderr)
        # Confirmed again: a new revision.
        con.execute("UPDATE orders SET status = 'confirmed' WHERE order_no = 'T-1004-05'")
        con.commit()
        self.assertEqual(self.contracts(db, out, "--period", PERIOD).stdout.split(),
                         [str(out / "contracts" / PERIOD / "HT-T-1004-05-R2.pdf")])
        con.close()
        shutil.rmtree(out)

    def test_order_option_regenerates_one_contract_byte_identical(self):
        out = self.dir / "out-one"
        shutil.copytree(self.out, out)
        path = self.pdf("T-10005", out)
        before = path.read_bytes()
        path.unlink()
        result = self.contracts(self.db, out, "--order", "T-10005")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), [str(path)])
        self.assertEqual(path.read_bytes(), before)
        missing = self.contracts(self.db, out, "--order", "NO-SUCH-ORDER")
        self.assertEqual(missing.returncode, 1)
        self.assertIn("order NO-SUCH-ORDER: not in the source", missing.stderr)
        shutil.rmtree(out)

    def test_since_limits_to_orders_on_or_after_the_day(self):
        out = self.dir / "out-since"
        result = self.contracts(self.db, out, "--since", f"{PERIOD}-20")
        self.assertEqual(result.returncode, 0, result.stderr)
        manifest = json.loads((out / "contracts" / "manifest.json").read_text())
        self.assertEqual(sorted(f["subject"] for f in manifest["files"]), good_orders(self.db, f"{PERIOD}-20", "9999"))
        bad = self.contracts(self.db, out, "--since", "2026-13-01")
        self.assertEqual(bad.returncode, 2)
        shutil.rmtree(out)

    def test_rerun_in_a_fresh_folder_is_byte_identical(self):
        out = self.dir / "out-again"
        self.assertEqual(self.contracts(self.db, out, "--period", PERIOD).returncode, 0)
        again = json.loads((out / "contracts" / "manifest.json").read_text())
        self.assertEqual({f["path"]: f["sha256"] for f in again["files"]},
                         {f["path"]: f["sha256"] for f in self.manifest["files"]})
        shutil.rmtree(out)

    def run_with_open_file_limit(self, out, soft, hard):
        def limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        return subprocess.run([str(a) for a in (YEWU_BIN, "run", "contracts", "--source", f"sqlite:{self.db}",
                                                "--out", out, "--period", PERIOD)],
                              capture_output=True, text=True, preexec_fn=limit)

    def test_a_low_soft_open_file_limit_is_raised_to_the_hard_one(self):
        # Every output stays open until the run publishes: a month here is more contracts
        # than 64 files, as a day at scale 1 is more than the usual soft limit of 1,024.
        contracts = len(self.manifest["files"])
        self.assertGreater(contracts, 64 + 32)
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        out = self.dir / "out-soft-limit"
        result = self.run_with_open_file_limit(out, 64, hard)
        self.assertEqual(result.returncode, 0, result.stderr)
        again = json.loads((out / "contracts" / "manifest.json").read_text())
        self.assertEqual(len(again["files"]), contracts)
        shutil.rmtree(out)

    def test_too_low_a_hard_open_file_limit_fails_clearly_and_publishes_nothing(self):
        out = self.dir / "out-hard-limit"
        result = self.run_with_open_file_limit(out, 64, 64)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("too many output files open at once", result.stderr)
        self.assertIn("of at most 64 open files", result.stderr)
        self.assertEqual(list(out.rglob("*.pdf")), [])
        shutil.rmtree(out, ignore_errors=True)

    def test_english_contract_spells_the_amount_in_words(self):
        out = self.dir / "out-en"
        result = self.contracts(self.db, out, "--order", "T-1004-05", "--locale", "en")
        self.assertEqual(result.returncode, 0, result.stderr)
        path = self.pdf("T-1004-05", out)
        self.check_pdf(path)
        text = " ".join(self.text(path).split())
        self.assertIn("Renminbi one thousand four yuan and five fen only", text)
        self.assertIn("¥1,004.05", text)
        self.assertIn("Contract No. HT-T-1004-05", text)
        shutil.rmtree(out)


if __name__ == "__main__":
    unittest.main()
