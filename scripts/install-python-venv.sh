#!/usr/bin/env bash
# Creates .venv with the Python packages used to cross-check Glassbox against statsmodels and
# scikit-learn (never a runtime dependency of Glassbox).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv .venv
  fi
fi
if ! .venv/bin/python -c "import statsmodels, sklearn, pandas" 2>/dev/null; then
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
fi
