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
if ! .venv/bin/python -c "import statsmodels, sklearn, pandas, fairlearn, sklift, seaborn, altair, nbclient, nbformat, ipykernel, pyreadstat, xgboost, lightgbm, sklearn2pmml" 2>/dev/null; then
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
fi
# Aequitas declares pandas<3 but works with the pinned pandas for what the audit fixtures use, so it is
# installed without its dependencies (see requirements-dev.txt).
if ! .venv/bin/python -c "import aequitas" 2>/dev/null; then
  .venv/bin/pip install -q --disable-pip-version-check --no-deps aequitas==1.1.0 || echo "note: aequitas not installed; audit fixture check covers fairlearn only"
fi
