#!/usr/bin/env bash
# portal_browser (ctest): the real `yewu serve` and Debian's headless chromium.
#   run.sh YEWU_BINARY WORK_DIR
# Installs playwright-core with `npm ci` from package-lock.json into WORK_DIR
# (never into the source tree; no browser download), makes demo data and the
# receivables workbook, adds a finance user, starts the portal on a free
# loopback port, and runs portal_download.cjs. Screenshots and the downloaded
# file stay in WORK_DIR/artifacts. Exits non-zero on any failure, including a
# missing or unstartable chromium.
set -euo pipefail
yewu=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
work=$(cd "$work" && pwd)

[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium is missing (bash scripts/install-deps.sh)" >&2; exit 1; }
command -v node >/dev/null || { echo "FAIL: node is missing (bash scripts/install-deps.sh)" >&2; exit 1; }

if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules/playwright-core" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$here/portal_download.cjs" "$work/"

out="$work/out"
rm -rf "$out" "$work/artifacts"
mkdir -p "$out" "$work/artifacts"
"$yewu" generate --db "$out/demo.db" --scale 0.01 --seed 3 --end 2026-10 >/dev/null 2>&1
"$yewu" run receivables --as-of 2026-10-31 --source "sqlite:$out/demo.db" --out "$out" >/dev/null 2>&1
password="browser-$RANDOM-$RANDOM"
YEWU_NEW_PASSWORD="$password" "$yewu" user add finance1 --role finance --out "$out"

"$yewu" serve --out "$out" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" || true)
  [ -n "$url" ] && break
  kill -0 $server 2>/dev/null || { cat "$work/serve.log" >&2; echo "FAIL: yewu serve exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.log" >&2; echo "FAIL: yewu serve did not start" >&2; exit 1; }

(cd "$work" && timeout 240 node portal_download.cjs "$url" finance1 "$password" \
  "$out/receivables/2026-10-31/manifest.json" "$work/artifacts")

kill $server
wait $server || true
trap - EXIT
# The download is in the audit trail, with who and from where.
"$yewu" history --downloads --out "$out" | tee "$work/artifacts/downloads.txt"
grep -q "download .*finance1 from 127.0.0.1  200  receivables/2026-10-31/receivables-2026-10-31.xlsx" \
  "$work/artifacts/downloads.txt" || { echo "FAIL: the download is not in 'yewu history --downloads'" >&2; exit 1; }
echo "portal_browser: 1 passed, 0 failed"
