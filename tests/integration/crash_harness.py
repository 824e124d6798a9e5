"""Crash-safety harness (issue 7): SIGKILL `yewu run` at random points of
scale-0.1 runs of every registered job (from `yewu jobs`, so a new job is
covered without a change here). After each kill:

- OUT holds no partial or temp file a reader could mistake for output: every
  visible file under OUT/<job>/<period>/ is either listed in that folder's
  manifest.json with its size and sha256, or is byte-identical to the file an
  uninterrupted run publishes (a kill between renaming a finished file into
  place and writing the manifest). Hidden ".name.tmp-PID" files are tolerated
  after the kill only; the rerun must remove them;
- every manifest matches its files (size and sha256);
- the ledger opens and passes PRAGMA integrity_check;
- the rerun succeeds and every file, manifest.json included, has the sha256
  of the uninterrupted run.

    YEWU_BIN=build/app/yewu /usr/bin/python3 crash_harness.py

YEWU_CRASH_KILLS (default 20) kills in all: one per job, the rest spread in
turn over the jobs whose uninterrupted run takes at most YEWU_CRASH_SLOW
(default 30) seconds, so that slow jobs (contracts: thousands of PDFs) do not
stretch the harness to an hour;
YEWU_CRASH_SEED (default 7) makes the kill points reproducible. Prints
"N passed, M failed" as its last line and exits non-zero on any failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YEWU = os.environ.get("YEWU_BIN", "")
KILLS = int(os.environ.get("YEWU_CRASH_KILLS", "20"))
SLOW = float(os.environ.get("YEWU_CRASH_SLOW", "30"))
SEED = int(os.environ.get("YEWU_CRASH_SEED", "7"))
PERIOD = "2026-10"
LEDGER_FILES = {"ledger.sqlite", "ledger.sqlite-journal", "ledger.sqlite-wal", "ledger.sqlite-shm"}
LOCK_FILES = {".yewu.lock", ".yewu-schedule.lock"}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def registered_jobs() -> list[str]:
    out = subprocess.run([YEWU, "jobs"], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def run_args(job: str, db: Path, out: Path) -> list[str]:
    # --period works for every job: day-based jobs take the period's last day.
    return [YEWU, "run", job, "--period", PERIOD, "--source", "sqlite:%s" % db, "--out", str(out), "--quiet"]


def published(out: Path) -> dict[str, str]:
    """sha256 of every visible file under OUT except the ledger, locks and logs, by path relative to OUT."""
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if not path.is_file() or rel.parts[0] == "logs" or str(rel) in LEDGER_FILES | LOCK_FILES:
            continue
        if path.name.startswith("."):
            continue
        files[rel.as_posix()] = sha256(path)
    return files


def is_hidden_temp(name: str) -> bool:
    return name.startswith(".") and ".tmp-" in name


def check_out(out: Path, reference: dict[str, str]) -> tuple[list[str], list[str]]:
    """Problems found in OUT, and the hidden temp files seen (allowed until the rerun)."""
    problems, temps = [], []
    listed = {}  # path relative to OUT -> (bytes, sha256) from the manifests
    for manifest in sorted(out.rglob("manifest.json")):
        folder = manifest.parent
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (ValueError, OSError) as e:
            problems.append("unreadable manifest %s: %s" % (manifest, e))
            continue
        for entry in data.get("files", []):
            target = folder / entry["path"]
            rel = target.relative_to(out).as_posix()
            listed[rel] = (entry["bytes"], entry["sha256"])
            if not target.is_file():
                problems.append("%s lists %s, which does not exist" % (manifest, entry["path"]))
            elif target.stat().st_size != entry["bytes"] or sha256(target) != entry["sha256"]:
                problems.append("%s does not match its manifest entry" % rel)
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(out)
        if rel.parts[0] == "logs" or str(rel) in LEDGER_FILES | LOCK_FILES or path.name == "manifest.json":
            continue
        if is_hidden_temp(path.name):
            temps.append(rel.as_posix())
            continue
        if path.name.startswith("."):
            problems.append("unexpected hidden file %s" % rel)
            continue
        if rel.as_posix() in listed:
            continue
        # Published before its manifest was written: it must be complete, i.e. the reference file.
        if reference.get(rel.as_posix()) != sha256(path):
            problems.append("partial or stray file %s (not in a manifest, not the finished output)" % rel)
    return problems, temps


def run_recorded(out: Path) -> bool:
    """Whether the ledger in OUT already holds a running run."""
    if not (out / "ledger.sqlite").exists():
        return False
    try:
        with sqlite3.connect("file:%s?mode=ro" % (out / "ledger.sqlite"), uri=True, timeout=0.1) as ledger:
            return ledger.execute("SELECT count(*) FROM run WHERE status = 'running'").fetchone()[0] > 0
    except sqlite3.Error:
        return False


def check_ledger(out: Path) -> list[str]:
    path = out / "ledger.sqlite"
    if not path.exists():
        return []  # killed before the ledger was created
    try:
        with sqlite3.connect(path) as db:
            ok = db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables:  # none: killed between creating the file and committing its schema
                db.execute("SELECT COUNT(*) FROM run").fetchone()
        return [] if ok == "ok" else ["ledger integrity_check: %s" % ok]
    except sqlite3.Error as e:
        return ["the ledger does not open: %s" % e]


def main() -> int:
    if not YEWU:
        print("YEWU_BIN is not set")
        return 2
    rng = random.Random(SEED)
    work = Path(tempfile.mkdtemp(prefix="yewu-crash-"))
    passed = failed = 0
    try:
        db = work / "demo.db"
        subprocess.run([YEWU, "generate", "--db", str(db), "--scale", "0.1", "--seed", "1", "--end", PERIOD],
                       check=True, capture_output=True)
        jobs = registered_jobs()
        print("jobs: %s; %d kills in all; seed %d" % (", ".join(jobs), KILLS, SEED), flush=True)

        references, durations = {}, {}
        for job in jobs:
            ref_out = work / ("reference-" + job)
            started = time.monotonic()
            r = subprocess.run(run_args(job, db, ref_out), capture_output=True, text=True)
            durations[job] = time.monotonic() - started
            if r.returncode != 0:
                print("FAIL %s: the uninterrupted reference run failed (exit %d): %s" % (job, r.returncode, r.stderr))
                failed += 1
                continue
            references[job] = published(ref_out)
            print("reference %s: %d file(s) in %.1f s" % (job, len(references[job]), durations[job]), flush=True)

        usable = [j for j in jobs if j in references]
        outs = {job: work / ("out-" + job) for job in usable}

        # The checks themselves must be able to fail: a truncated output and a stray partial file.
        if usable:
            job = usable[0]
            damaged = work / "self-check"
            shutil.copytree(work / ("reference-" + job), damaged)
            victim = next(damaged / rel for rel in references[job] if not rel.endswith("manifest.json"))
            victim.write_bytes(victim.read_bytes()[:100])
            (victim.parent / "half-written.xlsx").write_bytes(b"PK\x03\x04")
            problems, _ = check_out(damaged, references[job])
            if len(problems) >= 2:
                passed += 1
                print("ok   self-check: the checks catch a truncated output and a stray file", flush=True)
            else:
                failed += 1
                print("FAIL self-check: the checks missed damage: %s" % problems)

        # SIGTERM half-way (at most 5 s in): the run stops at the next chunk or document, is recorded as
        # interrupted, and publishes nothing.
        for job in usable:
            out = work / ("sigterm-" + job)
            launched = time.monotonic()
            p = subprocess.Popen(run_args(job, db, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            at = min(durations[job] * 0.5, 5.0)  # half-way, but early in slow jobs: the harness stays short
            # Not before the run is recorded: a job of 0.1 s has its half-way point inside process
            # start-up on a loaded machine, before yewu handles the signal at all.
            while p.poll() is None and not run_recorded(out) and time.monotonic() - launched < 60:
                time.sleep(0.005)
            time.sleep(max(0.0, at - (time.monotonic() - launched)))
            if p.poll() is not None:
                print("skip SIGTERM %s: finished before the signal" % job)
                continue
            signalled = time.monotonic()
            p.send_signal(signal.SIGTERM)
            _, err = p.communicate(timeout=120)
            latency = time.monotonic() - signalled
            with sqlite3.connect(out / "ledger.sqlite") as ledger:
                status = ledger.execute("SELECT status FROM run ORDER BY id DESC LIMIT 1").fetchone()[0]
            problems = []
            if status == "interrupted":
                if p.returncode != 1:
                    problems.append("exit code %d, expected 1" % p.returncode)
                if published(out):
                    problems.append("published files after the interruption: %s" % sorted(published(out))[:5])
            elif status != "succeeded":  # it may have been publishing already: then it finishes
                problems.append("status %s after SIGTERM" % status)
            if problems:
                failed += 1
                print("FAIL SIGTERM %s: %s" % (job, "; ".join(problems)))
            else:
                passed += 1
                print("ok   SIGTERM %s at %.2f s: %s, exit %d, stopped %.2f s after the signal"
                      % (job, at, status, p.returncode, latency), flush=True)
        # Every job is killed at least once; the other kills go to the jobs whose run takes
        # under YEWU_CRASH_SLOW seconds, in turn, to keep the harness to minutes.
        fast = [j for j in usable if durations[j] <= SLOW] or usable
        plan = {j: 1 for j in usable}
        for i in range(max(0, KILLS - len(usable))):
            plan[fast[i % len(fast)]] += 1
        print("kill plan: %s" % ", ".join("%s %d" % (j, plan[j]) for j in usable), flush=True)
        queue = [j for round_ in range(max(plan.values(), default=0)) for j in usable if plan[j] > round_]
        kills_done = 0
        attempts = 0
        while queue and attempts < KILLS * 3 + 10:
            job = queue[0]
            attempts += 1
            out = outs[job]
            delay = rng.uniform(0.0, durations[job])
            started = time.monotonic()
            p = subprocess.Popen(run_args(job, db, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            if p.poll() is not None:
                # Finished before the kill point. An incremental job (contracts) has less to do
                # on every rerun: aim the next kill within the run's current length.
                durations[job] = min(durations[job], time.monotonic() - started)
                continue
            p.send_signal(signal.SIGKILL)
            p.wait()
            queue.pop(0)
            kills_done += 1
            label = "kill %2d: %s at %.2f s of ~%.2f s" % (kills_done, job, delay, durations[job])

            problems, temps = check_out(out, references[job])
            problems += check_ledger(out)
            rerun = subprocess.run(run_args(job, db, out), capture_output=True, text=True)
            if rerun.returncode != 0:
                problems.append("the rerun failed (exit %d): %s" % (rerun.returncode, rerun.stderr.strip()[-500:]))
            else:
                after, leftover = check_out(out, references[job])
                problems += after
                problems += ["the rerun left the temp file %s" % t for t in leftover]
                got = published(out)
                for rel, digest in references[job].items():
                    if got.get(rel) != digest:
                        problems.append("after the rerun %s differs from the uninterrupted run" % rel)
                with sqlite3.connect(out / "ledger.sqlite") as ledger:
                    left_running = ledger.execute("SELECT COUNT(*) FROM run WHERE status = 'running'").fetchone()[0]
                if left_running:
                    problems.append("%d run(s) still 'running' after the rerun" % left_running)
            if problems:
                failed += 1
                print("FAIL " + label + (" (temp files seen: %s)" % ", ".join(temps) if temps else ""))
                for problem in problems:
                    print("     " + problem)
            else:
                passed += 1
                print("ok   " + label + (" (hidden temp file(s) after the kill: %d)" % len(temps) if temps else ""),
                      flush=True)
        if queue:
            print("FAIL only %d kills landed during a run in %d attempts" % (kills_done, attempts))
            failed += 1
        for job in usable:
            h = subprocess.run([YEWU, "history", "--out", str(outs[job]), "--limit", "1000"], capture_output=True,
                               text=True)
            print("history %s: %d interrupted, %d succeeded" % (job, h.stdout.count(" interrupted (exit"),
                                                               h.stdout.count(" succeeded (exit")))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
