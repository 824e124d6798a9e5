#!/usr/bin/env bash
# Portal load: 100 concurrent clients downloading one large receivables
# workbook from `yewu serve` over loopback, with wrk (Debian), for a bounded
# time. Fails when any request errs or is not 200. Samples the server's RSS
# every 0.5 s and prints it before, during and after the run.
#
#   bash bench/portal_load.sh [BUILD_DIR] [SCALE] [SECONDS]
# defaults: build, 0.3, 20. Loopback only; the data lives in a temp folder.
set -euo pipefail
build=${1:-build}
scale=${2:-0.3}
seconds=${3:-20}
yewu=$(cd "$build" && pwd)/app/yewu
command -v wrk >/dev/null || { echo "wrk is missing: bash scripts/install-deps.sh" >&2; exit 1; }
work=$(mktemp -d /tmp/yewu-portal-load.XXXXXX)
out="$work/out"
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; [ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== data: scale $scale"
"$yewu" generate --db "$out/demo.db" --scale "$scale" --seed 1 --end 2026-10 >/dev/null 2>&1
"$yewu" run receivables --as-of 2026-10-31 --source "sqlite:$out/demo.db" --out "$out" >/dev/null 2>&1
workbook="$out/receivables/2026-10-31/receivables-2026-10-31.xlsx"
echo "workbook: $(stat -c %s "$workbook") bytes"
YEWU_NEW_PASSWORD="load-$RANDOM$RANDOM" "$yewu" user add loader --role finance --out "$out" 2>/dev/null
token=$("$yewu" user token loader --out "$out" 2>/dev/null)

"$yewu" serve --out "$out" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q listening "$work/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log")
id=$(curl -s -H "Authorization: Bearer $token" "$url/api/files" | grep -o '"id":"[0-9a-f]*"' | head -1 | cut -d'"' -f4)
[ -n "$id" ] || { echo "no file id from $url/api/files" >&2; exit 1; }

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
# Warm up (first reads, thread pool growth), then measure.
wrk -t2 -c100 -d3s --timeout 10s -H "Authorization: Bearer $token" "$url/files/$id" >/dev/null
before=$(rss)
( while kill -0 "$server" 2>/dev/null; do rss >>"$work/rss.txt"; sleep 0.5; done ) &
sampler=$!
echo "== wrk: 100 connections, 2 threads, ${seconds}s, $url/files/$id"
wrk -t2 -c100 -d"${seconds}s" --timeout 30s --latency -H "Authorization: Bearer $token" "$url/files/$id" \
  | tee "$work/wrk.txt"
sleep 1
after=$(rss)
kill "$sampler" 2>/dev/null || true
peak=$(sort -n "$work/rss.txt" | tail -1)
echo "== server RSS (KiB): before $before, peak during $peak, after $after"
if grep -q "Non-2xx\|Socket errors" "$work/wrk.txt"; then
  echo "FAIL: errors under load; server log:" >&2
  tail -20 "$work/serve.log" >&2
  exit 1
fi
echo "ok: no errors"
