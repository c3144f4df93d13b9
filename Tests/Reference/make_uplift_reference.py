#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/uplift-metrics.json and uplift-two-model.json: scikit-uplift and
statsmodels reference results for Glassbox's uplift metrics and learners.

uplift-metrics.json: for several (outcome, treatment, predicted uplift) sets, including heavy ties
and unequal arms, the outputs of scikit-uplift 0.5.1's qini_curve, uplift_curve, perfect_qini_curve,
perfect_uplift_curve, qini_auc_score (negative_effect True and False), uplift_auc_score and
uplift_at_k (both strategies, fractional and integer k) and uplift_by_percentile (std=True; 10 bins, or 3
for the 8-row case; both strategies).

uplift-two-model.json: a synthetic experiment (numeric, binary and categorical predictors, unequal
arms) and the two-model learner's predictions computed with two statsmodels Logit fits (treated rows,
control rows) on the patsy design of `y ~ x1 + x2 + C(g)`: p_treated, p_control, uplift per row.

Usage:
  python Tests/Reference/make_uplift_reference.py            # (re)write the fixtures
  python Tests/Reference/make_uplift_reference.py --check    # recompute; exit 1 if any number
                                                             # differs by more than 1e-12 relative
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import patsy
import sklift
import statsmodels.api as sm
from sklift.metrics import (perfect_qini_curve, perfect_uplift_curve, qini_auc_score, qini_curve,
                            uplift_at_k, uplift_auc_score, uplift_by_percentile, uplift_curve)

warnings.filterwarnings("ignore")  # sklearn's stable_cumsum deprecation, empty-mean warnings
ROOT = Path(__file__).resolve().parents[2]
REF = ROOT / "Tests" / "Fixtures" / "reference"


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def metric_case(name, y, t, s):
    y, t, s = np.asarray(y, dtype=np.int64), np.asarray(t, dtype=np.int64), np.asarray(s, dtype=np.float64)
    case = {"name": name, "outcome": y.tolist(), "treatment": t.tolist(), "uplift": s.tolist()}
    for key, fn in [("qiniCurve", qini_curve), ("upliftCurve", uplift_curve)]:
        x_, v = fn(y, s, t)
        case[key] = {"x": [float(a) for a in x_], "y": [float(a) for a in v]}
    x_, v = perfect_qini_curve(y, t)
    case["perfectQiniCurve"] = {"x": [float(a) for a in x_], "y": [float(a) for a in v]}
    x_, v = perfect_uplift_curve(y, t)
    case["perfectUpliftCurve"] = {"x": [float(a) for a in x_], "y": [float(a) for a in v]}
    case["qiniAuc"] = float(qini_auc_score(y, s, t))
    try:
        case["qiniAucNoNegativeEffect"] = float(qini_auc_score(y, s, t, negative_effect=False))
    except (ZeroDivisionError, ValueError):
        # Without negative effects the perfect curve is (0,0), (r,r), (n,r): scikit-learn's auc refuses it
        # when r < 0 (x not monotonic), and r = 0 leaves no area above the baseline. Glassbox gives NaN.
        case["qiniAucNoNegativeEffect"] = None
    case["upliftAuc"] = float(uplift_auc_score(y, s, t))
    at_k = []
    for k in [0.1, 0.3, 0.5, 0.77, 3]:
        for strategy in ["overall", "by_group"]:
            at_k.append({"k": k, "isCount": isinstance(k, int), "strategy": strategy,
                         "value": num(uplift_at_k(y, s, t, strategy=strategy, k=k))})
    case["upliftAtK"] = at_k
    for strategy, key in [("overall", "byPercentileOverall"), ("by_group", "byPercentileByGroup")]:
        bins = 10 if len(y) > 10 else 3
        df = uplift_by_percentile(y, s, t, strategy=strategy, bins=bins, std=True, string_percentiles=False)
        case[key] = [{"percentile": int(p), "nTreatment": int(r.n_treatment), "nControl": int(r.n_control),
                      "responseRateTreatment": num(r.response_rate_treatment),
                      "responseRateControl": num(r.response_rate_control), "uplift": num(r.uplift),
                      "stdUplift": num(r.std_uplift)} for p, r in df.iterrows()]
    return case


def metric_cases():
    rng = np.random.default_rng(20260529)
    cases = [metric_case("hand", [1, 0, 1, 0, 1, 1, 0, 0], [1, 0, 0, 1, 1, 0, 1, 0],
                         [0.3, 0.2, 0.3, 0.1, 0.5, 0.2, 0.3, -0.1])]
    n = 400
    t = (rng.random(n) < 0.5).astype(int)
    s = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-0.5 + 0.8 * t * s)))).astype(int)
    cases.append(metric_case("continuous", y, t, s))
    cases.append(metric_case("ties", y, t, np.round(s, 1)))           # many tied scores
    cases.append(metric_case("coarse-ties", y, t, np.floor(s).clip(-2, 2)))  # five distinct scores
    t2 = (rng.random(n) < 0.2).astype(int)                              # unequal arms
    y2 = (rng.random(n) < 1 / (1 + np.exp(-(-1 + 0.6 * t2 * s)))).astype(int)
    cases.append(metric_case("unequal-arms", y2, t2, np.round(s, 2)))
    # More control responders than treated non-responders (the other branch of the perfect uplift curve).
    y3 = (rng.random(n) < np.where(t == 1, 0.9, 0.7)).astype(int)
    cases.append(metric_case("control-responders-dominate", y3, t, np.round(s, 1)))
    return {"generator": "Tests/Reference/make_uplift_reference.py", "scikitUplift": sklift.__version__,
            "numpy": np.__version__, "cases": cases}


def two_model():
    rng = np.random.default_rng(7)
    n = 600
    x1 = np.round(rng.normal(size=n), 6)
    x2 = (rng.random(n) < 0.4).astype(int)
    g = rng.choice(["a", "b", "c"], size=n)
    t = (rng.random(n) < 0.35).astype(int)
    gb = (g == "b").astype(float)
    eta = -0.3 + 0.5 * x1 - 0.4 * x2 + 0.3 * gb + t * (0.4 + 0.6 * x1 - 0.5 * x2)
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    data = {"y": y, "x1": x1, "x2": x2, "g": g}
    design = patsy.dmatrix("x1 + x2 + C(g)", data, return_type="dataframe")
    rename = {"Intercept": "(Intercept)", "C(g)[T.b]": "g[b]", "C(g)[T.c]": "g[c]"}
    terms = [rename.get(c, c) for c in design.columns]  # patsy's order: categorical terms first, as Glassbox
    X = design.to_numpy()
    preds = {}
    coefficients = {}
    for arm, mask in [("treated", t == 1), ("control", t == 0)]:
        fit = sm.Logit(y[mask], X[mask]).fit(method="newton", tol=1e-14, maxiter=200, disp=0)
        preds[arm] = fit.predict(X)
        coefficients[arm] = [float(b) for b in fit.params]
    return {"generator": "Tests/Reference/make_uplift_reference.py", "formula": "y ~ x1 + x2 + g",
            "terms": terms,
            "columns": {"y": y.tolist(), "x1": x1.tolist(), "x2": x2.tolist(), "g": g.tolist(), "t": t.tolist()},
            "coefficients": coefficients,
            "pTreated": preds["treated"].tolist(), "pControl": preds["control"].tolist(),
            "uplift": (preds["treated"] - preds["control"]).tolist()}


def compare(a, b, path="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = [] if a.keys() == b.keys() else [f"{path}: keys differ"]
        for k in a.keys() & b.keys():
            if k not in ("scikitUplift", "numpy"):
                out += compare(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: lengths {len(a)} vs {len(b)}"]
        return [m for i, (p, q) in enumerate(zip(a, b)) for m in compare(p, q, f"{path}[{i}]")]
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return [] if a is b else [f"{path}: {a} vs {b}"]
        return [] if abs(a - b) <= 1e-12 * max(1.0, abs(b)) else [f"{path}: {a} vs {b}"]
    return [] if a == b else [f"{path}: {a} vs {b}"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="recompute and compare with the stored fixtures")
    args = ap.parse_args()
    docs = {"uplift-metrics.json": metric_cases(), "uplift-two-model.json": two_model()}
    failures = []
    for name, doc in docs.items():
        path = REF / name
        if args.check:
            stored = json.loads(path.read_text())
            problems = compare(json.loads(json.dumps(doc)), stored, name)
            failures += problems
        else:
            REF.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(doc, indent=1) + "\n")
            tmp.replace(path)
            print(f"wrote {path.relative_to(ROOT)}")
    if failures:
        print("\n".join(failures[:20]), file=sys.stderr)
        print(f"{len(failures)} difference(s)", file=sys.stderr)
        return 1
    if args.check:
        print("uplift fixtures reproduced")
    return 0


if __name__ == "__main__":
    sys.exit(main())
