#!/usr/bin/env bash
# Installs the Debian packages Glassbox builds against (BLAS/LAPACK, pkg-config; ReadStat for Stata/SPSS/SAS
# files, SQLite and libpq for databases) and OpenBLAS, which Debian's alternatives then use at run time (about
# 6x faster than the reference BLAS; no rebuild), once.
set -euo pipefail
needed=()
packages=(liblapack-dev libblas-dev libopenblas0-pthread pkg-config libreadstat-dev libsqlite3-dev libpq-dev)
# --for-tests: headless Chromium, which the test suite uses to screenshot a rendered HTML report, and the
# PostgreSQL server the database tests start on a temporary data directory, and Java for the local Spark of
# the Spark integration test (integrations/spark).
[ "${1:-}" = "--for-tests" ] && packages+=(chromium postgresql openjdk-17-jre-headless)
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || needed+=("$pkg")
done
if [ "${#needed[@]}" -gt 0 ]; then
  echo "installing: ${needed[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${needed[@]}" >/dev/null
fi
