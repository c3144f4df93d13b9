#!/usr/bin/env bash
# One command from a fresh Debian machine to the full test suite: installs what it needs, builds,
# runs the Swift tests with the run-time BLAS (OpenBLAS), runs the numeric suites again on the
# reference (netlib) BLAS/LAPACK, then proves the stored statsmodels/scikit-learn fixtures come from
# the committed Python script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh --with-browser
bash scripts/install-python-venv.sh
export GLASSBOX_PYTHON="$PWD/.venv/bin/python"   # the notebook test runs exported notebooks with it
swift build --build-tests
echo "== Swift tests (BLAS: run-time default)"
swift test --skip-build
netlib=/usr/lib/x86_64-linux-gnu
if [ -e "$netlib/blas/libblas.so.3" ] && [ -e "$netlib/lapack/liblapack.so.3" ]; then
  echo "== numeric suites again on the reference BLAS/LAPACK"
  LD_LIBRARY_PATH="$netlib/blas:$netlib/lapack" swift test --skip-build --filter "LinearAlgebraTests|ModelsTests"
fi
echo "== reference fixtures re-derived with statsmodels / scikit-learn"
.venv/bin/python Tests/Reference/make_logistic_reference.py --check
.venv/bin/python Tests/Reference/make_explain_reference.py --check
.venv/bin/python Tests/Reference/make_audit_reference.py --check
.venv/bin/python Tests/Reference/make_uplift_reference.py --check
