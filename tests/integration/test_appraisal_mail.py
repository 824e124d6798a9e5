"""Integration tests of `yewu run appraisal --send` against a real SMTP server:
Debian's aiosmtpd (scripts/test-smtp-server.py) on 127.0.0.1 and a free port,
started by each test with its fault switches. Every stored message is parsed
with Python's email package; its attachments are compared byte for byte with
the files in OUT, and who got what is checked against the salesperson table.

    YEWU_BIN=build/app/yewu YEWU_SOURCE_DIR=. /usr/bin/python3 -m unittest -v test_appraisal_mail
"""

from __future__ import annotations

import collections
import contextlib
import email
import email.policy
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest
from email.header import decode_header, make_header
from pathlib import Path

import openpyxl  # python3-openpyxl

YEWU_BIN = os.environ.get("YEWU_BIN", "")
SOURCE_DIR = Path(os.environ.get("YEWU_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SERVER = SOURCE_DIR / "scripts" / "test-smtp-server.py"
PERIOD = "2026-10"
PASSWORD = "s3cret-不要-log"


def header_text(value) -> str:
    return str(make_header(decode_header(str(value))))


@contextlib.contextmanager
def smtp_server(folder: Path, *switches: str):
    proc = subprocess.Popen(["/usr/bin/python3", str(SERVER), str(folder), *switches], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline())
        yield port
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def stored(folder: Path):
    """[(message, envelope, raw bytes)] in arrival order."""
    out = []
    for eml in sorted(folder.glob("*.eml"), key=lambda p: int(p.stem)):
        raw = eml.read_bytes()
        envelope = json.loads((folder / (eml.stem + ".json")).read_text())
        out.append((email.message_from_bytes(raw, policy=email.policy.default), envelope, raw))
    return out


class MailTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not YEWU_BIN:
            raise unittest.SkipTest("YEWU_BIN not set")
        cls.tmp = tempfile.TemporaryDirectory(prefix="yewu-mail-")
        cls.dir = Path(cls.tmp.name)
        cls.db = cls.dir / "demo.db"
        subprocess.run([YEWU_BIN, "generate", "--db", str(cls.db), "--scale", "0.1", "--seed", "11", "--end", PERIOD],
                       check=True, capture_output=True)
        with sqlite3.connect(cls.db) as c:
            # One active member without an address: must be listed, never silently skipped.
            (cls.no_address,) = c.execute(
                "SELECT id FROM salesperson WHERE active = 1 AND manager_id IS NOT NULL ORDER BY id LIMIT 1").fetchone()
            c.execute("UPDATE salesperson SET email = NULL WHERE id = ?", (cls.no_address,))
            cls.people = {row[0]: row for row in c.execute(
                "SELECT id, name, email, team, manager_id, active FROM salesperson")}
        cls.base = cls.dir / "base"
        subprocess.run([YEWU_BIN, "run", "appraisal", "--period", PERIOD, "--source", "sqlite:%s" % cls.db,
                        "--out", str(cls.base), "--quiet"], check=True, capture_output=True)
        cls.expected = cls.expected_mails()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def expected_mails(cls):
        """{(address, role): [relative paths attached]} from the salesperson table and the manifest."""
        manifest = json.loads((cls.base / "appraisal" / PERIOD / "manifest.json").read_text())
        by_kind = collections.defaultdict(dict)
        for f in manifest["files"]:
            by_kind[f["kind"]][f["subject"]] = f["path"]
        mails = {}
        managed = collections.defaultdict(list)
        for pid, name, mail, team, manager, active in cls.people.values():
            if not active:
                continue
            if mail:
                mails[(mail, "salesperson")] = [by_kind["appraisal_letter"][str(pid)],
                                                by_kind["personal_kpi_workbook"][str(pid)]]
            if manager is not None and manager != pid and team not in managed[manager]:
                managed[manager].append(team)
        for manager, teams in managed.items():
            _, name, mail, _, _, active = cls.people[manager]
            if active and mail:
                paths = []
                for team in sorted(teams):
                    paths += [by_kind["team_pack"][team], by_kind["team_kpi_workbook"][team]]
                mails[(mail, "manager")] = paths
        return mails

    def setUp(self):
        self.out = self.dir / self.id().split(".")[-1]
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.copytree(self.base, self.out)
        self.mails = self.dir / (self.out.name + "-mails")
        shutil.rmtree(self.mails, ignore_errors=True)

    def yewu(self, port, *extra, env=None, out=None, check_codes=(0, 1)):
        args = [YEWU_BIN, "run", "appraisal", "--period", PERIOD, "--source", "sqlite:%s" % self.db,
                "--out", str(out or self.out), "--quiet", "-D", "smtp.host=127.0.0.1", "-D", "smtp.port=%d" % port,
                "-D", "smtp.from=hr@example.com", "-D", "smtp.from_name=人力资源部", "-D", "smtp.retry_delay_ms=20",
                *extra]
        result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
        self.assertIn(result.returncode, check_codes, result.stderr)
        return result

    def outbox(self, out=None):
        with sqlite3.connect((out or self.out) / "ledger.sqlite") as c:
            return c.execute("SELECT address, role, state, attempts, message_id FROM outbox ORDER BY id").fetchall()

    def assert_delivered_once(self, messages, out=None, missing=()):
        """Each expected mail exactly once, to the right person, with exactly their documents."""
        pack = (out or self.out) / "appraisal" / PERIOD
        seen = collections.Counter()
        ids = set()
        for message, envelope, raw in messages:
            to = message["To"].addresses[0]
            files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
            role = "manager" if any(name.startswith("团队") for name in files) else "salesperson"
            seen[(to.addr_spec, role)] += 1
            self.assertNotIn(message["Message-ID"], ids)
            ids.add(message["Message-ID"])
            self.assertEqual(envelope["rcpt_tos"][0], to.addr_spec)
            self.assertEqual(header_text(message["From"]), "人力资源部 <hr@example.com>")
            paths = self.expected[(to.addr_spec, role)]
            self.assertEqual(len(files), len(paths), files.keys())
            for path in paths:
                want = (pack / path).read_bytes()
                self.assertIn(want, files.values(), "%s did not get %s intact" % (to.addr_spec, path))
            person = next(p for p in self.people.values() if p[2] == to.addr_spec)
            self.assertEqual(to.display_name, person[1])
            subject = header_text(message["Subject"])
            if role == "salesperson":
                self.assertEqual(subject, "2026年10月绩效考核通知书 - %s" % person[1])
                self.assertEqual(sorted(files), sorted(["绩效考核通知书_%s_%s.pdf" % (PERIOD, person[1]),
                                                        "个人业绩KPI_%s_%s.xlsx" % (PERIOD, person[1])]))
                self.assertIn(person[1], message.get_body().get_content())
            else:
                self.assertTrue(subject.startswith("2026年10月团队绩效考核汇总 - "), subject)
                # The team's KPI workbook lists that team's members only.
                for name, content in files.items():
                    if not name.endswith(".xlsx"):
                        continue
                    team = name[len("团队业绩KPI_%s_" % PERIOD):-len(".xlsx")]
                    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
                    self.assertIn("团队-" + team, book.sheetnames)
                    rows = list(book["业绩总览"].iter_rows(min_row=2, values_only=True))
                    members = {p[0] for p in self.people.values() if p[3] == team and p[5]}
                    self.assertEqual({r[1] for r in rows if r[1] is not None}, members)
        expected = collections.Counter({k: 1 for k in self.expected if k[0] not in missing})
        self.assertEqual(seen, expected)

    # ---- the tests ----

    def test_send_generates_then_mails_everyone_once_and_a_rerun_mails_nothing(self):
        fresh = self.dir / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        with smtp_server(self.mails) as port:
            first = self.yewu(port, "--send", "-D", "appraisal.mail_cc=archive@example.com",
                              "-D", "appraisal.mail_bcc=audit@example.com", out=fresh)
            self.assertTrue((fresh / "appraisal" / PERIOD / "manifest.json").exists())
            messages = stored(self.mails)
            self.assert_delivered_once(messages, out=fresh)
            for message, envelope, raw in messages:
                self.assertEqual(envelope["rcpt_tos"][1:], ["archive@example.com", "audit@example.com"])
                self.assertEqual(message["Cc"].addresses[0].addr_spec, "archive@example.com")
                self.assertNotIn(b"audit@example.com", raw)
                self.assertIn(b"filename*", raw)  # RFC 2231 names
            # The person without an address is named, and the run says it is incomplete.
            name = self.people[self.no_address][1]
            self.assertIn("NOT MAILED: %d %s" % (self.no_address, name), first.stderr)
            self.assertEqual(first.returncode, 1)
            again = self.yewu(port, "--send", "-D", "appraisal.mail_cc=archive@example.com",
                              "-D", "appraisal.mail_bcc=audit@example.com", out=fresh)
            self.assertIn("0 to send, %d already sent" % len(self.expected), again.stderr)
            self.assertEqual(len(stored(self.mails)), len(messages))
        self.assertTrue(all(state == "sent" for _, _, state, _, _ in self.outbox(fresh)))

    def test_dropped_connection_after_message_k(self):
        with smtp_server(self.mails, "--drop-after", "4") as port:
            self.yewu(port, "--send")
            self.yewu(port, "--send")
            self.assert_delivered_once(stored(self.mails))

    def test_dropped_before_the_reply_is_possibly_sent_and_not_resent(self):
        with smtp_server(self.mails, "--drop-before-reply", "3") as port:
            first = self.yewu(port, "--send")
            self.assertEqual(first.returncode, 1)
            third = json.loads((self.mails / "3.json").read_text())["rcpt_tos"][0]
            self.assertIn("POSSIBLY SENT", first.stderr)
            self.assertIn("--resend %s" % third, first.stderr)
            again = self.yewu(port, "--send")
            self.assertIn("POSSIBLY SENT", again.stderr)
            self.assert_delivered_once(stored(self.mails))  # the server has message 3: exactly once each

    def test_451_is_retried_and_delivered_once(self):
        with smtp_server(self.mails, "--fail-451", "3") as port:
            self.yewu(port, "--send")
            self.assert_delivered_once(stored(self.mails))
        attempts = [row[3] for row in self.outbox()]
        self.assertEqual(sum(attempts) - len(attempts), 3, attempts)  # three refusals, each retried

    def test_550_fails_that_address_and_the_others_are_delivered(self):
        victim = next(a for a, role in self.expected if role == "salesperson" and (a, "manager") not in self.expected)
        with smtp_server(self.mails, "--reject", victim) as port:
            first = self.yewu(port, "--send")
            self.assertEqual(first.returncode, 1)
            self.assertIn("FAILED", first.stderr)
            self.assertIn(victim, first.stderr)
            states = {(a, r): s for a, r, s, _, _ in self.outbox()}
            self.assertEqual(states.pop((victim, "salesperson")), "failed")
            self.assertTrue(all(s == "sent" for s in states.values()))
            self.yewu(port, "--send")  # tries the failed one again, nobody else
            self.assert_delivered_once(stored(self.mails), missing=(victim,))

    def test_killed_while_sending_then_rerun_completes_without_duplicates(self):
        with smtp_server(self.mails) as port:
            args = [YEWU_BIN, "run", "appraisal", "--period", PERIOD, "--source", "sqlite:%s" % self.db,
                    "--out", str(self.out), "--quiet", "--send", "-D", "smtp.host=127.0.0.1",
                    "-D", "smtp.port=%d" % port, "-D", "smtp.from=hr@example.com", "-D", "smtp.from_name=人力资源部",
                    "-D", "smtp.rate=40"]
            proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.time() + 60
            while len(list(self.mails.glob("*.eml"))) < 5 and time.time() < deadline:
                time.sleep(0.005)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            before = len(stored(self.mails))
            self.assertLess(before, len(self.expected), "killed too late to test anything")
            rerun = self.yewu(port, "--send")
            # A row the kill left between the end of DATA and the ledger update is reported, not resent.
            uncertain = [a for a, r, s, _, _ in self.outbox() if s == "sending"]
            for address in uncertain:
                self.assertIn("POSSIBLY SENT", rerun.stderr)
                self.assertIn(address, rerun.stderr)
            delivered = {m["To"].addresses[0].addr_spec for m, _, _ in stored(self.mails)}
            missing = [a for a in uncertain if a not in delivered]
            for address in missing:  # the operator checked: it did not arrive
                self.yewu(port, "--send", "--resend", address)
            self.assert_delivered_once(stored(self.mails))

    def test_sigterm_stops_after_the_mails_in_flight_and_a_rerun_completes(self):
        with smtp_server(self.mails) as port:
            args = [YEWU_BIN, "run", "appraisal", "--period", PERIOD, "--source", "sqlite:%s" % self.db,
                    "--out", str(self.out), "--quiet", "--send", "-D", "smtp.host=127.0.0.1",
                    "-D", "smtp.port=%d" % port, "-D", "smtp.from=hr@example.com", "-D", "smtp.from_name=人力资源部",
                    "-D", "smtp.rate=40"]
            proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            deadline = time.time() + 60
            while len(list(self.mails.glob("*.eml"))) < 5 and time.time() < deadline:
                time.sleep(0.005)
            proc.send_signal(signal.SIGTERM)
            _, stderr = proc.communicate(timeout=60)
            self.assertEqual(proc.returncode, 1, stderr)
            self.assertIn("STOPPED: stopped by a signal", stderr)
            self.assertLess(len(stored(self.mails)), len(self.expected))
            self.assertEqual([a for a, _, s, _, _ in self.outbox() if s == "sending"], [])  # nothing in doubt
            self.yewu(port, "--send")
            self.assert_delivered_once(stored(self.mails))

    def test_starttls_and_auth_plain(self):
        cert, key = self.dir / "cert.pem", self.dir / "key.pem"
        if not cert.exists():
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
        env = dict(os.environ, YEWU_SMTP__PASSWORD=PASSWORD)
        tls = ["-D", "smtp.tls=starttls", "-D", "smtp.user=yewu", "-D", "smtp.ca_file=%s" % cert]
        with smtp_server(self.mails, "--tls", str(cert), str(key), "--auth", "yewu:" + PASSWORD) as port:
            wrong = self.yewu(port, "--send", *tls, env=dict(env, YEWU_SMTP__PASSWORD="wrong"))
            self.assertEqual(wrong.returncode, 1)
            self.assertIn("authentication", wrong.stderr)
            self.assertEqual(stored(self.mails), [])
            plain = self.yewu(port, "--send", "-D", "smtp.user=yewu", env=env)  # no STARTTLS: refused
            self.assertEqual(plain.returncode, 1)
            self.assertEqual(stored(self.mails), [])
            ok = self.yewu(port, "--send", *tls, env=env)
            self.assert_delivered_once(stored(self.mails))
        for text in (wrong.stdout, wrong.stderr, plain.stderr, ok.stdout, ok.stderr):
            self.assertNotIn(PASSWORD, text)
        for path in self.out.rglob("*"):
            if path.is_file() and path.suffix in (".sqlite", ".log", ".json", ""):
                self.assertNotIn(PASSWORD.encode(), path.read_bytes(), path)

    def test_dry_run_and_approval(self):
        with smtp_server(self.mails) as port:
            refused = self.yewu(port, "--send", "-D", "appraisal.require_approval=true", check_codes=(2,))
            self.assertIn("yewu approve appraisal %s" % PERIOD, refused.stderr)
            self.yewu(port, "--dry-run", "-D", "appraisal.require_approval=true")
            previews = list((self.out / "appraisal" / PERIOD / "mail-preview").glob("*.eml"))
            self.assertEqual(len(previews), len(self.expected))
            self.assertEqual(stored(self.mails), [])
            approve = subprocess.run([YEWU_BIN, "approve", "appraisal", PERIOD, "--by", "王经理", "--out",
                                      str(self.out)], capture_output=True, text=True)
            self.assertEqual(approve.returncode, 0, approve.stderr)
            sent = self.yewu(port, "--send", "-D", "appraisal.require_approval=true")
            self.assertIn("approved by 王经理", sent.stderr)
            self.assert_delivered_once(stored(self.mails))
            # The .eml previews are the mails that went out (but for the Date header).
            preview = email.message_from_bytes(previews[0].read_bytes(), policy=email.policy.default)
            match = [m for m, _, _ in stored(self.mails) if m["Message-ID"] == preview["Message-ID"]]
            self.assertEqual(len(match), 1)

    def test_the_scheduler_mails_the_pack(self):
        with smtp_server(self.mails) as port:
            config = self.out / "yewu.ini"
            config.write_text(
                "[source]\nuri = sqlite:%s\n[schedule]\ntimezone = Asia/Shanghai\n"
                "[schedule.appraisal]\ncron = * * * * *\nperiod = %s\nsend = true\nretries = 0\n"
                "[smtp]\nhost = 127.0.0.1\nport = %d\nfrom = hr@example.com\nfrom_name = 人力资源部\n"
                % (self.db, PERIOD, port))
            result = subprocess.run([YEWU_BIN, "schedule", "--config", str(config), "--out", str(self.out), "--once",
                                     "--quiet"], capture_output=True, text=True, timeout=300)
            # Exit 1: the person without an address is reported as not mailed.
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertIn("NOT MAILED: %d" % self.no_address, result.stderr)
            self.assert_delivered_once(stored(self.mails))


if __name__ == "__main__":
    unittest.main()
