#!/usr/bin/env bash
# Starts a private, throw-away PostgreSQL server for tests and benchmarks:
# a fresh cluster (initdb) in DIR, listening on 127.0.0.1:PORT and on a socket
# in DIR, with database `yewu` owned by user `yewu` (password from
# YEWU_TEST_PG_PASSWORD, default "yewu-test"; socket connections need none).
#
#   scripts/start-test-postgres.sh DIR [PORT]    # PORT: a free one when omitted
#   scripts/stop-test-postgres.sh DIR
#
# When DIR already holds a cluster (a test stopped it with pg_ctl), the script
# only starts it again on PORT.
#
# Prints the libpq conninfo for TCP (host=127.0.0.1 port=... dbname=yewu
# user=yewu) on stdout and writes it to DIR/conninfo; DIR/socket-conninfo is
# the password-less socket form. PostgreSQL refuses to run as root, so as root
# the server runs as the `postgres` user (Debian's postgresql package creates
# it). Exits non-zero with the server log on stderr when the server does not
# come up.
set -euo pipefail

dir=${1:?usage: start-test-postgres.sh DIR [PORT]}
port=${2:-}
bin=${YEWU_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bin/initdb" ] || { echo "start-test-postgres: initdb not found (install postgresql)" >&2; exit 1; }
password=${YEWU_TEST_PG_PASSWORD:-yewu-test}

if [ -z "$port" ]; then
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
restart=0
[ -f "$dir/data/PG_VERSION" ] && restart=1
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_server=(runuser -u postgres --)
fi

if [ "$restart" -eq 0 ]; then
printf '%s\n' "$password" > "$dir/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pwfile"
"${as_server[@]}" "$bin/initdb" -D "$dir/data" -U yewu --pwfile="$dir/pwfile" --auth-local=trust \
  --auth-host=scram-sha-256 --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
rm -f "$dir/pwfile"
fi

# fsync off: a test cluster is thrown away, and it makes loading much faster.
if ! "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >"$dir/pg_ctl.log" 2>&1; then
  cat "$dir/pg_ctl.log" "$dir/server.log" >&2 || true
  exit 1
fi
[ "$restart" -eq 1 ] || "$bin/createdb" -h "$dir" -p "$port" -U yewu yewu

echo "host=127.0.0.1 port=$port dbname=yewu user=yewu" > "$dir/conninfo"
echo "host=$dir port=$port dbname=yewu user=yewu" > "$dir/socket-conninfo"
echo "$port" > "$dir/port"
cat "$dir/conninfo"
