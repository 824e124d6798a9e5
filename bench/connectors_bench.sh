#!/usr/bin/env bash
# Connector benchmark: `kpi` and `receivables` from PostgreSQL against SQLite,
# on the same generated data set, in the same run.
# usage: bench/connectors_bench.sh [SCALE]   (default: 1)
# Starts a private PostgreSQL (scripts/start-test-postgres.sh), loads the SQLite
# file into it (COPY), runs each job from each source (twice; the second, warm
# run is reported) and prints wall time and peak RSS, and PostgreSQL / SQLite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
yewu="${YEWU_BIN:-$root/build/app/yewu}"
work="${BENCH_DIR:-/tmp/yewu-bench}"
scale="${1:-1}"
mkdir -p "$work"
pg="$(mktemp -d /tmp/yewu-bench-pg.XXXXXX)"
trap 'bash "$root/scripts/stop-test-postgres.sh" "$pg"' EXIT

measure() {  # label command... -> "label seconds kilobytes"
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
        cat "$work/stderr.txt" >&2; exit 1; }
    read -r secs kb < "$work/time.txt"
    echo "$label $secs $kb"
}

db="$work/scale-$scale.db"
[ -f "$db" ] || "$yewu" generate --db "$db" --scale "$scale" --seed 1 --end 2026-10 > /dev/null 2>&1
conninfo=$(YEWU_TEST_PG_PASSWORD=bench bash "$root/scripts/start-test-postgres.sh" "$pg")
load_start=$(date +%s.%N)
YEWU_SOURCE_DIR="$root" /usr/bin/python3 -c "
import sys; sys.path.insert(0, '$root/tests/integration')
import canonical_loader
from pathlib import Path
canonical_loader.load_postgres(Path('$db'), open('$pg/socket-conninfo').read().strip())"
echo "loaded scale $scale into PostgreSQL in $(echo "$(date +%s.%N) - $load_start" | bc) s"

printf "%-12s %-12s %10s %12s\n" job source seconds "peak RSS MB"
for job in kpi receivables; do
    when=(--period 2026-10); [ "$job" = receivables ] && when=(--as-of 2026-10-31)
    declare -A secs=()
    for source in sqlite postgresql; do
        uri="sqlite:$db"; [ "$source" = postgresql ] && uri="postgresql:$conninfo"
        for _ in 1 2; do
            rm -rf "$work/out-$source"
            read -r _ s k < <(YEWU_SOURCE__PASSWORD=bench measure "$source" "$yewu" run "$job" "${when[@]}" \
                --source "$uri" --out "$work/out-$source" -D source.label=bench)
        done
        secs[$source]=$s
        printf "%-12s %-12s %10s %12d\n" "$job" "$source" "$s" $((k / 1024))
    done
    cmp -s "$work/out-sqlite/$job"/*/manifest.json "$work/out-postgresql/$job"/*/manifest.json &&
        same="identical outputs" || same="OUTPUTS DIFFER"
    awk -v p="${secs[postgresql]}" -v s="${secs[sqlite]}" -v same="$same" \
        'BEGIN { printf "             postgresql / sqlite: %.2fx (%s)\n", p / s, same }'
done
