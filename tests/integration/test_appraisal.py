"""Integration tests of `yewu run appraisal` against a generated SQLite database.

Expected scores are computed independently: the KPI figures by kpi_sql.py (SQL
straight from DESIGN.md), the ratings read from the rating table, and the score
with Python Fractions (DESIGN.md "appraisal score"). Every PDF is read back with
qpdf --check, pdffonts and pdftotext.

    YEWU_BIN=build/app/yewu YEWU_SOURCE_DIR=. /usr/bin/python3 -m unittest -v test_appraisal
"""

from __future__ import annotations

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
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kpi_sql  # noqa: E402

YEWU_BIN = os.environ.get("YEWU_BIN", "")
PERIOD = "2026-10"
WEIGHTS = {"sales": 50, "collection": 15, "visits": 10, "attitude": 15, "satisfaction": 10}
LABELS_ZH = {"sales": "销售目标达成率", "collection": "回款率", "visits": "客户拜访达成率", "attitude": "工作态度",
             "satisfaction": "客户满意度"}


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}¥{cents // 100:,}.{cents % 100:02d}"


def round_half_up_tenths(x: Fraction) -> int:
    n = x * 10 + Fraction(1, 2)
    return n.numerator // n.denominator


def tenths_text(t: int) -> str:
    return f"{t // 10}.{t % 10}"


def expected_score(kpi, rating):
    parts = {
        "sales": kpi.attainment,
        "collection": kpi.collection_rate,
        "visits": kpi.visit_attainment,
    }
    scores = {k: min(Fraction(120), 100 * v) for k, v in parts.items() if v is not None}
    if rating is not None:
        scores["attitude"], scores["satisfaction"] = Fraction(rating[0]), Fraction(rating[1])
    if not scores:
        return None, None, []
    weight = sum(WEIGHTS[k] for k in scores)
    total = round_half_up_tenths(sum(WEIGHTS[k] * s for k, s in scores.items()) / weight)
    grade = "A" if total >= 900 else "B" if total >= 800 else "C" if total >= 600 else "D"
    dropped = [k for k in WEIGHTS if k not in scores]
    return total, grade, dropped


def run(*args, check=True):
    return subprocess.run(list(args), capture_output=True, text=True, check=check)


class AppraisalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not YEWU_BIN:
            raise unittest.SkipTest("YEWU_BIN not set")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.db = cls.dir / "demo.db"
        run(YEWU_BIN, "generate", "--db", str(cls.db), "--scale", "0.02", "--seed", "7", "--end", PERIOD)
        cls.out = cls.dir / "out"
        cls.result = cls.appraise(cls.db, cls.out)
        cls.manifest = json.loads((cls.out / "appraisal" / PERIOD / "manifest.json").read_text())
        cls.kpis = kpi_sql.compute(str(cls.db), PERIOD)
        con = sqlite3.connect(cls.db)
        cls.ratings = {sid: (a, s) for sid, a, s in con.execute(
            "SELECT salesperson_id, attitude_score, satisfaction_score FROM rating WHERE month = ?", (PERIOD,))}
        con.close()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def appraise(cls, db, out, *extra):
        return run(YEWU_BIN, "run", "appraisal", "--period", PERIOD, "--source", f"sqlite:{db}", "--out", str(out),
                   *extra, check=False)

    def pdf_text(self, path, *options):
        return run("pdftotext", "-enc", "UTF-8", *options, str(path), "-").stdout

    def check_pdf(self, path):
        check = run("qpdf", "--check", str(path), check=False)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        fonts = run("pdffonts", str(path)).stdout.splitlines()[2:]
        self.assertTrue(fonts)
        for line in fonts:
            cols = line.split()
            self.assertEqual(cols[-5:-2], ["yes", "yes", "yes"], line)
            self.assertRegex(cols[0], r"^[A-Z]{6}\+")

    def files(self, kind):
        return [f for f in self.manifest["files"] if f["kind"] == kind]

    def test_run_succeeds(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        self.assertNotIn("Fixing references", self.result.stdout + self.result.stderr)

    def test_one_letter_per_active_salesperson(self):
        active = sorted(k.id for k in self.kpis.values() if k.active)
        letters = self.files("appraisal_letter")
        self.assertEqual(sorted(int(f["subject"]) for f in letters), active)
        for f in letters:
            self.assertEqual(f["path"], f"letters/{f['subject']}.pdf")
        self.assertEqual(len(self.files("personal_kpi_workbook")), len(active))

    def test_letters_state_name_score_grade_and_amounts(self):
        for f in self.files("appraisal_letter"):
            path = self.out / "appraisal" / PERIOD / f["path"]
            self.check_pdf(path)
            self.assertLess(path.stat().st_size, 100 * 1024, f["path"])
            kpi = self.kpis[int(f["subject"])]
            text = self.pdf_text(path)
            flat = " ".join(text.split())
            total, grade, dropped = expected_score(kpi, self.ratings.get(kpi.id))
            self.assertIn(kpi.name, text)
            self.assertIn(f"综合得分：{tenths_text(total)}", flat.replace(" ", ""))
            self.assertIn(f"考核等级：{grade}", flat.replace(" ", ""))
            self.assertIn(money(kpi.sales), text)
            if kpi.target:
                self.assertIn(money(kpi.target), text)
            if kpi.due_in_m:
                self.assertIn(money(kpi.due_in_m), text)
                self.assertIn(money(kpi.collected_due), text)
            for k in dropped:
                self.assertIn(LABELS_ZH[k], text)
            if dropped:
                self.assertIn("未计入考核", flat.replace(" ", ""))
            self.assertIn("考核人（签字）", text)
            self.assertIn("复核人（签字）", text)
            self.assertIn("员工确认（签字）", text)

    def test_team_packs(self):
        letters = {int(f["subject"]): f for f in self.files("appraisal_letter")}
        teams = {}
        for k in self.kpis.values():
            if k.active:
                teams.setdefault(k.team, []).append(k)
        packs = self.files("team_pack")
        self.assertEqual(sorted(f["subject"] for f in packs), sorted(teams))
        for f in packs:
            path = self.out / "appraisal" / PERIOD / f["path"]
            self.check_pdf(path)
            members = teams[f["subject"]]
            pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path)).stdout).group(1))
            letter_pages = 0
            for k in members:
                info = run("pdfinfo", str(self.out / "appraisal" / PERIOD / letters[k.id]["path"])).stdout
                letter_pages += int(re.search(r"Pages:\s+(\d+)", info).group(1))
            # One summary page (the teams here are small), then exactly the members' letters.
            self.assertEqual(pages, 1 + letter_pages)
            summary = self.pdf_text(path, "-f", "1", "-l", "1", "-layout")
            # Members in score order on the summary page.
            expected = sorted(members, key=lambda k: (-(expected_score(k, self.ratings.get(k.id))[0] or -10**9), k.id))
            positions = [summary.find(k.name) for k in expected]
            self.assertTrue(all(p >= 0 for p in positions), summary)
            self.assertEqual(positions, sorted(positions))
            grades = [expected_score(k, self.ratings.get(k.id))[1] for k in members]
            for g in "ABCD":
                self.assertRegex(summary, rf"\n\s*{g}\s+{grades.count(g)}\s+")

    def test_letters_share_the_template_subset_and_packs_have_one(self):
        # Letters draw the template's glyphs from a subset made once per run (YWCJKS) and
        # only their own text (names, outcome) from a subset of their own; a team pack,
        # near its 100 KB, has one CJK subset of the whole team's text.
        def fonts(path):
            return [line.split()[0] for line in run("pdffonts", str(path)).stdout.splitlines()[2:]]
        for f in self.files("appraisal_letter")[:5]:
            names = fonts(self.out / "appraisal" / PERIOD / f["path"])
            self.assertTrue(any(n.startswith("YWCJKS+") for n in names), names)
        for f in self.files("team_pack"):
            names = fonts(self.out / "appraisal" / PERIOD / f["path"])
            self.assertFalse(any(n.startswith("YWCJKS+") for n in names), names)
            self.assertTrue(any(n.startswith("YWCJKR+") for n in names), names)
            self.assertLess((self.out / "appraisal" / PERIOD / f["path"]).stat().st_size, 100 * 1024, f["path"])

    def test_rerun_is_byte_identical(self):
        out2 = self.dir / "out2"
        self.assertEqual(self.appraise(self.db, out2).returncode, 0)
        again = json.loads((out2 / "appraisal" / PERIOD / "manifest.json").read_text())
        self.assertEqual({f["path"]: f["sha256"] for f in self.manifest["files"]},
                         {f["path"]: f["sha256"] for f in again["files"]})
        shutil.rmtree(out2)

    def test_names_print_literally_and_uncovered_characters_fail(self):
        db = self.dir / "names.db"
        shutil.copy(self.db, db)
        con = sqlite3.connect(db)
        sid = con.execute("SELECT min(id) FROM salesperson WHERE active = 1").fetchone()[0]
        tricky = "*王* {{name}} | <b>&amp;"
        con.execute("UPDATE salesperson SET name = ? WHERE id = ?", (tricky, sid))
        con.commit()
        out = self.dir / "out-names"
        result = self.appraise(db, out)
        self.assertEqual(result.returncode, 0, result.stderr)
        text = self.pdf_text(out / "appraisal" / PERIOD / "letters" / f"{sid}.pdf")
        self.assertIn(tricky, text)

        con.execute("UPDATE salesperson SET name = ? WHERE id = ?", ("𠮷田", sid))
        con.commit()
        con.close()
        out = self.dir / "out-uncovered"
        result = self.appraise(db, out)
        self.assertEqual(result.returncode, 1)
        self.assertIn("U+20BB7", result.stderr)
        self.assertIn(f"salesperson {sid}", result.stderr)
        # Nothing published (the runner may have made the empty folder for its unnamed temp files).
        self.assertEqual(list((out / "appraisal" / PERIOD).rglob("*.pdf")), [])
        self.assertFalse((out / "appraisal" / PERIOD / "manifest.json").exists())

        # Text every letter shares (here the company's name) fails before any letter does.
        out = self.dir / "out-uncovered-company"
        result = self.appraise(self.db, out, "-D", "company.name=示例𠮷公司")
        self.assertEqual(result.returncode, 1)
        self.assertIn("U+20BB7", result.stderr)
        self.assertIn("company details", result.stderr)
        self.assertFalse((out / "appraisal" / PERIOD / "manifest.json").exists())

    def test_english_letters(self):
        out = self.dir / "out-en"
        result = self.appraise(self.db, out, "--locale", "en")
        self.assertEqual(result.returncode, 0, result.stderr)
        manifest = json.loads((out / "appraisal" / PERIOD / "manifest.json").read_text())
        f = next(f for f in manifest["files"] if f["kind"] == "appraisal_letter")
        text = self.pdf_text(out / "appraisal" / PERIOD / f["path"])
        self.assertIn("Performance Appraisal Notice", text)
        self.assertIn("Page1of", "".join(text.split()))


if __name__ == "__main__":
    unittest.main()
