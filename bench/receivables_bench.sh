#!/usr/bin/env bash
# Receivables benchmark: `yewu run receivables` against the Python/XlsxWriter
# peer (bench/receivables_peer.py) on the same database, in the same run.
# usage: bench/receivables_bench.sh [SCALE...]   (default: 1)
# Prints wall time and peak RSS of each, and the ratio peer/yewu.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
yewu="${YEWU_BIN:-$root/build/app/yewu}"
work="${BENCH_DIR:-/tmp/yewu-bench}"
mkdir -p "$work"
scales=("${@:-1}")

measure() {  # label command... -> "label seconds kilobytes"
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
        cat "$work/stderr.txt" >&2; exit 1; }
    read -r secs kb < "$work/time.txt"
    echo "$label $secs $kb"
}

printf "%-8s %-14s %10s %12s %10s\n" scale program seconds "peak RSS MB" "open rows"
for scale in "${scales[@]}"; do
    db="$work/scale-$scale.db"
    [ -f "$db" ] || "$yewu" generate --db "$db" --scale "$scale" --seed 1 --end 2026-10 > /dev/null 2>&1
    rm -rf "$work/out"
    read -r _ ys yk < <(measure yewu "$yewu" run receivables --as-of 2026-10-31 --source "sqlite:$db" --out "$work/out")
    rows=$(grep -o '"rows": [0-9]*' "$work/out/receivables/2026-10-31/manifest.json" | grep -o '[0-9]*')
    read -r _ ps pk < <(measure peer /usr/bin/python3 "$root/bench/receivables_peer.py" "$db" 2026-10-31 "$work/peer.xlsx")
    printf "%-8s %-14s %10s %12d %10s\n" "$scale" yewu "$ys" $((yk / 1024)) "$rows"
    printf "%-8s %-14s %10s %12d %10s\n" "$scale" "python peer" "$ps" $((pk / 1024)) "$rows"
    awk -v p="$ps" -v y="$ys" 'BEGIN { printf "         speed-up (peer / yewu): %.2fx\n", p / y }'
done
