#!/usr/bin/env bash
# Sales contracts benchmark: `yewu run contracts` against the ReportLab peer
# (bench/contracts_peer.py) on the same orders of the same database, in the same run.
# usage: bench/contracts_bench.sh [SCALE] [ORDERS] [PEER_LIMIT]
#   SCALE (default 1: ~42,000 orders a month), ORDERS (default 10000): the first days of
#   October 2026 holding at least that many confirmed orders are selected for both;
#   PEER_LIMIT (default: all) lets the peer render only the first N of them (by id), to
#   bound its time; its rates are per contract, so they compare either way.
# Prints, for each, contracts, wall and CPU seconds, contracts per second and average bytes,
# end to end and for the rendering phase alone, and the ratios.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
yewu="${YEWU_BIN:-$root/build/app/yewu}"
work="${BENCH_DIR:-/tmp/yewu-bench}"
scale="${1:-1}"
want="${2:-10000}"
peer_limit="${3:-}"
month=2026-10
mkdir -p "$work"
db="$work/scale-$scale.db"
[ -f "$db" ] || "$yewu" generate --db "$db" --scale "$scale" --seed 1 --end "$month" > /dev/null 2>&1

# The smallest run of days from the 1st holding at least $want confirmed orders.
last=$(/usr/bin/python3 - "$db" "$month" "$want" <<'EOF'
import sqlite3, sys
db, month, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
for day, count in sqlite3.connect(db).execute(
        "SELECT order_date, COUNT(*) FROM orders WHERE status = 'confirmed' AND order_date LIKE ? "
        "GROUP BY order_date ORDER BY order_date", (month + "-%",)):
    n += count
    if n >= want:
        break
print(day)
EOF
)
first="$month-01"

rm -rf "$work/contracts-out" "$work/contracts-peer"
/usr/bin/time -f "%e %U %S" -o "$work/yewu-time.txt" "$yewu" run contracts --since "$first" --as-of "$last" \
    --source "sqlite:$db" --out "$work/contracts-out" > /dev/null 2> "$work/contracts-stderr.txt" \
    || { cat "$work/contracts-stderr.txt" >&2; exit 1; }
read -r y_wall y_user y_sys < "$work/yewu-time.txt"
# "contracts: 10012 written (10012 new, 0 revised) in 41234 ms (CPU 40000 ms); ..."
read -r y_render_wall y_render_cpu < <(sed -n 's/^contracts: [0-9]* written .* in \([0-9]*\) ms (CPU \([0-9]*\) ms;.*/\1 \2/p' \
    "$work/contracts-stderr.txt")
y_count=$(find "$work/contracts-out/contracts" -name '*.pdf' | wc -l)
y_bytes=$(find "$work/contracts-out/contracts" -name '*.pdf' -print0 | xargs -0 cat | wc -c)

/usr/bin/time -f "%e %U %S" -o "$work/peer-time.txt" /usr/bin/python3 "$root/bench/contracts_peer.py" "$db" "$first" \
    "$last" "$work/contracts-peer" $peer_limit > "$work/peer-stdout.txt"
read -r p_wall p_user p_sys < "$work/peer-time.txt"
read -r _ p_count _ p_render_wall _ p_render_cpu _ p_bytes < "$work/peer-stdout.txt"

echo "orders: confirmed, dated $first .. $last, scale $scale (yewu renders all; peer ${peer_limit:-all})"
awk -v yw="$y_wall" -v yc="$(awk -v a="$y_user" -v b="$y_sys" 'BEGIN{print a+b}')" -v yrw="$y_render_wall" \
    -v yrc="$y_render_cpu" -v yn="$y_count" -v yb="$y_bytes" \
    -v pw="$p_wall" -v pc="$(awk -v a="$p_user" -v b="$p_sys" 'BEGIN{print a+b}')" -v prw="$p_render_wall" \
    -v prc="$p_render_cpu" -v pn="$p_count" -v pb="$p_bytes" 'BEGIN {
    printf "%-32s %9s %9s %9s %12s %12s\n", "", "contracts", "wall s", "CPU s", "contracts/s", "bytes/each"
    printf "%-32s %9d %9.2f %9.2f %12.1f %12.0f\n", "yewu, end to end", yn, yw, yc, yn / yw, yb / yn
    printf "%-32s %9d %9.2f %9.2f %12.1f %12.0f\n", "reportlab peer, end to end", pn, pw, pc, pn / pw, pb / pn
    printf "%-32s %9d %9.2f %9.2f %12.1f\n", "yewu, rendering only", yn, yrw / 1000, yrc / 1000, yn / (yrw / 1000)
    printf "%-32s %9d %9.2f %9.2f %12.1f\n", "reportlab peer, rendering only", pn, prw, prc, pn / prw
    printf "yewu / peer contracts per second, end to end: wall %.2fx, CPU %.2fx\n", (yn / yw) / (pn / pw), (yn / yc) / (pn / pc)
    printf "yewu / peer contracts per second, rendering only: wall %.2fx, CPU %.2fx\n", (yn / (yrw / 1000)) / (pn / prw), (yn / (yrc / 1000)) / (pn / prc)
    printf "bytes per contract, yewu / peer: %.2f\n", (yb / yn) / (pb / pn)
}'
