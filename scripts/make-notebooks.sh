#!/usr/bin/env bash
# Regenerates notebooks-export/: one `glassbox report --format ipynb` notebook per bundled model in
# models/, made from the committed model files (nothing is retrained, so the notebooks do not depend on
# the BLAS library the models were fitted with) with SOURCE_DATE_EPOCH and seeds fixed.
#
#   scripts/make-notebooks.sh [--out DIR] [NAME ...]
#
# NAME is a notebook's base name (default: all); --out writes the notebooks to DIR instead of
# notebooks-export/ (BundledArtifactsTests compares such a fresh copy with the committed one byte for
# byte). GLASSBOX=path selects the binary (default: a release build made here).
#
# Paths are chosen so the notebooks find their data when run from notebooks-export/ (Jupyter's default
# working directory for a notebook): every command runs in notebooks-export/ with relative paths, and
# those paths are what the notebooks (and the reports' manifests) record:
#   - the social-pressure experiment: ../../shared/data/social-pressure.csv (the project's shared/
#     folder beside the repository); those notebooks are skipped, with a message, when it is absent;
#   - the simulated voter file: notebooks-export/simulated-voters.csv, recreated byte-identically by
#       glassbox simulate --rows 50000 --seed 2024 --out notebooks-export/simulated-voters.csv
#     (this script does it on every run; the file is not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=notebooks-export
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) names+=("$1"); shift ;;
  esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -z "${GLASSBOX:-}" ]; then
  swift build -c release --product glassbox >/dev/null
  GLASSBOX=$root/.build/release/glassbox
fi
gb=$(cd "$(dirname "$GLASSBOX")" && pwd)/$(basename "$GLASSBOX")
export SOURCE_DATE_EPOCH=1798761600   # 2027-01-01T00:00:00Z
export OPENBLAS_NUM_THREADS=1

social=../../shared/data/social-pressure.csv        # relative to notebooks-export/
simulated=simulated-voters.csv                      # relative to notebooks-export/
simulated_rows=50000
simulated_seed=2024

cd "$root/notebooks-export"

wanted() {
  [ ${#names[@]} -eq 0 ] && return 0
  local n
  for n in "${names[@]}"; do [ "$n" = "$1" ] && return 0; done
  return 1
}

# report NAME DATA ARGS...: writes $out/NAME.ipynb from `glassbox report ARGS --data DATA --format ipynb`.
# The notebook goes to standard output (so no scratch path enters the manifest's command line) and is
# moved into place only when the command succeeds; any refusal stops the script with the CLI's message.
made=0
simulated_fresh=no
known=()
report() {
  local name=$1 data=$2
  shift 2
  known+=("$name")
  wanted "$name" || return 0
  # The simulated file is recreated (about a second) before its first use in every run, so a stale or
  # edited copy can never slip into a notebook.
  if [ "$data" = "$simulated" ] && [ "$simulated_fresh" = no ]; then
    "$gb" simulate --rows "$simulated_rows" --seed "$simulated_seed" --out "$simulated" --force >/dev/null
    simulated_fresh=yes
  fi
  if [ ! -f "$data" ]; then
    echo "skipped $name: $data (relative to notebooks-export/) is absent" >&2
    return 0
  fi
  local tmp
  tmp=$(mktemp "$out/.$name.XXXXXX")
  if ! "$gb" report "$@" --data "$data" --format ipynb > "$tmp"; then
    rm -f "$tmp"
    echo "error: 'glassbox report $* --data $data --format ipynb' failed for $name (see above)" >&2
    exit 1
  fi
  chmod 644 "$tmp"
  mv "$tmp" "$out/$name.ipynb"
  echo "wrote $out/$name.ipynb"
  made=$((made + 1))
}

report turnout-social-pressure "$social" ../models/turnout-social-pressure.json \
  --group sex --top 0.3 --repeats 3 --bootstrap 200 --seed 7
report turnout-simulated "$simulated" ../models/turnout-simulated.json \
  --group race --top 0.5 --repeats 3 --bootstrap 200 --seed 7 --pd age --protected race --ice 10
# No group audit for support: its outcome is a formula expression (Democratic registration), and the
# audit needs a 0/1 column of the data; the proxy check by race is the audit-like part.
report support-simulated "$simulated" ../models/support-simulated.json \
  --repeats 3 --seed 7 --pd age --protected race --ice 10
# Uplift and lookalike models in `glassbox report` (the CLI refuses them until that lands; the script
# then stops with its message rather than leave a stale or missing notebook unnoticed).
report persuasion-social-pressure "$social" ../models/persuasion-social-pressure.json \
  --group sex --top 0.3 --seed 7
report lookalike-simulated "$simulated" ../models/lookalike-simulated.json \
  --group race --size 0.1 --seed 7
# The imported XGBoost model: the notebook re-checks its original (../models/xgboost-turnout-simulated.ubj)
# with xgboost when installed.
report xgboost-turnout-simulated "$simulated" ../models/xgboost-turnout-simulated.json \
  --group race --top 0.5 --repeats 3 --bootstrap 200 --seed 7 --protected race

for n in "${names[@]}"; do
  case " ${known[*]} " in *" $n "*) ;; *) echo "error: no notebook named '$n' (known: ${known[*]})" >&2; exit 1 ;; esac
done
[ "$made" -gt 0 ] || echo "no notebook written" >&2
