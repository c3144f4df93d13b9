#!/usr/bin/env bash
# Builds and runs the whole test suite under a sanitizer (issue 8). Too slow for CI (~10 min build
# and a long run on 2 cores), so it is not part of scripts/test.sh.
#
#   scripts/sanitizers.sh asan [swift test arguments...]   # AddressSanitizer (+ LeakSanitizer)
#   scripts/sanitizers.sh tsan [swift test arguments...]   # ThreadSanitizer
#
# Each sanitizer builds into its own scratch path (.build-asan, .build-tsan), so the normal .build
# stays intact. The CLI tests run the `glassbox` binary next to the test bundle, i.e. the sanitized
# one in .build-<san>/debug; GLASSBOX_BIN is set to it explicitly so no unsanitized binary is used.
# Extra arguments go to `swift test`, e.g. `--filter GlassboxTabularTests`.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-}
shift || true
case "$kind" in
  asan) sanitizer=address; scratch=.build-asan ;;
  tsan) sanitizer=thread; scratch=.build-tsan ;;
  *) echo "usage: $0 asan|tsan [swift test arguments...]" >&2; exit 64 ;;
esac
swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
bin="$(swift build --sanitize="$sanitizer" --scratch-path "$scratch" --show-bin-path)/glassbox"
export GLASSBOX_BIN="$bin"
# Tests that cannot run under a sanitizer (ulimit -v: the shadow memory needs terabytes of address space) skip.
export GLASSBOX_SANITIZER="$kind"
# The report/notebook tests need a Python with pandas/statsmodels; use the project venv if present.
if [ -z "${GLASSBOX_PYTHON:-}" ] && [ -x .venv/bin/python ]; then export GLASSBOX_PYTHON="$PWD/.venv/bin/python"; fi
# LeakSanitizer: the only leak report is 2 objects (144 bytes) allocated by XCTest's own harness
# (XCTSuiteRun, XCTMainMisc), not by Glassbox (docs/hardening.md §6), so leak checking is off by
# default; run with ASAN_OPTIONS=detect_leaks=1 to see it.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
# TSan reports every race and exits 66 at the end if there was one; Fuzz/tsan.supp may list only
# third-party/runtime reports (each with its reason).
export TSAN_OPTIONS="${TSAN_OPTIONS:-second_deadlock_stack=1 suppressions=$PWD/Fuzz/tsan.supp}"
echo "== swift test --sanitize=$sanitizer (binary under test: $GLASSBOX_BIN)"
start=$(date +%s)
swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "$@"
echo "== passed under $sanitizer in $(( $(date +%s) - start )) s"
