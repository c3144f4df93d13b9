#!/usr/bin/env bash
# One command from a fresh Debian machine to the demo: installs what it needs, builds, runs `glassbox demo`.
# Extra arguments go to `glassbox demo` (e.g. --out demo-output --rows 500000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh
swift build -c release --product glassbox
exec .build/release/glassbox demo "$@"
