#!/usr/bin/env bash
# Regenerates the example models in models/ from a simulated voter file (seeded, with a fixed
# SOURCE_DATE_EPOCH, so the files are byte-identical on every run with the same BLAS).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product glassbox >/dev/null
gb=.build/release/glassbox
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1798761600   # 2027-01-01T00:00:00Z
(cd "$work" && "$OLDPWD/$gb" simulate --rows 200000 --seed 2024 --out voters.csv >/dev/null)
(cd "$work" && "$OLDPWD/$gb" train logistic --data voters.csv \
  --formula 'voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female + canvassed + canvassed:voted_2022' \
  --robust hc1 --out turnout.json >/dev/null)
cp "$work/turnout.json" models/turnout-simulated.json
"$gb" inspect models/turnout-simulated.json --format markdown > models/turnout-simulated.summary.md
echo "wrote models/turnout-simulated.json and models/turnout-simulated.summary.md"
