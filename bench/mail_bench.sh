#!/usr/bin/env bash
# Mailing the appraisal packs: `yewu run appraisal --send` to a local aiosmtpd
# (scripts/test-smtp-server.py, storing every message as a file) for a scale-S
# database (scale 1: 500 salespeople, ~500 mails with ~100 KB of attachments
# each). The pack is generated first, untimed; the mailer prints
# "sent N … in T s (R mails/s)", which is the number reported.
#
#     bash bench/mail_bench.sh [SCALE]      # default 1
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-1}
YEWU_BIN=${YEWU_BIN:-build/app/yewu}
BENCH_DIR=${BENCH_DIR:-/tmp/yewu-bench}
DB="$BENCH_DIR/mail-$SCALE.db"
OUT="$BENCH_DIR/mail-out-$SCALE"
MAILS="$BENCH_DIR/mail-received-$SCALE"
mkdir -p "$BENCH_DIR"
[ -f "$DB" ] || "$YEWU_BIN" generate --db "$DB" --scale "$SCALE" --seed 1 --end 2026-10 >/dev/null
rm -rf "$OUT" "$MAILS"
"$YEWU_BIN" run appraisal --period 2026-10 --source "sqlite:$DB" --out "$OUT" --quiet >/dev/null 2>&1

coproc SERVER { exec /usr/bin/python3 scripts/test-smtp-server.py "$MAILS"; }
read -r PORT <&"${SERVER[0]}"
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
/usr/bin/time -f "yewu: wall %e s, CPU user %U s + sys %S s" -o "$BENCH_DIR/mail-time.txt" \
    "$YEWU_BIN" run appraisal --period 2026-10 --source "sqlite:$DB" --out "$OUT" --quiet --send \
    -D smtp.host=127.0.0.1 -D smtp.port="$PORT" -D smtp.from=hr@example.com ${MAIL_BENCH_ARGS:-} 2>&1 | grep -E "mail\(s\) planned|sent [0-9]" || true
cat "$BENCH_DIR/mail-time.txt"
# The server's CPU so far (clock ticks of utime + stime in /proc/PID/stat).
awk -v hz="$(getconf CLK_TCK)" '{printf "aiosmtpd: CPU user %.2f s + sys %.2f s\n", $14 / hz, $15 / hz}' "/proc/$SERVER_PID/stat"
received=$(find "$MAILS" -name '*.eml' | wc -l)
bytes=$(du -sb "$MAILS" | cut -f1)
echo "received $received messages, $((bytes / 1024 / 1024)) MiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
