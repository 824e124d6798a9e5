#!/usr/bin/env bash
# KPI benchmark: `yewu run kpi` against the Python/XlsxWriter peer (bench/kpi_peer.py)
# on the same database, in the same run, each measured by /usr/bin/time -v.
# usage: bench/kpi_bench.sh [SCALE...]   (default: 1; data through 2026-10, period 2026-10)
# env: YEWU_BIN (default build/app/yewu), BENCH_DIR (default /tmp/kpi-bench), RUNS (default 1)
# Prints wall time and peak RSS of each, and the ratios peer / yewu. Both are measured
# warm: each runs once unmeasured before the first measured run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
yewu="${YEWU_BIN:-$root/build/app/yewu}"
work="${BENCH_DIR:-/tmp/kpi-bench}"
runs="${RUNS:-1}"
mkdir -p "$work"
scales=("${@:-1}")

measure() {  # label command... -> "label wall-seconds cpu-seconds kilobytes"
    local label=$1; shift
    /usr/bin/time -v -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
        cat "$work/stderr.txt" >&2; exit 1; }
    local wall cpu kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
                        for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
    cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$work/time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
    echo "$label $wall $cpu $kb"
}

printf "%-6s %-4s %-12s %10s %10s %12s\n" scale run program "wall s" "CPU s" "peak RSS MB"
for scale in "${scales[@]}"; do
    db="$work/scale$scale.db"
    [ -f "$db" ] || "$yewu" generate --db "$db" --scale "$scale" --end 2026-10 > /dev/null 2>&1
    # One unmeasured run of each first: the database, the shared libraries and Python's
    # modules are then in the page cache for every measured run of both. Otherwise the
    # first measured run (yewu's) pays alone for reading them back: the peer always
    # runs just after it.
    rm -rf "$work/out"
    "$yewu" run kpi --period 2026-10 --source "sqlite:$db" --out "$work/out" > /dev/null 2>&1
    /usr/bin/python3 "$root/bench/kpi_peer.py" "$db" 2026-10 "$work/peer.xlsx" > /dev/null 2>&1
    for run in $(seq 1 "$runs"); do
        rm -rf "$work/out"
        read -r _ ys yc yk < <(measure yewu "$yewu" run kpi --period 2026-10 --source "sqlite:$db" --out "$work/out")
        read -r _ ps pc pk < <(measure peer /usr/bin/python3 "$root/bench/kpi_peer.py" "$db" 2026-10 "$work/peer.xlsx")
        printf "%-6s %-4s %-12s %10s %10s %12d\n" "$scale" "$run" yewu "$ys" "$yc" $((yk / 1024))
        printf "%-6s %-4s %-12s %10s %10s %12d\n" "$scale" "$run" "python peer" "$ps" "$pc" $((pk / 1024))
        awk -v p="$ps" -v y="$ys" -v pc="$pc" -v yc="$yc" -v pk="$pk" -v yk="$yk" \
            'BEGIN { printf "       speed-up peer / yewu: wall %.2fx, CPU %.2fx; RSS yewu / peer: %.2f\n", p / y, pc / yc, yk / pk }'
    done
done
