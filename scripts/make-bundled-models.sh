#!/usr/bin/env bash
# Regenerates the example models in models/ with the glassbox CLI only, seeded and with a fixed
# SOURCE_DATE_EPOCH, so the files are byte-identical on every run with the same BLAS library (the last
# bits of fitted numbers differ between OpenBLAS and netlib: commit models made with OpenBLAS).
#
#   scripts/make-bundled-models.sh          (GLASSBOX=path selects the binary; default: release build)
#   scripts/make-bundled-models.sh --keep-models   (re-derive only the audits, evaluations and summaries
#                                                   from the committed models: nothing is retrained)
#
# For each model it writes models/NAME.json, NAME.summary.md (`glassbox inspect --format markdown`,
# where inspect reads that kind of model) and NAME.audit.md / NAME.evaluation.json (the audit or
# evaluation the model card quotes). The cards (NAME.md) are prose around figures copied from those
# files; update their numbers when the files change.
#
# Data (never committed):
#   - the social-pressure experiment, ../shared/data/social-pressure.csv from the repository root
#     (Gerber, Green & Larimer 2008; its SHA-256 is in each model's manifest); those models are
#     skipped with a message when it is absent;
#   - the simulated voter file, recreated byte-identically by
#       glassbox simulate --rows 50000 --seed 2024 --out simulated-voters.csv
#     (also what scripts/make-notebooks.sh writes to notebooks-export/simulated-voters.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [ -z "${GLASSBOX:-}" ]; then
  swift build -c release --product glassbox >/dev/null
  GLASSBOX=$root/.build/release/glassbox
fi
gb=$(cd "$(dirname "$GLASSBOX")" && pwd)/$(basename "$GLASSBOX")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1798761600   # 2027-01-01T00:00:00Z
export OPENBLAS_NUM_THREADS=1
m=$root/models
retrain=yes
[ "${1:-}" = "--keep-models" ] && retrain=no

# fit NAME COMMAND...: trains NAME.json in the current directory, or copies the committed one (--keep-models).
fit() {
  local name=$1
  shift
  if [ "$retrain" = yes ]; then "$gb" "$@" >/dev/null; else cp "$m/$name.json" "$name.json"; fi
}

# install FILE NAME: moves a fresh output into models/ (the CLI refuses to overwrite without --force).
keep() { mv -f "$1" "$m/$2"; echo "wrote models/$2"; }

# --- simulated voter file: turnout, support, lookalike -------------------------------------------
cd "$work"
"$gb" simulate --rows 50000 --seed 2024 --out simulated-voters.csv >/dev/null
sim=simulated-voters.csv

fit turnout-simulated train logistic --data "$sim" \
  --formula 'voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female + canvassed + canvassed:voted_2022' \
  --robust hc1 --out turnout-simulated.json
"$gb" audit --model turnout-simulated.json --data "$sim" --outcome voted_2024 --group race --top 0.5 \
  --bootstrap 1000 --seed 7 --format markdown --out turnout-simulated.audit.md
keep turnout-simulated.json turnout-simulated.json
keep turnout-simulated.audit.md turnout-simulated.audit.md

# Support: the simulated file has no poll of candidate support, so the score models Democratic party
# registration (vendors' partisanship scores are trained on it where states record party). County
# stands in for race, as in vendors' geographic features; the explanation's proxy check shows it.
fit support-simulated train logistic --data "$sim" \
  --formula 'I((party == "DEM") * 1) ~ I((age - 50)/10) + female + log(income) + county' \
  --robust hc1 --out support-simulated.json
"$gb" explain support-simulated.json --data "$sim" --repeats 3 --seed 7 --protected race --pd age \
  --format markdown --out support-simulated.audit.md
keep support-simulated.json support-simulated.json
keep support-simulated.audit.md support-simulated.audit.md

# Lookalike: expand the donor list (about 3 % of voters) with the naive-PU logistic baseline; `pu`
# cannot identify c here because every donor is listed (the label frequency runs to its bound 1).
fit lookalike-simulated train lookalike --data "$sim" --formula '~ log(income) + I((age - 50)/10) + party + county' \
  --seed donor --method logistic --random-seed 7 --out lookalike-simulated.json
"$gb" evaluate lookalike lookalike-simulated.json --data "$sim" --group race --size 0.1 --random-seed 7 \
  --bootstrap 1000 --out lookalike-simulated.evaluation.json
keep lookalike-simulated.json lookalike-simulated.json
keep lookalike-simulated.evaluation.json lookalike-simulated.evaluation.json

# XGBoost turnout: a vendor's turnout score as gradient-boosted trees, trained by
# scripts/train-bundled-xgboost.py (xgboost, seeded, nthread=1; PYTHON selects the interpreter, default
# .venv/bin/python) and committed as the original (.ubj) beside its import, which its notebook re-checks.
# --keep-models imports the committed original again. The import runs in models/ so its manifest records
# the original's name only.
if [ "$retrain" = yes ]; then
  GLASSBOX="$gb" "${PYTHON:-$root/.venv/bin/python}" "$root/scripts/train-bundled-xgboost.py" --out "$m/xgboost-turnout-simulated.ubj"
fi
(cd "$m" && "$gb" import xgboost xgboost-turnout-simulated.ubj --outcome voted_2024 --out xgboost-turnout-simulated.json --force >/dev/null)
echo "wrote models/xgboost-turnout-simulated.json"
cp "$m/xgboost-turnout-simulated.json" xgboost-turnout-simulated.json
"$gb" audit --model xgboost-turnout-simulated.json --data "$sim" --outcome voted_2024 --group race --top 0.5 \
  --bootstrap 1000 --seed 7 --format markdown --out xgboost-turnout-simulated.audit.md
keep xgboost-turnout-simulated.audit.md xgboost-turnout-simulated.audit.md

# --- social-pressure experiment: turnout, persuasion ---------------------------------------------
# Run beside a link to the shared data so the manifests record ../shared/data/social-pressure.csv (the
# path from the repository root) and no temporary path.
social=../shared/data/social-pressure.csv
if [ -f "$root/$social" ]; then
  mkdir -p "$work/sp" && ln -sfn "$(cd "$root/../shared" && pwd)" "$work/shared"
  cd "$work/sp"
  fit turnout-social-pressure train logistic --data "$social" \
    --formula 'primary2006 ~ C(messages, ref="Control") + primary2004 + I(2006 - yearofbirth) + sex + hhsize' \
    --robust hc1 --out turnout-social-pressure.json
  "$gb" audit --model turnout-social-pressure.json --data "$social" --outcome primary2006 --group sex \
    --top 0.3 --bootstrap 1000 --seed 7 --format markdown --out turnout-social-pressure.audit.md
  keep turnout-social-pressure.json turnout-social-pressure.json
  keep turnout-social-pressure.audit.md turnout-social-pressure.audit.md

  fit persuasion-social-pressure train uplift --data "$social" --formula 'primary2006 ~ primary2004 + I(2006 - yearofbirth) + sex + hhsize' \
    --treatment messages --treated Neighbors --control Control --learner two-model \
    --out persuasion-social-pressure.json
  "$gb" audit --model persuasion-social-pressure.json --data "$social" --treatment messages \
    --treated Neighbors --control Control --outcome primary2006 --group sex --group primary2004 --top 0.3 \
    --seed 7 --format markdown --out persuasion-social-pressure.audit.md
  "$gb" evaluate uplift persuasion-social-pressure.json --data "$social" --seed 7 --format markdown \
    --out persuasion-social-pressure.evaluation.md
  keep persuasion-social-pressure.json persuasion-social-pressure.json
  keep persuasion-social-pressure.audit.md persuasion-social-pressure.audit.md
  keep persuasion-social-pressure.evaluation.md persuasion-social-pressure.evaluation.md
  cd "$root"
else
  echo "skipped the social-pressure models: $social is absent" >&2
fi

# --- summaries of every model that inspect reads -------------------------------------------------
for model in models/*.json; do
  case "$model" in *.evaluation.json) continue ;; esac
  name=$(basename "$model" .json)
  if "$gb" inspect "$model" --format markdown > "$work/$name.summary.md" 2>"$work/inspect.err"; then
    keep "$work/$name.summary.md" "$name.summary.md"
  else
    echo "no summary for $name: $(cat "$work/inspect.err")" >&2
  fi
done
