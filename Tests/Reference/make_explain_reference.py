#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/explain.json (and the data Tests/Fixtures/explain-data.csv):
scikit-learn reference results for `glassbox explain`.

The model is fixed: a logistic model `y ~ x1 + x2 + C(g) + x1:x2` with the coefficients stored in the
fixture (fitted once with statsmodels). A small scikit-learn-compatible classifier (`FormulaLogit`)
applies that formula's design to raw columns [x1, x2, g-code, x3], so scikit-learn's
`permutation_importance` permutes *source columns* (an interaction moves with its columns) exactly as
Glassbox's default does, and `partial_dependence(method="brute")` varies a source column.

Permutation importance is random in both programs (different generators), so the Swift test compares
means within sampling error; partial dependence is deterministic and must agree to ~1e-12.

Usage:
  python Tests/Reference/make_explain_reference.py            # (re)write the fixture and the data
  python Tests/Reference/make_explain_reference.py --check    # recompute; exit 1 if anything differs
Environment: GLASSBOX_DATA_DIR (default ../shared/data) may hold social-pressure.csv; that case is
skipped (and kept as stored under --check) when it is absent.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
import statsmodels.api as sm
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.inspection import partial_dependence, permutation_importance

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "Tests" / "Fixtures" / "explain-data.csv"
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "explain.json"
DATA_DIR = Path(os.environ.get("GLASSBOX_DATA_DIR", ROOT.parent / "shared" / "data"))
LEVELS = ["a", "b", "c"]
TERMS = ["(Intercept)", "x1", "x2", "g[b]", "g[c]", "x3", "x1:x2"]
REPEATS = 30


def make_data() -> pd.DataFrame:
    rng = np.random.default_rng(20240501)
    n = 4000
    x1, x2, x3 = rng.normal(size=n), rng.normal(size=n), rng.normal(size=n)
    g = rng.integers(0, 3, size=n)
    eta = -0.2 + 1.2 * x1 - 0.7 * x2 + np.array([0.0, 0.9, -0.5])[g] + 0.2 * x3 + 0.5 * x1 * x2
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
    return pd.DataFrame({"y": y, "x1": np.round(x1, 6), "x2": np.round(x2, 6), "g": [LEVELS[k] for k in g],
                         "x3": np.round(x3, 6)})


def design(raw: np.ndarray) -> np.ndarray:
    x1, x2, code, x3 = raw[:, 0], raw[:, 1], raw[:, 2], raw[:, 3]
    return np.column_stack([np.ones(len(raw)), x1, x2, (code == 1).astype(float), (code == 2).astype(float), x3, x1 * x2])


class FormulaLogit(ClassifierMixin, BaseEstimator):
    """A logistic model with fixed coefficients over the formula's design of raw columns."""

    def __init__(self, coef=None):
        self.coef = coef

    def fit(self, X, y):
        self.coef_ = np.asarray(self.coef, dtype=float)
        self.classes_ = np.array([0, 1])
        return self

    def decision_function(self, X):
        return design(np.asarray(X, dtype=float)) @ self.coef_

    def predict_proba(self, X):
        p = 1 / (1 + np.exp(-self.decision_function(X)))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def synthetic_case(frame: pd.DataFrame) -> dict:
    raw = np.column_stack([frame.x1, frame.x2, frame.g.map(LEVELS.index), frame.x3]).astype(float)
    y = frame.y.to_numpy()
    fit = sm.Logit(y, design(raw)).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
    est = FormulaLogit(coef=fit.params).fit(raw, y)
    out = {"formula": "y ~ x1 + x2 + C(g) + x1:x2 + x3", "terms": TERMS, "coefficients": fit.params.tolist(),
           "repeats": REPEATS, "features": ["x1", "x2", "g", "x3"], "importance": {}}
    for metric, scoring in [("auc", "roc_auc"), ("logloss", "neg_log_loss"), ("brier", "neg_brier_score"), ("accuracy", "accuracy")]:
        r = permutation_importance(est, raw, y, scoring=scoring, n_repeats=REPEATS, random_state=0)
        out["importance"][metric] = {"mean": r.importances_mean.tolist(), "std": r.importances_std.tolist()}
    pd_out = []
    for index, name in [(0, "x1"), (3, "x3")]:
        r = partial_dependence(est, raw, [index], grid_resolution=20, method="brute", kind="average")
        pd_out.append({"feature": name, "grid": r["grid_values"][0].tolist(), "average": r["average"][0].tolist()})
    r = partial_dependence(est, raw, [2], categorical_features=[2], method="brute", kind="average")
    pd_out.append({"feature": "g", "levels": [LEVELS[int(v)] for v in r["grid_values"][0]], "average": r["average"][0].tolist()})
    # Low-resolution feature: fewer unique values than grid points gives the unique values.
    out["partialDependence"] = pd_out
    return out


def social_pressure_case() -> dict | None:
    path = DATA_DIR / "social-pressure.csv"
    if not path.exists():
        return None
    d = pd.read_csv(path)
    d = d[d.messages.isin(["Neighbors", "Control"])]
    raw = pd.DataFrame({"neighbors": (d.messages == "Neighbors").astype(float), "primary2004": d.primary2004.astype(float),
                        "age": (2006 - d.yearofbirth).astype(float), "female": (d.sex == "female").astype(float),
                        "hhsize": d.hhsize.astype(float)}).to_numpy()
    y = d.primary2006.to_numpy()

    def sp_design(r):
        return np.column_stack([np.ones(len(r)), r[:, 0], r[:, 1], r[:, 2], r[:, 3], r[:, 4], r[:, 0] * r[:, 1]])

    fit = sm.Logit(y, sp_design(raw)).fit(method="newton", tol=1e-14, maxiter=100, disp=0)

    class SP(FormulaLogit):
        def decision_function(self, X):
            return sp_design(np.asarray(X, dtype=float)) @ self.coef_

    est = SP(coef=fit.params).fit(raw, y)
    r = permutation_importance(est, raw, y, scoring="roc_auc", n_repeats=10, random_state=0)
    return {"formula": "primary2006 ~ neighbors + primary2004 + age + female + hhsize + neighbors:primary2004",
            "features": ["neighbors", "primary2004", "age", "female", "hhsize"], "repeats": 10,
            "mean": r.importances_mean.tolist(), "std": r.importances_std.tolist()}


def build(previous: dict | None) -> tuple[pd.DataFrame, dict]:
    frame = make_data()
    sp = social_pressure_case()
    if sp is None and previous is not None:
        sp = previous.get("socialPressure")
    doc = {"generator": "Tests/Reference/make_explain_reference.py", "sklearn": sklearn.__version__,
           "synthetic": synthetic_case(frame)}
    if sp is not None:
        doc["socialPressure"] = sp
    return frame, doc


def close(a, b, tol=1e-12) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(close(a[k], b[k], tol) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return abs(a - b) <= tol * max(1.0, abs(a), abs(b))
    return a == b


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    previous = json.loads(OUT.read_text()) if OUT.exists() else None
    frame, doc = build(previous)
    csv = frame.to_csv(index=False, float_format="%.6f", lineterminator="\n")
    if args.check:
        # 1e-8, not 1e-12: scikit-learn scores with numpy's BLAS, whose kernel (the CPU's, or OPENBLAS_CORETYPE's)
        # breaks ties between identical rows differently, which moved the social-pressure importances by 1.4e-9
        # under Prescott (the same tie flips issue 13 removed from Glassbox; docs/reproducibility.md).
        ok = DATA.read_text() == csv and previous is not None and close(doc, previous, tol=1e-8)
        print("explain reference: " + ("OK" if ok else "DIFFERS"))
        return 0 if ok else 1
    DATA.write_text(csv)
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} and {DATA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
