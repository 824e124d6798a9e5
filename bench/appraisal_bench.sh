#!/usr/bin/env bash
# Appraisal letters benchmark: `yewu run appraisal` (no workbooks) against the
# ReportLab peer (bench/appraisal_peer.py) on the same database, in the same run.
# usage: bench/appraisal_bench.sh [SCALE]   (default 1: ~500 letters)
# Prints, for each, wall and CPU seconds end to end, ms per letter and average
# bytes per letter, the letter-rendering phase alone, and the ratios.
# env: YEWU_BIN, BENCH_DIR (the database; default /tmp/yewu-bench), OUT_DIR (both
# programs' outputs; default BENCH_DIR. /dev/shm keeps the disk out of the figures:
# see bench/README.md on this machine's journal-less ext4).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
yewu="${YEWU_BIN:-$root/build/app/yewu}"
work="${BENCH_DIR:-/tmp/yewu-bench}"
scale="${1:-1}"
period=2026-10
out="${OUT_DIR:-$work}"
mkdir -p "$work" "$out"
db="$work/scale-$scale.db"
[ -f "$db" ] || "$yewu" generate --db "$db" --scale "$scale" --seed 1 --end "$period" > /dev/null 2>&1

rm -rf "$out/appraisal-out" "$out/appraisal-peer"
/usr/bin/time -f "%e %U %S" -o "$work/yewu-time.txt" "$yewu" run appraisal --period "$period" --source "sqlite:$db" \
    --out "$out/appraisal-out" -D appraisal.workbooks=false > /dev/null 2> "$work/appraisal-stderr.txt" \
    || { cat "$work/appraisal-stderr.txt" >&2; exit 1; }
read -r y_wall y_user y_sys < "$work/yewu-time.txt"
# "appraisal: 485 letters and 25 team packs in 2539 ms (PDF 4012 ms on 2 thread(s))": the rendering
# phase's wall time, and the time the rendering threads were busy, summed (their CPU time).
read -r y_render_wall y_render_cpu < <(sed -n 's/^appraisal: [0-9]* letters and [0-9]* team packs in \([0-9]*\) ms (PDF \([0-9]*\) ms.*/\1 \2/p' "$work/appraisal-stderr.txt")
letters_dir="$out/appraisal-out/appraisal/$period/letters"
y_letters=$(ls "$letters_dir" | wc -l)
y_bytes=$(cat "$letters_dir"/*.pdf | wc -c)

/usr/bin/time -f "%e %U %S" -o "$work/peer-time.txt" /usr/bin/python3 "$root/bench/appraisal_peer.py" "$db" "$period" \
    "$out/appraisal-peer" > "$work/peer-stdout.txt"
read -r p_wall p_user p_sys < "$work/peer-time.txt"
read -r _ p_letters _ p_render_wall _ p_render_cpu _ p_bytes < "$work/peer-stdout.txt"

awk -v yw="$y_wall" -v yc="$(awk -v a="$y_user" -v b="$y_sys" 'BEGIN{print a+b}')" -v yrw="$y_render_wall" \
    -v yrc="$y_render_cpu" -v yl="$y_letters" -v yb="$y_bytes" \
    -v pw="$p_wall" -v pc="$(awk -v a="$p_user" -v b="$p_sys" 'BEGIN{print a+b}')" -v prw="$p_render_wall" \
    -v prc="$p_render_cpu" -v pl="$p_letters" -v pb="$p_bytes" 'BEGIN {
    printf "%-34s %8s %10s %10s %14s\n", "", "letters", "wall s", "CPU s", "bytes/letter"
    printf "%-34s %8d %10.2f %10.2f %14.0f\n", "yewu, end to end", yl, yw, yc, yb / yl
    printf "%-34s %8d %10.2f %10.2f %14.0f\n", "reportlab peer, end to end", pl, pw, pc, pb / pl
    printf "%-34s %8d %10.2f %10.2f\n", "yewu, letters and team packs", yl, yrw / 1000, yrc / 1000
    printf "%-34s %8d %10.2f %10.2f\n", "reportlab peer, letters only", pl, prw, prc
    printf "ms per letter, end to end (wall): yewu %.1f, peer %.1f\n", 1000 * yw / yl, 1000 * pw / pl
    printf "ms per letter, rendering (CPU; yewu includes the team packs): yewu %.1f, peer %.1f\n", yrc / yl, 1000 * prc / pl
    printf "peer / yewu, end to end: wall %.2fx, CPU %.2fx\n", pw / yw, pc / yc
    printf "peer / yewu, rendering: wall %.2fx, CPU %.2fx\n", prw / (yrw / 1000), prc / (yrc / 1000)
    printf "bytes per letter, yewu / peer: %.2f\n", (yb / yl) / (pb / pl)
}'
echo "(yewu's run also writes one team pack per team; the peer writes letters only)"
