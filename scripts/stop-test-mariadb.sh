#!/usr/bin/env bash
# Stops the server scripts/start-test-mariadb.sh started in DIR and removes DIR.
set -uo pipefail
dir=${1:?usage: stop-test-mariadb.sh DIR}
if [ -f "$dir/mariadbd.pid" ]; then
  pid=$(cat "$dir/mariadbd.pid")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null
fi
rm -rf "$dir"
