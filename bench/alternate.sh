#!/usr/bin/env bash
# Alternating runs of two yewu binaries on the same job, to compare a change on a
# machine whose speed drifts (bench/README.md): A, B, A, B, ... then the mean wall and
# CPU seconds of each. Outputs go to a fresh directory under BENCH_DIR for every run.
# usage: bench/alternate.sh N BINARY_A BINARY_B JOB-ARGS...
#   e.g. bench/alternate.sh 8 /tmp/yewu-before build/app/yewu \
#            run kpi --period 2026-10 --source sqlite:/tmp/kpi-bench/scale1.db
# env: BENCH_DIR (default /tmp/kpi-bench)
set -euo pipefail
n=$1 a=$2 b=$3
shift 3
work="${BENCH_DIR:-/tmp/kpi-bench}"
times=$(mktemp)
trap 'rm -f "$times"; rm -rf "$work/alternate-out"' EXIT
for _ in $(seq "$n"); do
    for bin in "$a" "$b"; do
        rm -rf "$work/alternate-out"
        /usr/bin/time -a -o "$times" -f "$bin %e %U %S" "$bin" "$@" --out "$work/alternate-out" > /dev/null 2>&1
    done
done
awk '{ wall[$1] += $2; cpu[$1] += $3 + $4; runs[$1]++ }
     END { for (b in wall) printf "%s: wall %.3f s, CPU %.3f s (%d runs)\n", b, wall[b] / runs[b], cpu[b] / runs[b], runs[b] }' "$times"
