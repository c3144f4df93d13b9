#!/usr/bin/env python3
"""Permutation importance benchmark: `glassbox explain` vs scikit-learn's `permutation_importance`.

200,000 rows x 30 numeric features (Benchmarks/make_bench_csv.py), a logistic model
`y ~ x1 + ... + x30` trained by Glassbox, AUC, 5 repeats.

- Glassbox: the whole process `glassbox explain M --data F --metric auc --repeats 5 --timings`
  (CSV read, design, importance, JSON), best of --runs.
- scikit-learn: `permutation_importance(est, X, y, scoring="roc_auc", n_repeats=5, random_state=0)`
  on an in-memory NumPy array, with a `LogisticRegression` whose coef_/intercept_ are the Glassbox
  estimates (timed alone, best of --runs; the pandas read is reported separately), n_jobs=1 and
  n_jobs=2.
Means are compared: max |glassbox - sklearn| over features, next to the sampling error 4*std/sqrt(5).

Usage: python Benchmarks/explain/bench_explain.py --glassbox .build/release/glassbox [--work DIR] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--glassbox", required=True)
    ap.add_argument("--work", type=Path, default=Path("/tmp/glassbox-explain-bench"))
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    data = args.work / f"bench-{args.rows}-30.csv"
    if not data.exists():
        subprocess.run([sys.executable, str(ROOT / "Benchmarks/make_bench_csv.py"), "--rows", str(args.rows), "--cols", "30",
                        "--seed", "1", "--out", str(data)], check=True)
    model = args.work / "model.json"
    formula = "y ~ " + " + ".join(f"x{i}" for i in range(1, 31))
    subprocess.run([args.glassbox, "train", "logistic", "--data", str(data), "--formula", formula, "--out", str(model), "--force"],
                   check=True, capture_output=True)

    glassbox_times, timings = [], None
    for _ in range(args.runs):
        start = time.perf_counter()
        r = subprocess.run([args.glassbox, "explain", str(model), "--data", str(data), "--metric", "auc", "--repeats", "5",
                            "--seed", "0", "--timings"], check=True, capture_output=True, text=True)
        glassbox_times.append(time.perf_counter() - start)
        timings = json.loads(r.stderr.split("timings: ", 1)[1].strip())
        report = json.loads(r.stdout)
    ours = {f["feature"]: f for f in report["permutationImportance"]}

    start = time.perf_counter()
    frame = pd.read_csv(data)
    read_seconds = time.perf_counter() - start
    X = frame[[f"x{i}" for i in range(1, 31)]].to_numpy()
    y = frame["y"].to_numpy()
    coefficients = {c["term"]: c["estimate"] for c in json.loads(model.read_text())["coefficients"]}
    est = LogisticRegression().fit(X[:1000], y[:1000])
    est.coef_ = np.array([[coefficients[f"x{i}"] for i in range(1, 31)]])
    est.intercept_ = np.array([coefficients["(Intercept)"]])
    sk = {}
    for jobs in (1, 2):
        best = float("inf")
        for _ in range(args.runs if jobs == 1 else 1):
            start = time.perf_counter()
            result = permutation_importance(est, X, y, scoring="roc_auc", n_repeats=5, random_state=0, n_jobs=jobs)
            best = min(best, time.perf_counter() - start)
        sk[jobs] = best
    diffs = [abs(ours[f"x{i}"]["mean"] - result.importances_mean[i - 1]) for i in range(1, 31)]
    noise = [4 * max(ours[f"x{i}"]["std"], result.importances_std[i - 1]) / np.sqrt(5) + 1e-4 for i in range(1, 31)]
    out = {
        "rows": args.rows, "features": 30, "repeats": 5, "metric": "auc",
        "glassboxProcessSeconds": min(glassbox_times), "glassboxTimings": timings,
        "sklearnSeconds_njobs1": sk[1], "sklearnSeconds_njobs2": sk[2], "pandasReadSeconds": read_seconds,
        "speedup_vs_njobs1": sk[1] / min(glassbox_times), "speedup_vs_njobs2": sk[2] / min(glassbox_times),
        "maxAbsMeanDifference": max(diffs), "withinSamplingError": all(d < e for d, e in zip(diffs, noise)),
    }
    print(json.dumps(out, indent=1))
    (ROOT / "Benchmarks/results").mkdir(exist_ok=True)
    (ROOT / "Benchmarks/results/explain.json").write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
