#!/usr/bin/env bash
# One command from a fresh Debian machine to the full test suite: installs what it needs, builds,
# runs the Swift tests with the run-time BLAS (OpenBLAS), runs the numeric suites again on the
# reference (netlib) BLAS/LAPACK, then proves the stored statsmodels/scikit-learn fixtures come from
# the committed Python script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh --for-tests
bash scripts/install-python-venv.sh
export GLASSBOX_PYTHON="$PWD/.venv/bin/python"   # the notebook test runs exported notebooks with it
swift build --build-tests
echo "== Swift tests (BLAS: run-time default)"
swift test --skip-build
# Same numbers on every machine: the numeric suites, the explain suites, the golden reports and the check
# that the exported notebooks are current run again under three OpenBLAS kernels (the CPU picks one; CI
# may run on another CPU) and on the reference netlib BLAS/LAPACK. The notebook check regenerates the
# notebooks with the release binary, which makes the four extra runs cheap (docs/reproducibility.md says
# what may differ and by how much).
swift build -c release --product glassbox
cross="GlassboxLinearAlgebraTests|GlassboxModelsTests|GlassboxExplainTests|BundledArtifactsTests|GoldenReportTests"
# Not re-run per kernel (they run once above), as their numbers cannot depend on BLAS/LAPACK: GlassboxMetricsTests
# (GlassboxMetrics does not link BLAS; Package.swift: it depends on GlassboxCore only) and the tree suites, which exercise only tree walking,
# TreeSHAP and tree permutation (Sources/GlassboxModels/Trees, Sources/GlassboxExplain/TreeSHAP and
# TreePathPermutation*/TreeFeaturePermutation, none of which imports GlassboxLinearAlgebra). Tree suites that
# also fit a linear surrogate or detect proxies (TreeModelExplainerTests) stay in. Benchmarks/README.md has figures.
treeOnly='GlassboxExplainTests\.(TreeSHAPTests|TreeSHAPShapReferenceTests|TreeSHAPSurrogateTests|TreeSHAPSurrogateBudgetTests|TreePathPermutationTests|TreePathPermutationThresholdTests|TreeLeafSetTests|TreeSurrogateSplitExplainerTests)/'
for core in Prescott Haswell SkylakeX; do
  echo "== numeric, explain and notebook-currency suites with OPENBLAS_CORETYPE=$core"
  OPENBLAS_CORETYPE=$core GLASSBOX_BIN="$PWD/.build/release/glassbox" swift test --skip-build --filter "$cross" --skip "$treeOnly"
done
netlib=/usr/lib/x86_64-linux-gnu
if [ -e "$netlib/blas/libblas.so.3" ] && [ -e "$netlib/lapack/liblapack.so.3" ]; then
  echo "== numeric, explain and notebook-currency suites on the reference BLAS/LAPACK"
  LD_LIBRARY_PATH="$netlib/blas:$netlib/lapack" GLASSBOX_BIN="$PWD/.build/release/glassbox" swift test --skip-build --filter "$cross" --skip "$treeOnly"
fi
echo "== reference fixtures re-derived with statsmodels / scikit-learn"
.venv/bin/python Tests/Reference/make_logistic_reference.py --check
.venv/bin/python Tests/Reference/make_explain_reference.py --check
.venv/bin/python Tests/Reference/make_audit_reference.py --check
.venv/bin/python Tests/Reference/make_exact_sum_reference.py --check
.venv/bin/python Tests/Reference/make_audit_exact_sum_reference.py --check
.venv/bin/python Tests/Reference/make_uplift_reference.py --check
.venv/bin/python Tests/Fixtures/statfiles/make_statfiles.py --check
.venv/bin/python Tests/Reference/make_treeshap_reference.py --check
.venv/bin/python Tests/Reference/make_treeshap_shap_reference.py --check
.venv/bin/python Tests/Reference/make_xgboost_reference.py --check
.venv/bin/python Tests/Reference/make_xgboost_turnout.py --check
.venv/bin/python scripts/train-bundled-xgboost.py --check
.venv/bin/python Tests/Reference/make_lightgbm_reference.py --check
.venv/bin/python Tests/Reference/make_pmml_reference.py --check
.venv/bin/python Tests/Reference/make_r_pmml_reference.py --check
