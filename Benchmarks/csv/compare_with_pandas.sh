#!/usr/bin/env bash
# Times CSVReader (release build, opt-in benchmark test) against pandas.read_csv on the same file,
# interleaved in the same minute, and prints wall and CPU (user+sys) for each run.
#
#   swift build -c release --build-tests -Xswiftc -enable-testing
#   Benchmarks/csv/compare_with_pandas.sh [FILE] [ROUNDS]
#
# The machine is shared: look at `uptime` (printed) and at CPU time, not only at wall time.
set -euo pipefail
cd "$(dirname "$0")/../.."
FILE=${1:-Benchmarks/data/numeric_1000000x30.csv}
ROUNDS=${2:-3}
PY=${PYTHON:-/tmp/pyvenv/bin/python}
BIN=.build/release/GlassboxPackageTests.xctest
cat "$FILE" > /dev/null   # warm the page cache for both readers
uptime
for r in $(seq 1 "$ROUNDS"); do
    GLASSBOX_BENCH="$FILE" /usr/bin/time -f "glassbox wall %e s, cpu user %U + sys %S s, max RSS %M KB" \
        "$BIN" --testing-library swift-testing --filter readBenchmarkFile 2>&1 | grep -E "CSVReader.read|glassbox"
    "$PY" - "$FILE" <<'PYEOF'
import resource, sys, time
import pandas
t = time.time(); c = time.process_time()
pandas.read_csv(sys.argv[1])
wall = time.time() - t; cpu = time.process_time() - c
print(f"pandas.read_csv wall {wall:.2f} s, cpu {cpu:.2f} s (read_csv only, import excluded)")
PYEOF
done
uptime
