#!/usr/bin/env bash
# Installs the Debian packages yewu builds, tests and benchmarks with.
# Idempotent: does nothing when every package is already installed, and runs
# `apt-get update` only when something is missing. Debian packages only.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libxlsxwriter-dev libpodofo-dev libpoco-dev libboost-program-options-dev
  libgtest-dev libmstch-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libicu-dev libcsv-dev libhowardhinnant-date-dev libsqlite3-dev libssl-dev libfreetype-dev
  libpq-dev sqlite3 libdeflate-dev libxxhash-dev zlib1g-dev tzdata
  fonts-wqy-zenhei fonts-dejavu-core
  python3 python3-openpyxl python3-xlsxwriter python3-aiosmtpd python3-fonttools python3-reportlab
  poppler-utils qpdf
  postgresql mariadb-server mariadb-client libmariadb-dev bc
  chromium wrk openssl time
)
# The portal's browser test runs playwright-core (npm) under node: any installed node will do,
# Debian's nodejs and npm only where there is none.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
