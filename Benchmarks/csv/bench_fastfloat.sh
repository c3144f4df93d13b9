#!/usr/bin/env bash
# Times the number parser alone (Benchmarks/csv/fastfloat/main.swift) on a numeric CSV, one thread,
# CPU time: compiles Sources/GlassboxTabular/FastFloat*.swift with the driver in a few seconds.
#
#   Benchmarks/csv/bench_fastfloat.sh [FILE] [RUNS]
#
# Compare a change by running this before and after it: the checksum (of every double's bits) must
# stay the same, and the CPU time is steadier than wall time on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
FILE=${1:-Benchmarks/data/bench-1m-30.csv}
RUNS=${2:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
swiftc -O -wmo -module-name FastFloatBench Benchmarks/csv/fastfloat/main.swift Sources/GlassboxTabular/FastFloat*.swift \
    -o "$OUT/fastfloat-bench"
for _ in $(seq 1 "$RUNS"); do "$OUT/fastfloat-bench" "$FILE"; done
