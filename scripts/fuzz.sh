#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/build.sh: coverage + AddressSanitizer) and runs each on its
# seed corpus (issue 8). Too slow for CI, so not part of scripts/test.sh.
#
#   scripts/fuzz.sh [RUNS] [SECONDS] [TARGET...]   # defaults: 1000000 runs, 3600 s, csv formula model tree-model notebook python-literal
#
# Each target stops at RUNS inputs or SECONDS, whichever comes first, and exits non-zero on a crash,
# an ASan report or a leak (the input is then saved as Fuzz/artifacts/<target>/crash-*). The working
# corpora grow in Fuzz/corpus/<target> (not committed); seeds come from Tests/Fixtures/malformed.
# Runs under `nice`, one target after another; set FUZZ_SKIP_BUILD=1 to reuse the last build,
# FUZZ_SANITIZE=fuzzer for a faster build without ASan (Fuzz/.build-fast), FUZZ_MAX_LEN to cap input size.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
seconds=${2:-3600}
shift $(( $# < 2 ? $# : 2 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv formula model tree-model notebook python-literal)
[ "${FUZZ_SKIP_BUILD:-0}" = 1 ] || sh Fuzz/build.sh
build=Fuzz/.build
[ "${FUZZ_SANITIZE:-fuzzer,address}" = "fuzzer,address" ] || build=Fuzz/.build-fast
for t in "${targets[@]}"; do
  corpus=Fuzz/corpus/$t
  mkdir -p "$corpus" "Fuzz/artifacts/$t"
  case "$t" in
    csv) cp -n Tests/Fixtures/malformed/*.csv "$corpus"/; maxlen=16384 ;;
    # Seeds of every kind: the corpus's logistic files and small uplift (two-model, x-learner) and lookalike
    # (pu, similarity, logistic) files in Fuzz/seeds/.
    model) cp -n Tests/Fixtures/malformed/model*.json Fuzz/seeds/model-*.json "$corpus"/; maxlen=8192 ;;
    # XGBoost JSON and UBJSON (a two-tree model with a categorical split, and the reference model).
    tree-model) cp -n Fuzz/seeds/xgb-small.* Tests/Fixtures/reference/xgboost/reg-logistic.* "$corpus"/; maxlen=16384 ;;
    formula)
      [ -e "$corpus/seed" ] || printf 'y ~ C(b, ref="y") + a:c + I(a^2)' > "$corpus/seed"
      [ -e "$corpus/seed2" ] || printf 'y ~ a*b - 1 + np.log(c) + C(b, Treatment("x"))' > "$corpus/seed2"
      maxlen=256 ;;
    notebook)
      # Texts a hostile file controls, cut at NUL: title, column names, levels, data path, SHA-256 field.
      [ -e "$corpus/seed" ] || printf 'turnout\0age\0race\0Black\0White\0../data/v.csv\0county\0abc' > "$corpus/seed"
      [ -e "$corpus/seed2" ] || printf '"""\\\0x")\nimport os#\0\x27\0\r\n\0\xe2\x80\xa8\0/tmp/a b\0__import__\0\\' > "$corpus/seed2"
      maxlen=512 ;;
    python-literal)
      [ -e "$corpus/seed" ] || printf '"""\\\nimport os\r\xe2\x80\xa8\x00\xff' > "$corpus/seed"
      maxlen=1024 ;;
    *) echo "unknown target '$t' (csv, formula, model, tree-model, notebook, python-literal)" >&2; exit 64 ;;
  esac
  echo "== fuzz-$t: up to $runs runs or $seconds s"
  start=$(date +%s)
  maxlen=${FUZZ_MAX_LEN:-$maxlen}
  nice -n 10 "$build/fuzz-$t" "$corpus" -runs="$runs" -max_total_time="$seconds" -max_len="$maxlen" \
    -artifact_prefix="Fuzz/artifacts/$t/" -print_final_stats=1
  echo "== fuzz-$t finished in $(( $(date +%s) - start )) s"
done
