"""Connector conformance: every source holding the same data set must give the
same outputs, byte for byte.

The scale-0.01 demo data set (`yewu generate`) is loaded into a private
PostgreSQL server, a private MariaDB server, a CSV folder and the HTTP JSON
fixture server (tests/HttpFixtureServer), then each job runs from each source
with `-D source.label=conformance` (so the source line of the workbook is the
same) and its published files must equal those from the SQLite file.

The servers are started here with scripts/start-test-postgres.sh and
scripts/start-test-mariadb.sh; when one cannot start, the test fails (it never
skips). Also here: the SQL servers' failure behaviour (passwords, retries,
wrong mapping columns, a connection killed mid-stream).

    YEWU_BIN=build/app/yewu YEWU_HTTP_FIXTURE=build/tests/yewu_http_fixture YEWU_SOURCE_DIR=. \\
        /usr/bin/python3 -m unittest -v test_conformance
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import canonical_loader  # noqa: E402
import workbook_cells  # noqa: E402

YEWU_BIN = os.environ.get("YEWU_BIN", "")
HTTP_FIXTURE = os.environ.get("YEWU_HTTP_FIXTURE", "")
SOURCE_DIR = Path(os.environ.get("YEWU_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SCRIPTS = SOURCE_DIR / "scripts"
PG_PASSWORD = "Pg-conformance-7Qx"
MYSQL_PASSWORD = "My-conformance-4Kz"
AS_OF = "2026-10-31"
PERIOD = "2026-10"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def script(name: str, *args: str, env: dict | None = None) -> str:
    result = subprocess.run(["bash", str(SCRIPTS / name), *args], capture_output=True, text=True, timeout=180,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise AssertionError(f"{name} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip()


def published(out: Path, job: str, period: str) -> dict[str, str]:
    """The files a run published, by path, with their SHA-256 (read back, not trusted from the manifest)."""
    folder = out / job / period
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = {}
    for f in manifest["files"]:
        data = (folder / f["path"]).read_bytes()
        files[f["path"]] = hashlib.sha256(data).hexdigest()
    return files


@unittest.skipUnless(YEWU_BIN, "set YEWU_BIN to the yewu binary")
class Conformance(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="yewu-conf-"))
        cls.cleanups = []
        try:
            cls._setUp()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def _setUp(cls):
        cls.db = cls.tmp / "demo.db"
        subprocess.run([YEWU_BIN, "generate", "--db", str(cls.db), "--scale", "0.01", "--seed", "1", "--end", PERIOD],
                       check=True, capture_output=True, timeout=120)
        cls.jobs = subprocess.run([YEWU_BIN, "jobs"], capture_output=True, text=True).stdout.split()

        # Short socket paths: a Unix socket path must stay under ~100 bytes.
        cls.pg_dir = Path(tempfile.mkdtemp(prefix="yewu-pg-"))
        cls.cleanups.append(lambda: script("stop-test-postgres.sh", str(cls.pg_dir)))
        cls.pg_port = free_port()
        cls.pg_conninfo = script("start-test-postgres.sh", str(cls.pg_dir), str(cls.pg_port),
                                 env={"YEWU_TEST_PG_PASSWORD": PG_PASSWORD})
        canonical_loader.load_postgres(cls.db, (cls.pg_dir / "socket-conninfo").read_text().strip())

        cls.my_dir = Path(tempfile.mkdtemp(prefix="yewu-my-"))
        cls.cleanups.append(lambda: script("stop-test-mariadb.sh", str(cls.my_dir)))
        cls.my_connection = script("start-test-mariadb.sh", str(cls.my_dir),
                                   env={"YEWU_TEST_MYSQL_PASSWORD": MYSQL_PASSWORD})
        canonical_loader.load_mariadb(cls.db, [f"--socket={cls.my_dir}/mysql.sock", "-uroot", "yewu"])

        cls.csv_dir = cls.tmp / "csv"
        canonical_loader.write_csv(cls.db, cls.csv_dir)

        cls.http_uri = None
        if HTTP_FIXTURE:
            cls.http_uri, cls.http_config = cls.start_http(cls.db)

    @classmethod
    def start_http(cls, db: Path, *switches: str):
        port = free_port()
        proc = subprocess.Popen([HTTP_FIXTURE, "--db", str(db), "--port", str(port), *switches],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        cls.cleanups.append(lambda: (proc.send_signal(signal.SIGTERM), proc.wait(10)))
        line = proc.stdout.readline()  # "listening on ..." once it accepts connections
        if "listening" not in line:
            raise AssertionError(f"HTTP fixture did not start: {line}{proc.stderr.read()}")
        return f"http://127.0.0.1:{port}/api", SOURCE_DIR / "tests" / "fixtures" / "http_source.ini"

    @classmethod
    def tearDownClass(cls):
        errors = []
        for cleanup in reversed(cls.cleanups):
            try:
                cleanup()
            except Exception as e:  # noqa: BLE001 - report every cleanup failure, keep cleaning
                errors.append(str(e))
        shutil.rmtree(cls.tmp, ignore_errors=True)
        if errors:
            print("cleanup problems:", *errors, sep="\n", file=sys.stderr)

    # --- helpers ---------------------------------------------------------------------------------------------

    def sources(self) -> dict[str, tuple[str, list[str], dict]]:
        """name -> (URI, extra yewu arguments, extra environment)."""
        sources = {
            "sqlite": (f"sqlite:{self.db}", [], {}),
            "postgresql": (f"postgresql:{self.pg_conninfo}", [], {"YEWU_SOURCE__PASSWORD": PG_PASSWORD}),
            "mysql": (f"mysql:{self.my_connection}", [], {"YEWU_SOURCE__PASSWORD": MYSQL_PASSWORD}),
            "csv": (f"csv:{self.csv_dir}", [], {}),
        }
        if self.http_uri:
            sources["http"] = (self.http_uri, ["--config", str(self.http_config)], {"YEWU_SOURCE__TOKEN": "fixture-token"})
        return sources

    def yewu(self, *args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("YEWU_SOURCE__")}
        full_env.update(env or {})
        return subprocess.run([YEWU_BIN, *args], capture_output=True, text=True, timeout=timeout, env=full_env)

    def run_job(self, name: str, job: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
        uri, args, env = self.sources()[name]
        when = ["--as-of", AS_OF] if job == "receivables" else ["--period", PERIOD]
        return self.yewu("run", job, "--source", uri, *args, "--out", str(out), *when, "-D", "source.label=conformance",
                         *extra, env=env)

    def job_period(self, job: str) -> str:
        return AS_OF if job == "receivables" else PERIOD

    # --- the suite --------------------------------------------------------------------------------------------

    def check_job_from_every_source(self, job: str, *extra: str, label: str = "") -> dict[str, str]:
        reference_out = self.tmp / f"{job}{label}-sqlite"
        result = self.run_job("sqlite", job, reference_out, *extra)
        self.assertEqual(result.returncode, 0, result.stderr)
        reference = published(reference_out, job, self.job_period(job))
        self.assertTrue(reference)
        for name in self.sources():
            if name == "sqlite":
                continue
            with self.subTest(source=name):
                out = self.tmp / f"{job}{label}-{name}"
                result = self.run_job(name, job, out, *extra)
                self.assertEqual(result.returncode, 0, f"{name}: {result.stdout}\n{result.stderr}")
                files = published(out, job, self.job_period(job))
                self.assertEqual(sorted(files), sorted(reference))
                for path in reference:
                    if files[path] != reference[path] and path.endswith(".xlsx"):
                        diffs = workbook_cells.differences(reference_out / job / self.job_period(job) / path,
                                                           out / job / self.job_period(job) / path)
                        self.fail(f"{name}: {path} differs from SQLite's: {diffs or 'same cells, other bytes'}")
                    self.assertEqual(files[path], reference[path], f"{name}: {path}")
        return reference

    def test_receivables_identical_from_every_source(self):
        self.check_job_from_every_source("receivables")

    def test_kpi_identical_from_every_source(self):
        if "kpi" not in self.jobs:
            self.skipTest("the kpi job is not registered yet")
        self.check_job_from_every_source("kpi")

    def test_appraisal_letters_only_identical_from_every_source(self):
        # Without workbooks the letters need only the month's orders and visits, and SQL
        # sources read only those (a WHERE on the date): the letters and team packs must be
        # the bytes every source gives, and those of a run that reads every row.
        letters_only = self.check_job_from_every_source("appraisal", "-D", "appraisal.workbooks=false",
                                                        label="-letters")
        full_out = self.tmp / "appraisal-full-sqlite"
        result = self.run_job("sqlite", "appraisal", full_out)
        self.assertEqual(result.returncode, 0, result.stderr)
        full = published(full_out, "appraisal", PERIOD)
        pdfs = {path: digest for path, digest in full.items() if path.endswith(".pdf")}
        self.assertTrue(pdfs)
        self.assertEqual({p: d for p, d in letters_only.items() if p.endswith(".pdf")}, pdfs)

    def test_every_source_is_tested(self):
        expected = {"sqlite", "postgresql", "mysql", "csv"} | ({"http"} if HTTP_FIXTURE else set())
        self.assertEqual(set(self.sources()), expected)
        if not HTTP_FIXTURE:
            self.fail("YEWU_HTTP_FIXTURE is not set: the HTTP source is not being tested")

    # --- SQL servers: secrets and failures --------------------------------------------------------------------

    def test_password_never_printed_or_recorded(self):
        out = self.tmp / "secret"
        uri = f"postgresql:{self.pg_conninfo}"
        result = self.yewu("run", "receivables", "--source", uri, "--out", str(out), "--as-of", AS_OF,
                           env={"YEWU_SOURCE__PASSWORD": PG_PASSWORD})
        self.assertEqual(result.returncode, 0, result.stderr)
        history = self.yewu("history", "--out", str(out))
        self.assertIn("postgresql:", history.stdout)
        ledger = (out / "ledger.sqlite").read_bytes()
        book = next((out / "receivables" / AS_OF).glob("*.xlsx"))
        cells = json.dumps(workbook_cells.cells(book, mask_source=False), default=str, ensure_ascii=False)
        self.assertIn(self.pg_conninfo, cells)
        for where, text in (("stdout", result.stdout), ("stderr", result.stderr), ("history", history.stdout),
                            ("workbook", cells)):
            self.assertNotIn(PG_PASSWORD, text, where)
        self.assertNotIn(PG_PASSWORD.encode(), ledger)

    def test_libpq_uri_form_with_password_from_the_environment(self):
        uri = f"postgresql://yewu@127.0.0.1:{self.pg_port}/yewu"
        out = self.tmp / "uri-form"
        result = self.yewu("run", "receivables", "--source", uri, "--out", str(out), "--as-of", AS_OF,
                           env={"YEWU_SOURCE__PASSWORD": PG_PASSWORD})
        self.assertEqual(result.returncode, 0, result.stderr)
        book = next((out / "receivables" / AS_OF).glob("*.xlsx"))
        cells = json.dumps(workbook_cells.cells(book, mask_source=False), default=str, ensure_ascii=False)
        self.assertIn(uri, cells)
        self.assertNotIn(PG_PASSWORD, cells + result.stdout + result.stderr)

    def test_wrong_password_fails_at_once(self):
        start = time.monotonic()
        result = self.yewu("run", "receivables", "--source", f"postgresql:{self.pg_conninfo}", "--out",
                           str(self.tmp / "badpw"), "--as-of", AS_OF, env={"YEWU_SOURCE__PASSWORD": "wrong-9"})
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("password authentication failed", result.stdout + result.stderr)
        self.assertNotIn("wrong-9", result.stdout + result.stderr)
        self.assertLess(time.monotonic() - start, 5, "a wrong password is not worth retrying")
        self.assertFalse((self.tmp / "badpw" / "receivables" / AS_OF / "manifest.json").exists())

    def test_unreachable_server_retries_with_backoff_then_fails(self):
        port = free_port()  # nothing listens there
        out = self.tmp / "unreachable"
        start = time.monotonic()
        result = self.yewu("run", "receivables", "--source",
                           f"postgresql:host=127.0.0.1 port={port} dbname=yewu user=yewu connect_timeout=2",
                           "--out", str(out), "--as-of", AS_OF, "-D", "source.retries=2", "-D", "source.retry_delay=0.2",
                           env={"YEWU_SOURCE__PASSWORD": PG_PASSWORD})
        elapsed = time.monotonic() - start
        text = result.stdout + result.stderr
        self.assertEqual(result.returncode, 1, text)
        self.assertIn("attempt 1 of 3", text)
        self.assertIn("attempt 2 of 3", text)
        self.assertIn("cannot connect to postgresql:", text)
        self.assertGreaterEqual(elapsed, 0.2 + 0.4, "backoff: 0.2 s, then 0.4 s")
        self.assertFalse((out / "receivables" / AS_OF / "manifest.json").exists(), "nothing may be published")
        self.assertEqual(list((out / "receivables" / AS_OF).glob("*.xlsx")) if (out / "receivables" / AS_OF).exists()
                         else [], [])

    def test_server_that_comes_up_during_the_retries(self):
        """PostgreSQL is stopped when the run starts and started again 1.5 s later."""
        bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        as_server = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_server, str(bin_dir / "pg_ctl"), "-D", str(self.pg_dir / "data"), "-m", "fast", "-w",
                        "stop"], check=True, capture_output=True)
        try:
            proc = subprocess.Popen([YEWU_BIN, "run", "receivables", "--source", f"postgresql:{self.pg_conninfo}",
                                     "--out", str(self.tmp / "comeback"), "--as-of", AS_OF, "-D", "source.retries=8",
                                     "-D", "source.retry_delay=0.5", "-D", "source.label=conformance"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    env={**os.environ, "YEWU_SOURCE__PASSWORD": PG_PASSWORD})
            time.sleep(1.5)
        finally:
            script("start-test-postgres.sh", str(self.pg_dir), str(self.pg_port))
        stdout, stderr = proc.communicate(timeout=120)
        self.assertEqual(proc.returncode, 0, stdout + stderr)
        self.assertIn("attempt 1 of 9", stderr)

    def test_mapping_with_wrong_columns_fails_with_file_and_columns(self):
        queries = self.tmp / "bad-queries"
        shutil.copytree(SOURCE_DIR / "config" / "queries" / "canonical", queries, dirs_exist_ok=True)
        (queries / "invoice.sql").write_text(
            "SELECT id, invoice_no, order_id, customer_id, salesperson_id, invoice_date AS issued_on, due_date,"
            " amount_cents FROM invoice\n", encoding="utf-8")
        for name in ("postgresql", "mysql"):
            with self.subTest(source=name):
                uri, _, env = self.sources()[name]
                result = self.yewu("run", "receivables", "--source", uri, "--out", str(self.tmp / f"cols-{name}"),
                                   "--as-of", AS_OF, "-D", f"source.queries={queries}", env=env)
                text = result.stdout + result.stderr
                self.assertEqual(result.returncode, 1, text)
                self.assertIn(str(queries / "invoice.sql"), text)
                self.assertIn("lacks column(s) invoice_date", text)
                self.assertIn("expected id, invoice_no", text)
                self.assertIn("got id, invoice_no, order_id, customer_id, salesperson_id, issued_on", text)

    def test_connection_killed_mid_stream_is_resumed(self):
        """A server connection terminated while rows stream: the cursor reconnects and resumes, same output."""
        reference_out = self.tmp / "kill-reference"
        self.assertEqual(self.run_job("sqlite", "receivables", reference_out).returncode, 0)
        killed = []

        def killer(stop: threading.Event):
            # Every 0.25 s, every yewu connection that is streaming a cursor: some of the kills land on
            # a cursor that still has rows to fetch (a cursor the job has stopped reading never notices).
            sql = ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                   " WHERE application_name = 'yewu' AND query LIKE 'FETCH%' AND pid <> pg_backend_pid()")
            while not stop.is_set():
                r = subprocess.run(["psql", "-X", "-At", (self.pg_dir / "socket-conninfo").read_text().strip(), "-c",
                                    sql], capture_output=True, text=True)
                if r.stdout.strip() not in ("", "0"):
                    killed.append(r.stdout.strip())
                    time.sleep(0.25)
                time.sleep(0.01)

        stop = threading.Event()
        thread = threading.Thread(target=killer, args=(stop,))
        thread.start()
        try:
            out = self.tmp / "kill"
            result = self.run_job("postgresql", "receivables", out, "-D", "source.chunk_rows=10", "-D",
                                  "source.retry_delay=0.05")
        finally:
            stop.set()
            thread.join()
        self.assertTrue(killed, "the run ended before a connection could be killed; make it slower")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("reconnecting", result.stderr)
        self.assertEqual(published(out, "receivables", AS_OF), published(reference_out, "receivables", AS_OF))


if __name__ == "__main__":
    unittest.main()
