"""Integration tests of nightly operation (issue 7) against the real yewu binary:
`yewu schedule --list / --once / loop`, the single-instance locks with two
processes, SIGTERM during a run (recorded as interrupted, nothing published),
retries and the failure alert mailed to a real aiosmtpd, logs with run ids and
no secrets, progress lines and --quiet.

    YEWU_BIN=build/app/yewu YEWU_SOURCE_DIR=. /usr/bin/python3 -m unittest -v test_schedule
"""

from __future__ import annotations

import datetime as dt
import email
import email.header
import email.policy
import fcntl
import os
import re
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

YEWU_BIN = os.environ.get("YEWU_BIN", "")
HERE = Path(__file__).resolve().parent
SECRET = "Zq8-s3cr3t-pw"


def run(args, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("timeout", 120)
    return subprocess.run([YEWU_BIN, *args], **kw)


def wait_for(predicate, timeout=30.0, step=0.05, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(step)
    raise AssertionError("timed out waiting for " + what)


def runs(out: Path):
    with sqlite3.connect(out / "ledger.sqlite") as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'run'").fetchall():
            return []  # only the scheduler has written (schedule_fire)
        return db.execute("SELECT id, job, status, exit_code, COALESCE(error, ''), params FROM run ORDER BY id").fetchall()


class ScheduleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not YEWU_BIN:
            raise unittest.SkipTest("YEWU_BIN is not set")
        cls.tmp = tempfile.TemporaryDirectory(prefix="yewu-schedule-")
        cls.root = Path(cls.tmp.name)
        cls.db = cls.root / "demo.db"
        r = run(["generate", "--db", str(cls.db), "--scale", "0.3", "--seed", "3", "--end", "2026-10"])
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(dir=self.root))
        self.out = self.dir / "out"

    def write_config(self, text: str) -> Path:
        path = self.dir / "yewu.ini"
        path.write_text(text, encoding="utf-8")
        return path

    # ------------------------------------------------------------------ --list

    def test_list_shows_the_next_five_fire_times_in_the_zone(self):
        config = self.write_config(
            "[source]\nuri = sqlite:%s\n[schedule]\ntimezone = Europe/Berlin\n"
            "[schedule.receivables]\ncron = 30 2 * * *\nas_of = yesterday\n"
            "[schedule.letters]\njob = receivables\ncron = 0 6 @first_workday\nperiod = previous_month\n"
            "catch_up = false\n" % self.db
        )
        r = run(["schedule", "--config", str(config), "--list"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("time zone Europe/Berlin", r.stdout)
        blocks = r.stdout.split("\n\n")
        receivables = next(b for b in blocks if b.startswith("receivables:"))
        letters = next(b for b in blocks if b.startswith("letters (job receivables):"))
        fire_lines = [l for l in receivables.splitlines() if re.match(r"  \d{4}-\d\d-\d\d 02:30 CES?T", l)]
        self.assertEqual(len(fire_lines), 5, receivables)
        self.assertIn("-> --as-of", fire_lines[0])
        self.assertIn("catch_up off", letters)
        self.assertEqual(len([l for l in letters.splitlines() if " 06:00 " in l]), 5, letters)

    def test_bad_schedule_is_a_configuration_error(self):
        config = self.write_config("[schedule.receivables]\ncron = 61 1 * * *\n")
        r = run(["schedule", "--config", str(config), "--list"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("schedule.receivables", r.stderr)
        self.assertIn("minute", r.stderr)
        config = self.write_config("[schedule.kpl]\ncron = 0 1 * * *\n")
        r = run(["schedule", "--config", str(config), "--list"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("Unknown job 'kpl'. Known: receivables", r.stderr)

    # ------------------------------------------------------------------ locks

    def test_two_schedulers_one_wins_and_runs_still_go_through(self):
        config = self.write_config(
            "[source]\nuri = sqlite:%s\n[schedule]\ntimezone = UTC\n"
            "[schedule.receivables]\ncron = 0 0 1 1 *\nas_of = 2026-10-31\n" % self.db
        )
        first = subprocess.Popen([YEWU_BIN, "schedule", "--config", str(config), "--out", str(self.out)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            log = self.out / "logs" / "yewu.log"
            wait_for(lambda: log.exists() and "next fire time" in log.read_text(), what="the first scheduler")
            second = run(["schedule", "--config", str(config), "--out", str(self.out), "--once"])
            self.assertEqual(second.returncode, 1, second.stderr)
            self.assertIn("another yewu scheduler is using", second.stderr)
            # The sleeping scheduler does not hold the run lock: a manual run goes through.
            manual = run(["run", "receivables", "--config", str(config), "--as-of", "2026-10-31", "--out", str(self.out),
                          "--quiet"])
            self.assertEqual(manual.returncode, 0, manual.stderr)
            first.send_signal(signal.SIGTERM)
            _, err = first.communicate(timeout=20)
            self.assertEqual(first.returncode, 0, err)
            self.assertIn("scheduler stopped", log.read_text())
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()

    def test_a_run_while_another_holds_the_run_lock_fails_clearly(self):
        self.out.mkdir(parents=True)
        with open(self.out / ".yewu.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            r = run(["run", "receivables", "--source", "sqlite:%s" % self.db, "--as-of", "2026-10-31",
                     "--out", str(self.out)])
        self.assertEqual(r.returncode, 1)
        self.assertIn("another yewu run or scheduler is using", r.stderr)

    # ------------------------------------------------------------------ signals

    def test_sigterm_interrupts_the_run_and_publishes_nothing(self):
        p = subprocess.Popen([YEWU_BIN, "run", "receivables", "--source", "sqlite:%s" % self.db, "--as-of",
                              "2026-10-31", "--out", str(self.out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        log = self.out / "logs" / "yewu.log"
        wait_for(lambda: log.exists() and "started" in log.read_text(), what="the run to start")
        time.sleep(0.3)
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 1, err)
        self.assertIn("interrupted", err)
        self.assertEqual(out, "")
        (rid, job, status, code, error, _), = runs(self.out)
        self.assertEqual((job, status, code), ("receivables", "interrupted", 1))
        self.assertIn("signal 15", error)
        folder = self.out / "receivables" / "2026-10-31"
        self.assertEqual(sorted(p.name for p in folder.iterdir()) if folder.exists() else [], [])
        history = run(["history", "--out", str(self.out)])
        self.assertIn("interrupted (exit 1)", history.stdout)
        self.assertIn("error: interrupted: stopped by signal 15", history.stdout)
        self.assertRegex(log.read_text(), r"W \[run %d\] yewu: run %d interrupted" % (rid, rid))
        # And the same run, uninterrupted, succeeds afterwards.
        again = run(["run", "receivables", "--source", "sqlite:%s" % self.db, "--as-of", "2026-10-31", "--out",
                     str(self.out), "--quiet"])
        self.assertEqual(again.returncode, 0, again.stderr)

    # ------------------------------------------------------------------ progress

    def test_progress_lines_when_not_a_terminal_and_quiet_silences_them(self):
        args = ["run", "receivables", "--source", "sqlite:%s" % self.db, "--as-of", "2026-10-31", "--out",
                str(self.out), "-D", "progress.interval=0.1"]  # lines even when the run is quick
        first = run(args)
        self.assertEqual(first.returncode, 0, first.stderr)
        lines = [l for l in first.stderr.splitlines() if l.startswith("progress: receivables 2026-10-31: ")]
        self.assertTrue(lines, first.stderr)
        self.assertRegex(lines[0], r"[\d,]+ rows, (1 document, )?[\d,]+ rows/s")
        second = run(args)  # now the ledger knows how long the job takes: percentages and an ETA
        self.assertRegex(second.stderr, r"progress: receivables 2026-10-31: [\d,]+ rows, .*rows/s, ~\d+%, ETA")
        quiet = run(args + ["--quiet"])
        self.assertEqual(quiet.returncode, 0)
        self.assertNotIn("progress:", quiet.stderr)

    # ------------------------------------------------------------------ --once, catch-up, retries, alerts

    def test_once_runs_a_missed_fire_once_after_downtime(self):
        hour = (dt.datetime.now(dt.timezone.utc).hour + 12) % 24  # never the current minute
        config = self.write_config(
            "[source]\nuri = sqlite:%s\n[schedule]\ntimezone = UTC\n"
            "[schedule.receivables]\ncron = 30 %d * * *\nas_of = yesterday\n" % (self.db, hour)
        )
        first = run(["schedule", "--config", str(config), "--out", str(self.out), "--once", "--quiet"])
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertFalse(self.out.joinpath("ledger.sqlite").exists() and runs(self.out))  # first sight: nothing ran
        # Simulate three days of downtime: the last fire the ledger knows is three days ago.
        with sqlite3.connect(self.out / "ledger.sqlite") as db:
            three_days_ago = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
            db.execute("UPDATE schedule_fire SET fire_time = ?", (three_days_ago,))
        second = run(["schedule", "--config", str(config), "--out", str(self.out), "--once", "--quiet"])
        self.assertEqual(second.returncode, 0, second.stderr)
        now = dt.datetime.now(dt.timezone.utc)
        last_fire = now.replace(hour=hour, minute=30, second=0, microsecond=0)
        if last_fire > now:
            last_fire -= dt.timedelta(days=1)
        expected_as_of = (last_fire - dt.timedelta(days=1)).date().isoformat()
        (rid, job, status, code, error, params), = runs(self.out)
        self.assertEqual((job, status), ("receivables", "succeeded"), error)
        self.assertIn("--as-of " + expected_as_of, params)
        self.assertTrue((self.out / "receivables" / expected_as_of / "manifest.json").exists())
        log = (self.out / "logs" / "yewu.log").read_text()
        self.assertIn("catching up 3 missed fire time(s)", log)
        third = run(["schedule", "--config", str(config), "--out", str(self.out), "--once", "--quiet"])
        self.assertEqual(third.returncode, 0)
        self.assertEqual(len(runs(self.out)), 1)  # nothing more was due

    def test_final_failure_is_retried_then_mailed_without_secrets(self):
        mails = self.dir / "mails"
        sink = subprocess.Popen(["/usr/bin/python3", str(HERE / "smtp_sink.py"), str(mails)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        try:
            port = int(sink.stdout.readline())
            missing = self.dir / ("no-such-%s.db" % SECRET)
            config = self.write_config(
                "[source]\nuri = sqlite:%s\n[schedule]\ntimezone = Asia/Shanghai\nalert_to = ops@example.com\n"
                "[schedule.receivables]\ncron = * * * * *\nas_of = today\nretries = 2\nretry_delay = 1s\n"
                "[smtp]\nhost = 127.0.0.1\nport = %d\nfrom = yewu@example.com\n" % (missing, port)
            )
            env = dict(os.environ, YEWU_SMTP__PASSWORD=SECRET)
            started = time.monotonic()
            r = run(["schedule", "--config", str(config), "--out", str(self.out), "--once"], env=env)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertLess(time.monotonic() - started, 30)
            attempts = runs(self.out)
            self.assertEqual([a[2] for a in attempts], ["failed"] * 3)
            self.assertIn("no such SQLite file", attempts[0][4])
            with sqlite3.connect(self.out / "ledger.sqlite") as db:
                fires = db.execute("SELECT status, attempts FROM schedule_fire WHERE status != 'baseline'").fetchall()
            self.assertEqual(fires, [("failed", 3)])
            wait_for(lambda: mails.exists() and any(mails.glob("*.eml")), timeout=10, what="the alert mail")
            (mail_file,) = sorted(mails.glob("*.eml"))
            raw = mail_file.read_bytes()
            message = email.message_from_bytes(raw, policy=email.policy.default)
            self.assertEqual(message["To"], "ops@example.com")
            subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
            self.assertIn("receivables", subject)
            self.assertIn("失败", subject)
            body = message.get_content()
            self.assertIn("no such SQLite file", body)
            self.assertIn("run id:    %d" % attempts[-1][0], body)
            self.assertIn("yewu.log", body)
            self.assertIn("attempt 2 of 3 failed", body)  # the log tail
            self.assertNotIn(SECRET, raw.decode("utf-8", "replace"))
            self.assertNotIn(SECRET, body)
            log = (self.out / "logs" / "yewu.log").read_text()
            self.assertNotIn(SECRET, log)
            self.assertIn("***", log)
            self.assertNotIn(SECRET, r.stderr)
            for line in log.splitlines():
                self.assertRegex(line, r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [A-Z] \[run (\d+|-)\] ")
        finally:
            sink.stdin.close()
            sink.wait(timeout=10)
            sink.stdout.close()


if __name__ == "__main__":
    unittest.main()
