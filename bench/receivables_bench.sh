#!/usr/bin/env bash
# Receivables benchmark: `yewu run receivables` against the Python/XlsxWriter
# peer (bench/receivables_peer.py) on the same database, in the same run.
# usage: bench/receivables_bench.sh [SCALE[:ORDER_SCALE]...]   (default: 1)
#   1      scale 1: 500 salespeople, 20,000 customers, ~184,000 open invoices
#   1:5.4  the same people and customers with 5.4x the orders: ~1,000,000 open invoices
# Prints wall time and peak RSS of each, and the ratio peer/yewu.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
yewu="${YEWU_BIN:-$root/build/app/yewu}"
work="${BENCH_DIR:-/tmp/yewu-bench}"
mkdir -p "$work"
scales=("${@:-1}")

measure() {  # label command... -> "label seconds kilobytes"
    local label=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
        cat "$work/stderr.txt" >&2; exit 1; }
    read -r secs kb user sys < "$work/time.txt"
    echo "$label $secs $kb $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}

printf "%-8s %-12s %8s %8s %12s %10s\n" scale program wall-s cpu-s "peak RSS MB" "open rows"
for scale in "${scales[@]}"; do
    orders="${scale#*:}"; [ "$orders" = "$scale" ] && orders=0
    db="$work/scale-${scale/:/-orders-}.db"
    [ -f "$db" ] || "$yewu" generate --db "$db" --scale "${scale%%:*}" --order-scale "$orders" --seed 1 \
        --end 2026-10 > /dev/null 2>&1
    rm -rf "$work/out"
    # Warm, as in kpi_bench.sh: the database is read back into the page cache before
    # yewu's run, which the peer always follows.
    cat "$db" > /dev/null
    read -r _ ys yk yc < <(measure yewu "$yewu" run receivables --as-of 2026-10-31 --source "sqlite:$db" --out "$work/out")
    rows=$(grep -o '"rows": [0-9]*' "$work/out/receivables/2026-10-31/manifest.json" | grep -o '[0-9]*')
    read -r _ ps pk pc < <(measure peer /usr/bin/python3 "$root/bench/receivables_peer.py" "$db" 2026-10-31 "$work/peer.xlsx")
    printf "%-8s %-12s %8s %8s %12d %10s\n" "$scale" yewu "$ys" "$yc" $((yk / 1024)) "$rows"
    printf "%-8s %-12s %8s %8s %12d %10s\n" "$scale" "python peer" "$ps" "$pc" $((pk / 1024)) "$rows"
    awk -v p="$ps" -v y="$ys" -v pc="$pc" -v yc="$yc" \
        'BEGIN { printf "         peer / yewu: wall %.2fx, cpu %.2fx\n", p / y, pc / yc }'
done
