#!/usr/bin/env python3
"""Write the audit fixtures: Tests/Fixtures/audit-synthetic.csv (synthetic scored data with a planted
disparity) and Tests/Fixtures/reference/audit.json (fairlearn / Aequitas / scikit-learn results on it).

Definitions checked (docs/metrics.md):
- per-group rates from fairlearn's MetricFrame: selection_rate, true/false positive/negative rates,
  sklearn precision_score and accuracy_score, mean outcome (prevalence), sample weights when given;
- fairlearn summaries: demographic_parity_difference/ratio, equalized_odds_difference/ratio
  (agg="worst_case"), equal_opportunity_difference, all method="between_groups";
- AUC per group: sklearn roc_auc_score on the raw score (ties count one half); Brier: brier_score_loss;
- Aequitas 1.1.0 (Group.get_crosstabs, Bias.get_disparity_major_group, Fairness.get_group_value_fairness,
  tau = 0.8): ppr, pprev, npv, fdr, for, *_disparity and the parity verdicts. Aequitas has no case weights,
  so the weighted case checks fairlearn only. Aequitas 1.1.0 declares pandas<3 but works with pandas 3
  when the attribute columns are passed with dtype=object (done below); install it with
  `pip install --no-deps aequitas==1.1.0`.
- `--top F` decisions: k = round(F*n) rows with the highest scores, ties at the cut in file order
  (numpy stable argsort of -score), the rule Glassbox documents.

Usage:
  python Tests/Reference/make_audit_reference.py            # (re)write CSV and fixture
  python Tests/Reference/make_audit_reference.py --check    # recompute from the committed CSV; exit 1 if
                                                            # any number differs by more than 1e-12 relative
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import fairlearn
import sklearn
from fairlearn.metrics import (MetricFrame, selection_rate, true_positive_rate, false_positive_rate,
                               false_negative_rate, true_negative_rate, demographic_parity_difference,
                               demographic_parity_ratio, equalized_odds_difference, equalized_odds_ratio,
                               equal_opportunity_difference)
from sklearn.metrics import precision_score, accuracy_score, roc_auc_score, brier_score_loss

try:
    import aequitas  # noqa: F401
    HAVE_AEQUITAS = True
except ImportError:  # --check then verifies the fairlearn / scikit-learn parts only
    HAVE_AEQUITAS = False

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT / "Tests" / "Fixtures" / "audit-synthetic.csv"
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "audit.json"

CASES = [
    {"name": "race-threshold", "groups": ["race"], "threshold": 0.5, "weights": None, "intersect": False, "aequitas": True},
    {"name": "race-threshold-weighted", "groups": ["race"], "threshold": 0.5, "weights": "w", "intersect": False, "aequitas": False},
    {"name": "sex-top30", "groups": ["sex"], "top": 0.3, "weights": None, "intersect": False, "aequitas": True},
    {"name": "race-sex-intersect", "groups": ["race", "sex"], "threshold": 0.4, "weights": None, "intersect": True, "aequitas": True},
]
AEQ_METRICS = ["ppr", "pprev", "precision", "fdr", "for", "fpr", "fnr", "tpr", "tnr", "npv"]
AEQ_NAMES = {"ppr": "ppr", "pprev": "selectionRate", "precision": "precision", "fdr": "fdr", "for": "for",
             "fpr": "fpr", "fnr": "fnr", "tpr": "tpr", "tnr": "tnr", "npv": "npv"}
AEQ_VERDICTS = {"Statistical Parity": "statisticalParity", "Impact Parity": "impactParity", "FPR Parity": "fprParity",
                "FNR Parity": "fnrParity", "TPR Parity": "tprParity", "Precision Parity": "precisionParity"}


def make_csv() -> str:
    """4,000 rows; group B's scores are shifted down (a planted disparity); scores rounded to 3
    decimals so that ties occur (AUC ties, ties at the --top cut)."""
    rng = np.random.default_rng(20261130)
    n = 4000
    race = rng.choice(["A", "B", "C", "D"], size=n, p=[0.5, 0.25, 0.15, 0.10])
    sex = rng.choice(["F", "M"], size=n)
    latent = rng.normal(size=n)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(latent - 0.3)))).astype(int)
    shift = np.where(race == "B", -0.8, np.where(race == "C", -0.2, 0.0))
    score = np.round(1 / (1 + np.exp(-(0.9 * latent + shift + rng.normal(scale=0.8, size=n)))), 3)
    w = np.round(rng.uniform(0.5, 2.5, size=n), 2)
    lines = ["id,score,y,race,sex,w"]
    for i in range(n):
        lines.append(f"{i + 1},{float(score[i])!r},{int(y[i])},{race[i]},{sex[i]},{float(w[i])!r}")
    return "\n".join(lines) + "\n"


def decisions(df: pd.DataFrame, case: dict) -> np.ndarray:
    s = df["score"].to_numpy()
    if "threshold" in case:
        return (s >= case["threshold"]).astype(int)
    k = int(math.floor(case["top"] * len(s) + 0.5))
    order = np.argsort(-s, kind="stable")
    d = np.zeros(len(s), dtype=int)
    d[order[:k]] = 1
    return d


def label(key) -> str:
    return ":".join(key) if isinstance(key, tuple) else str(key)


def fairlearn_part(df, yhat, attr_cols, weights):
    y = df["y"].to_numpy()
    sf = df[attr_cols] if len(attr_cols) > 1 else df[attr_cols[0]]
    sw = None if weights is None else df[weights].to_numpy()
    params = None if sw is None else {m: {"sample_weight": sw} for m in
                                       ["selectionRate", "tpr", "fpr", "fnr", "tnr", "precision", "accuracy", "prevalence"]}
    metrics = {
        "selectionRate": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate,
        "fnr": false_negative_rate, "tnr": true_negative_rate,
        "precision": lambda a, b, **kw: precision_score(a, b, zero_division=np.nan, **kw),
        "accuracy": accuracy_score,
        "prevalence": lambda a, b, sample_weight=None: float(np.average(a, weights=sample_weight)),
    }
    mf = MetricFrame(metrics=metrics, y_true=y, y_pred=yhat, sensitive_features=sf, sample_params=params)
    score_params = None if sw is None else {"auc": {"sample_weight": sw}, "brier": {"sample_weight": sw}, "meanScore": {"sample_weight": sw}}
    mf2 = MetricFrame(metrics={"auc": roc_auc_score, "brier": brier_score_loss,
                               "meanScore": lambda a, b, sample_weight=None: float(np.average(b, weights=sample_weight))},
                      y_true=y, y_pred=df["score"].to_numpy(), sensitive_features=sf, sample_params=score_params)
    groups = {}
    for frame in (mf.by_group, mf2.by_group):
        for key, row in frame.iterrows():
            g = groups.setdefault(label(key), {})
            for m, v in row.items():
                g[m] = float(v)
    kw = {"sensitive_features": sf, "method": "between_groups"}
    if sw is not None:
        kw["sample_weight"] = sw
    summaries = {
        "demographicParityDifference": float(demographic_parity_difference(y, yhat, **kw)),
        "demographicParityRatio": float(demographic_parity_ratio(y, yhat, **kw)),
        "equalizedOddsDifference": float(equalized_odds_difference(y, yhat, agg="worst_case", **kw)),
        "equalizedOddsRatio": float(equalized_odds_ratio(y, yhat, agg="worst_case", **kw)),
        "equalOpportunityDifference": float(equal_opportunity_difference(y, yhat, **kw)),
    }
    return groups, summaries


def aequitas_part(df, yhat, attr_name, attr_values):
    from aequitas.group import Group
    from aequitas.bias import Bias
    from aequitas.fairness import Fairness
    frame = pd.DataFrame({"score": yhat.astype(float), "label_value": df["y"].to_numpy(),
                          attr_name: pd.Series(attr_values, dtype=object)})
    xtab, _ = Group().get_crosstabs(frame)
    bdf = Bias().get_disparity_major_group(xtab, original_df=frame, mask_significance=True)
    fdf = Fairness(tau=0.8).get_group_value_fairness(bdf)
    out = {}
    for _, row in fdf.iterrows():
        g = {"rates": {AEQ_NAMES[m]: float(row[m]) for m in AEQ_METRICS},
             "prevalence": float(row["prev"]),
             "disparities": {AEQ_NAMES[m]: float(row[m + "_disparity"]) for m in AEQ_METRICS},
             "reference": str(row["ppr_ref_group_value"]),
             "verdicts": {AEQ_VERDICTS[k]: ("pass" if bool(row[k]) else "fail") for k in AEQ_VERDICTS}}
        out[str(row["attribute_value"])] = g
    return out


def compute(csv_text: str) -> dict:
    from io import StringIO
    df = pd.read_csv(StringIO(csv_text), dtype={"race": object, "sex": object})
    cases = []
    for case in CASES:
        yhat = decisions(df, case)
        result = {k: v for k, v in case.items() if k != "aequitas"}
        result["attributes"] = {}
        attrs = [[g] for g in case["groups"]]
        if case["intersect"]:
            attrs.append(case["groups"])
        for cols in attrs:
            name = ":".join(cols)
            groups, summaries = fairlearn_part(df, yhat, cols, case["weights"])
            entry = {"groups": groups, "summaries": summaries}
            if case["aequitas"] and HAVE_AEQUITAS:
                values = df[cols].astype(str).agg(":".join, axis=1).to_numpy() if len(cols) > 1 else df[cols[0]].to_numpy()
                entry["aequitas"] = aequitas_part(df, yhat, "attr", values)
            result["attributes"][name] = entry
        cases.append(result)
    return {"generator": "Tests/Reference/make_audit_reference.py", "data": "Tests/Fixtures/audit-synthetic.csv",
            "versions": {"fairlearn": fairlearn.__version__, "aequitas": aequitas.__version__ if HAVE_AEQUITAS else None, "scikit-learn": sklearn.__version__,
                         "pandas": pd.__version__, "numpy": np.__version__},
            "cases": cases}


def compare(a, b, path, rtol, problems):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k == "aequitas" and k not in a and not HAVE_AEQUITAS:
                continue
            if k not in a or k not in b:
                problems.append(f"{path}/{k}: present in only one")
            elif k != "versions":
                compare(a[k], b[k], f"{path}/{k}", rtol, problems)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            problems.append(f"{path}: lengths {len(a)} vs {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, f"{path}[{i}]", rtol, problems)
    elif isinstance(a, float) or isinstance(b, float):
        if a is None or b is None or not (a == b or (math.isnan(a) and math.isnan(b)) or abs(a - b) <= rtol * max(abs(a), abs(b))):
            problems.append(f"{path}: {a} vs {b}")
    elif a != b:
        problems.append(f"{path}: {a!r} vs {b!r}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--rtol", type=float, default=1e-12)
    args = parser.parse_args()
    if args.check:
        if not HAVE_AEQUITAS:
            print("note: aequitas is not installed (pip install --no-deps aequitas==1.1.0); its parts are not re-derived")
        fresh = compute(CSV.read_text())
        stored = json.loads(OUT.read_text())
        problems = []
        if make_csv() != CSV.read_text():
            problems.append("audit-synthetic.csv differs from the generator's output")
        compare(json.loads(json.dumps(fresh)), stored, "", args.rtol, problems)
        for p in problems:
            print(p)
        print(f"audit reference check: {'FAILED' if problems else 'ok'} ({len(problems)} differences)")
        return 1 if problems else 0
    if not HAVE_AEQUITAS:
        print("aequitas is required to write the fixture: pip install --no-deps aequitas==1.1.0")
        return 2
    text = make_csv()
    CSV.write_text(text)
    OUT.write_text(json.dumps(compute(text), indent=1, sort_keys=False) + "\n")
    print(f"wrote {CSV.relative_to(ROOT)} and {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
