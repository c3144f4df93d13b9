#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/build.sh: coverage + AddressSanitizer) and runs each on its
# seed corpus (issue 8). Too slow for CI, so not part of scripts/test.sh.
#
#   scripts/fuzz.sh [RUNS] [SECONDS] [TARGET...]   # defaults: 1000000 runs, 3600 s, csv formula model
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
[ ${#targets[@]} -gt 0 ] || targets=(csv formula model)
[ "${FUZZ_SKIP_BUILD:-0}" = 1 ] || sh Fuzz/build.sh
build=Fuzz/.build
[ "${FUZZ_SANITIZE:-fuzzer,address}" = "fuzzer,address" ] || build=Fuzz/.build-fast
for t in "${targets[@]}"; do
  corpus=Fuzz/corpus/$t
  mkdir -p "$corpus" "Fuzz/artifacts/$t"
  case "$t" in
    csv) cp -n Tests/Fixtures/malformed/*.csv "$corpus"/; maxlen=16384 ;;
    model) cp -n Tests/Fixtures/malformed/model*.json "$corpus"/; maxlen=8192 ;;
    formula)
      [ -e "$corpus/seed" ] || printf 'y ~ C(b, ref="y") + a:c + I(a^2)' > "$corpus/seed"
      [ -e "$corpus/seed2" ] || printf 'y ~ a*b - 1 + np.log(c) + C(b, Treatment("x"))' > "$corpus/seed2"
      maxlen=256 ;;
    *) echo "unknown target '$t' (csv, formula, model)" >&2; exit 64 ;;
  esac
  echo "== fuzz-$t: up to $runs runs or $seconds s"
  start=$(date +%s)
  maxlen=${FUZZ_MAX_LEN:-$maxlen}
  nice -n 10 "$build/fuzz-$t" "$corpus" -runs="$runs" -max_total_time="$seconds" -max_len="$maxlen" \
    -artifact_prefix="Fuzz/artifacts/$t/" -print_final_stats=1
  echo "== fuzz-$t finished in $(( $(date +%s) - start )) s"
done
