"""Integration tests of the PDF engine (reports/pdf) through yewu_render_md.

Every PDF is read back by independent tools: qpdf --check, pdffonts,
pdftotext (text and -bbox word boxes), pdfinfo.

    YEWU_RENDER_MD=build/tests/yewu_render_md /usr/bin/python3 -m unittest -v test_pdf_engine
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

RENDER = os.environ.get("YEWU_RENDER_MD", "")
MM = 72 / 25.4
PAGE_W, PAGE_H = 595.276, 841.890
# PdfPageStyle defaults: top 20 mm, bottom 18 mm, left and right 20 mm.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 20 * MM, 20 * MM, 20 * MM, 18 * MM

NO_LINE_START = "，。、）》"
NO_LINE_END = "（《"


def squash(text):
    return "".join(text.split())


def minimal_pdf(path, text):
    """A one-page A4 PDF with `text` in Helvetica near the top, written by hand (a letterhead)."""
    content = f"BT /F1 12 Tf 60 800 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    Path(path).write_bytes(bytes(out))


def run(*args, check=True):
    return subprocess.run(list(args), capture_output=True, text=True, check=check)


class PdfEngineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not RENDER:
            raise unittest.SkipTest("YEWU_RENDER_MD not set")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def render(self, name, markdown, *options, expect_ok=True):
        md = self.dir / f"{name}.md"
        md.write_text(markdown, encoding="utf-8")
        pdf = self.dir / f"{name}.pdf"
        result = run(RENDER, str(md), str(pdf), *options, check=False)
        if expect_ok:
            self.assertEqual(result.returncode, 0, result.stderr)
            self.check_pdf(pdf)
        return pdf, result

    def check_pdf(self, pdf):
        check = run("qpdf", "--check", str(pdf), check=False)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        fonts = run("pdffonts", str(pdf)).stdout.splitlines()[2:]
        self.assertTrue(fonts, "no fonts")
        for line in fonts:
            # name type encoding emb sub uni object ID
            cols = line.split()
            if cols[0] == "Helvetica":
                continue  # the hand-written letterhead's own font, not ours
            self.assertEqual(cols[-5:-2], ["yes", "yes", "yes"], line)
            self.assertRegex(cols[0], r"^[A-Z]{6}\+")

    def text(self, pdf, *options):
        return run("pdftotext", "-enc", "UTF-8", *options, str(pdf), "-").stdout

    def pages(self, pdf):
        info = run("pdfinfo", str(pdf)).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))

    def words(self, pdf):
        out = run("pdftotext", "-bbox", str(pdf), "-").stdout
        return [
            (float(m[0]), float(m[1]), float(m[2]), float(m[3]), html.unescape(m[4]))
            for m in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out)
        ]

    def assert_inside_margins(self, pdf):
        words = self.words(pdf)
        self.assertTrue(words)
        for x0, y0, x1, y1, word in words:
            self.assertGreaterEqual(x0, MARGIN_LEFT - 0.5, word)
            self.assertLessEqual(x1, PAGE_W - MARGIN_RIGHT + 0.5, word)
            self.assertGreaterEqual(y0, MARGIN_TOP - 0.5, word)
            self.assertLessEqual(y1, PAGE_H - MARGIN_BOTTOM + 0.5, word)

    # --- tests -------------------------------------------------------------------------------

    def test_text_comes_back_exactly(self):
        pdf, _ = self.render("exact", "# 绩效考核通知书\n\n姓名：张三\n\n**等级：A**\n\n总分 96.3，金额 ¥1,234,567.89。\n")
        lines = [l for l in self.text(pdf).splitlines() if l.strip() and l != "\f"]
        # poppler drops the spaces around the digits of the CJK footer; the body keeps its spaces.
        self.assertEqual(lines[:-1], ["绩效考核通知书", "姓名：张三", "等级：A", "总分 96.3，金额 ¥1,234,567.89。"])
        self.assertEqual(squash(lines[-1]), "第1页/共1页")

    def test_english_footer(self):
        pdf, _ = self.render("en", "# Letter\n\nHello.\n", "--locale", "en")
        self.assertIn("Page1of1", squash(self.text(pdf)))

    def test_nothing_outside_margins(self):
        long = "根据《业务员管理制度及流程》规定，" * 30 + "Latin words wrap at spaces as well. " * 20
        md = f"# 标题\n\n{long}\n\n- {long}\n- 第二项\n\n| 甲 | 乙 | 丙 |\n|---|---|---|\n| {long} | 1 | ¥2.00 |\n\n" \
             f"{'X' * 400}\n\n```signature\n考核人（签字）： | 复核人（签字）：\n```\n"
        pdf, _ = self.render("margins", md, "--header", "某某科技有限公司 · 上海市 · 电话 021-00000000 " * 3,
                             "--watermark", "内部文件 CONFIDENTIAL")
        self.assertGreaterEqual(self.pages(pdf), 2)
        self.assert_inside_margins(pdf)
        # The forced break by character loses nothing.
        self.assertEqual("".join(self.text(pdf).split()).count("X" * 400), 1)

    def test_long_table_repeats_header_and_never_splits_rows(self):
        rows = "\n".join(f"| R{i:03d} | 项目{i} 的说明文字 | ¥{i},000.00 | {i}.5% |" for i in range(1, 121))
        md = "# 明细\n\n| 编号 | 名称 | 金额 | 比例 |\n|---|---|---|---|\n" + rows + "\n"
        pdf, _ = self.render("table120", md)
        pages = self.pages(pdf)
        self.assertGreaterEqual(pages, 3)
        seen = {}
        for page in range(1, pages + 1):
            text = self.text(pdf, "-f", str(page), "-l", str(page), "-layout")
            self.assertRegex(text, r"编号\s+名称\s+金额\s+比例", f"header missing on page {page}")
            for line in text.splitlines():
                m = re.match(r"\s*R(\d{3})\s+项目(\d+) 的说明文字\s+¥([\d,]+)\.00\s+([\d.]+)%\s*$", line)
                if m:
                    i = int(m.group(1))
                    self.assertEqual((int(m.group(2)), m.group(3), m.group(4)), (i, f"{i},000", f"{i}.5"))
                    self.assertNotIn(i, seen)
                    seen[i] = page
        self.assertEqual(sorted(seen), list(range(1, 121)))
        # Numbers are right-aligned: the amounts' right edges line up.
        words = [w for w in self.words(pdf) if w[4].startswith("¥")]
        self.assertEqual(len({round(w[2], 1) for w in words}), 1)

    def kinsoku_lines(self, name, paragraphs):
        pdf, _ = self.render(name, "\n\n".join(paragraphs) + "\n")
        return [l for l in self.text(pdf).splitlines() if l.strip() and not l.startswith("第 ")]

    def test_kinsoku(self):
        # Shift the punctuation through every position of a line.
        paras = []
        for k in range(30, 50):
            paras.append("汉" * k + "，（《测试》）。、" + "字" * 60)
        lines = self.kinsoku_lines("kinsoku", paras)
        self.assertGreater(len(lines), 40)
        for line in lines:
            self.assertNotIn(line[0], NO_LINE_START, line)
            self.assertNotIn(line[-1], NO_LINE_END, line)

    def test_amounts_and_email_kept_whole(self):
        paras = []
        for k in range(30, 50):
            paras.append("汉" * k + "金额¥1,234,567.89元，邮箱 sales.team-7@example.com 联系" + "字" * 40)
        lines = self.kinsoku_lines("whole", paras)
        self.assertEqual(sum("¥1,234,567.89" in l for l in lines), 20)
        self.assertEqual(sum("sales.team-7@example.com" in l for l in lines), 20)

    def test_uncovered_character_fails_clearly(self):
        for ch, code in (("𠮷", "U+20BB7"), ("\ue000", "U+E000")):
            pdf, result = self.render("uncovered", f"# 通知\n\n姓名：{ch}田\n", expect_ok=False)
            self.assertEqual(result.returncode, 1)
            self.assertIn("uncovered.md", result.stderr)
            self.assertIn(code, result.stderr)
            self.assertIn(ch, result.stderr)

    def test_reproducible(self):
        md = "# 通知\n\n内容 ¥1.00\n"
        a, _ = self.render("same1", md)
        b, _ = self.render("same2", md)
        # The two inputs differ only by file name, which is not in the PDF.
        self.assertEqual(hashlib.sha256(a.read_bytes()).hexdigest(), hashlib.sha256(b.read_bytes()).hexdigest())
        self.assertIn("CreationDate:", run("pdfinfo", str(a)).stdout)
        c, _ = self.render("same3", md, "--date", "2026-12-01")
        self.assertNotEqual(a.read_bytes(), c.read_bytes())

    def test_letterhead_and_sections(self):
        head = self.dir / "letterhead.pdf"
        minimal_pdf(head, "LETTERHEADMARK")
        second = self.dir / "second.md"
        second.write_text("# 第二份\n\n正文\n", encoding="utf-8")
        pdf, _ = self.render("withhead", "# 第一份\n\n正文\n<!-- pagebreak -->\n第二页\n", "--letterhead", str(head),
                             "--section", str(second))
        self.assertEqual(self.pages(pdf), 3)
        for page, footer in ((1, "第 1 页 / 共 2 页"), (2, "第 2 页 / 共 2 页"), (3, "第 1 页 / 共 1 页")):
            text = self.text(pdf, "-f", str(page), "-l", str(page))
            self.assertIn("LETTERHEADMARK", text)
            self.assertIn(squash(footer), squash(text))

    def test_markdown_syntax_in_text_prints_literally(self):
        # What escapeMarkdown produces for a name like "*王*|{{x}}<b>&amp;".
        pdf, _ = self.render("literal", "姓名：\\*王\\*\\|\\{\\{x\\}\\}\\<b\\>\\&amp;\n")
        self.assertIn("姓名：*王*|{{x}}<b>&amp;", self.text(pdf))


if __name__ == "__main__":
    unittest.main()
