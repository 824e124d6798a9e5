"""The HTTP JSON source against a real HTTP server (tests/HttpFixtureServer.cpp)
that serves the scale-0.01 data set as JSON pages and injects faults on request:
retries on 503 and 429 (Retry-After) and timeouts, a failing server, a malformed
page, a malformed record, a wrong token, cursor pagination.

    YEWU_BIN=build/app/yewu YEWU_HTTP_FIXTURE=build/tests/yewu_http_fixture YEWU_SOURCE_DIR=. \\
        /usr/bin/python3 -m unittest -v test_http_source
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

YEWU_BIN = os.environ.get("YEWU_BIN", "")
HTTP_FIXTURE = os.environ.get("YEWU_HTTP_FIXTURE", "")
SOURCE_DIR = Path(os.environ.get("YEWU_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CONFIG = SOURCE_DIR / "tests" / "fixtures" / "http_source.ini"
AS_OF = "2026-10-31"
TOKEN = "fixture-token-Zq81"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def digest(out: Path) -> str:
    book = out / "receivables" / AS_OF / f"receivables-{AS_OF}.xlsx"
    return hashlib.sha256(book.read_bytes()).hexdigest()


@unittest.skipUnless(YEWU_BIN and HTTP_FIXTURE, "set YEWU_BIN and YEWU_HTTP_FIXTURE")
class HttpSourceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="yewu-http-"))
        cls.db = cls.tmp / "demo.db"
        subprocess.run([YEWU_BIN, "generate", "--db", str(cls.db), "--scale", "0.01", "--seed", "1", "--end",
                        "2026-10"], check=True, capture_output=True, timeout=120)
        reference = cls.tmp / "reference"
        subprocess.run([YEWU_BIN, "run", "receivables", "--source", f"sqlite:{cls.db}", "--out", str(reference),
                        "--as-of", AS_OF, "-D", "source.label=conformance"], check=True, capture_output=True)
        cls.reference = digest(reference)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def serve(self, *switches: str) -> str:
        port = free_port()
        proc = subprocess.Popen([HTTP_FIXTURE, "--db", str(self.db), "--port", str(port), "--token", TOKEN,
                                 *switches], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (proc.send_signal(signal.SIGTERM), proc.wait(10)))
        line = proc.stdout.readline()
        self.assertIn("listening", line, proc.stderr.read() if proc.poll() is not None else "")
        return f"http://127.0.0.1:{port}/api"

    def run_receivables(self, uri: str, name: str, *extra: str, token: str = TOKEN):
        out = self.tmp / name
        env = {k: v for k, v in os.environ.items() if not k.startswith("YEWU_SOURCE__")}
        env["YEWU_SOURCE__TOKEN"] = token
        start = time.monotonic()
        result = subprocess.run([YEWU_BIN, "run", "receivables", "--source", uri, "--config", str(CONFIG),
                                 "--out", str(out), "--as-of", AS_OF, "-D", "source.label=conformance",
                                 "-D", "source.retry_delay=0.1", *extra],
                                capture_output=True, text=True, timeout=120, env=env)
        return result, out, time.monotonic() - start

    def assertNothingPublished(self, out: Path):
        folder = out / "receivables" / AS_OF
        self.assertFalse((folder / "manifest.json").exists())
        self.assertEqual(list(folder.glob("*.xlsx")) if folder.exists() else [], [])

    def test_retries_on_503_then_gives_the_same_workbook(self):
        result, out, _ = self.run_receivables(self.serve("--fail-first", "2"), "retry503")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("503", result.stderr)
        self.assertIn("attempt 2 of 4", result.stderr)
        self.assertEqual(digest(out), self.reference)

    def test_honours_retry_after_on_429(self):
        result, out, elapsed = self.run_receivables(self.serve("--throttle-first", "1"), "retry429")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("429", result.stderr)
        self.assertIn("retrying in 1 s", result.stderr)
        self.assertGreaterEqual(elapsed, 1.0)
        self.assertEqual(digest(out), self.reference)

    def test_timeout_is_retried(self):
        uri = self.serve("--slow-first", "1", "--delay-ms", "2000")
        result, out, elapsed = self.run_receivables(uri, "timeout", "-D", "source.http.timeout=0.5")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("timed out after 0.5", result.stderr)
        self.assertEqual(digest(out), self.reference)

    def test_server_that_keeps_failing_fails_the_run(self):
        result, out, _ = self.run_receivables(self.serve("--fail-first", "1000"), "down", "-D", "source.retries=2")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("failed after 3 attempt(s): 503", result.stdout + result.stderr)
        self.assertNothingPublished(out)

    def test_malformed_page_fails_the_run_clearly(self):
        uri = self.serve("--malformed-page", "payment:2")
        result, out, _ = self.run_receivables(uri, "badpage")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(f"page 2 of {uri}/payment?page=2 is not JSON", result.stdout + result.stderr)
        self.assertNothingPublished(out)

    def test_malformed_record_is_quarantined(self):
        uri = self.serve("--malformed-record", "customer:5")
        result, out, _ = self.run_receivables(uri, "badrecord")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("customer     read 200, used 199, quarantined 1", result.stdout + result.stderr)
        ledger = subprocess.run(["sqlite3", str(out / "ledger.sqlite"), "SELECT * FROM quarantine"],
                                capture_output=True, text=True).stdout
        self.assertIn(f"{uri}/customer row 6", ledger)
        self.assertIn("is not a JSON object", ledger)

    def test_wrong_token_fails_at_once(self):
        result, out, elapsed = self.run_receivables(self.serve(), "badtoken", token="not-it")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("401", result.stdout + result.stderr)
        self.assertLess(elapsed, 5)
        self.assertNothingPublished(out)

    def test_cursor_pagination_and_small_pages(self):
        uri = self.serve("--pagination", "cursor", "--page-size", "97")
        result, out, _ = self.run_receivables(uri, "cursor", "-D", "source.http.pagination=cursor")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(digest(out), self.reference)

    def test_token_is_never_printed_or_recorded(self):
        result, out, _ = self.run_receivables(self.serve(), "secret")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn(TOKEN, result.stdout + result.stderr)
        self.assertNotIn(TOKEN.encode(), (out / "ledger.sqlite").read_bytes())


if __name__ == "__main__":
    unittest.main()
