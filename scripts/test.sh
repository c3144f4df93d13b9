#!/usr/bin/env bash
# One command from a fresh Debian machine to the full test suite: installs what it needs, builds,
# runs the Swift tests, then proves the stored reference fixtures come from the committed Python script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh
bash scripts/install-python-venv.sh
swift build --build-tests
swift test --skip-build
.venv/bin/python Tests/Reference/make_logistic_reference.py --check
