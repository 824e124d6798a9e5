#!/usr/bin/env bash
# Starts a private, throw-away MariaDB server for tests: a fresh data directory
# (mariadb-install-db) in DIR, listening on 127.0.0.1:PORT and on DIR/mysql.sock,
# with database `yewu` and user `yewu`@127.0.0.1 (password from
# YEWU_TEST_MYSQL_PASSWORD, default "yewu-test").
#
#   scripts/start-test-mariadb.sh DIR [PORT]    # PORT: a free one when omitted
#   scripts/stop-test-mariadb.sh DIR
#
# Prints the Poco MySQL connection string (host=127.0.0.1;port=...;db=yewu;user=yewu)
# on stdout and writes it to DIR/connection. As root the server runs as the
# `mysql` user (Debian's mariadb-server package creates it). Exits non-zero with
# the server log on stderr when the server does not come up.
set -euo pipefail

dir=${1:?usage: start-test-mariadb.sh DIR [PORT]}
port=${2:-}
password=${YEWU_TEST_MYSQL_PASSWORD:-yewu-test}
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] ||
  { echo "start-test-mariadb: mariadbd not found (install mariadb-server)" >&2; exit 1; }
server=$(command -v mariadbd || echo /usr/sbin/mariadbd)

if [ -z "$port" ]; then
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
user_opt=()
if [ "$(id -u)" -eq 0 ]; then
  chown mysql: "$dir"
  user_opt=(--user=mysql)
fi

mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$dir/data" --auth-root-authentication-method=normal \
  --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }

"$server" --no-defaults "${user_opt[@]}" --datadir="$dir/data" --socket="$dir/mysql.sock" --port="$port" \
  --bind-address=127.0.0.1 --pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" --skip-name-resolve \
  --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --local-infile=1 >/dev/null 2>&1 &

for _ in $(seq 1 120); do
  if mariadb-admin --no-defaults --socket="$dir/mysql.sock" -uroot ping >/dev/null 2>&1; then break; fi
  sleep 0.5
done
if ! mariadb-admin --no-defaults --socket="$dir/mysql.sock" -uroot ping >/dev/null 2>&1; then
  echo "start-test-mariadb: the server did not come up" >&2
  cat "$dir/error.log" >&2 || true
  exit 1
fi

mariadb --no-defaults --socket="$dir/mysql.sock" -uroot <<SQL
CREATE DATABASE yewu CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER 'yewu'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER 'yewu'@'localhost' IDENTIFIED BY '$password';
GRANT ALL ON yewu.* TO 'yewu'@'127.0.0.1';
GRANT ALL ON yewu.* TO 'yewu'@'localhost';
SQL

echo "host=127.0.0.1;port=$port;db=yewu;user=yewu" > "$dir/connection"
echo "$port" > "$dir/port"
cat "$dir/connection"
