#!/usr/bin/env python3
"""Scoring benchmark: Glassbox's tree scorer against XGBoost's own CPU predict, same model, same rows, same cores.

Trains a 300-tree, depth-6 binary:logistic XGBoost model (hist) on 50,000 simulated rows of 12 numeric features
(10% missing values), saves it (JSON), imports it with `glassbox import xgboost`, writes 200,000 scored rows as
CSV, then times (best of --repeats):
  xgboost_predict            booster.predict(DMatrix) with nthread = all cores (DMatrix built outside the timing)
  xgboost_dmatrix_predict    DMatrix(ndarray) + predict (what a caller holding the data pays)
  glassbox_score             `glassbox score --timings` phase "score": columns gathered into one row-major
                             buffer, every tree walked per row block on every core (CSV read and write excluded)
and checks that both sides agree (max |difference| over the 200,000 probabilities).

  python Benchmarks/trees/bench_tree_scoring.py --glassbox .build/release/glassbox [--repeats 3] [--out FILE]
Data and models go to Benchmarks/data/trees/ (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import xgboost as xgb

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "Benchmarks" / "data" / "trees"


def simulate(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 12))
    x[:, 3] = np.round(rng.uniform(18, 90, rows))
    x[:, 4] = np.round(rng.lognormal(10, 1, rows), 2)
    eta = 0.8 * x[:, 0] - 0.5 * x[:, 1] ** 2 + 0.03 * (x[:, 3] - 50) + 0.3 * np.sin(3 * x[:, 2]) + 0.2 * x[:, 5] * x[:, 6]
    y = (rng.uniform(size=rows) < 1 / (1 + np.exp(-eta))).astype(int)
    x[rng.uniform(size=x.shape) < 0.1] = np.nan
    return x, y


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--glassbox", default=str(ROOT / ".build" / "release" / "glassbox"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "Benchmarks" / "results" / "trees-scoring.json"))
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    names = [f"x{j}" for j in range(12)]
    model_path = DATA / "bench-300x6.json"
    csv_path = DATA / "bench-200k.csv"
    x_train, y_train = simulate(50_000, 1)
    x, _ = simulate(200_000, 2)
    if not model_path.exists():
        booster = xgb.train({"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "tree_method": "hist", "nthread": cores,
                             "seed": 1}, xgb.DMatrix(x_train, y_train, feature_names=names), 300)
        booster.save_model(str(model_path))
    booster = xgb.Booster(model_file=str(model_path))
    booster.set_param({"nthread": cores})
    if not csv_path.exists():
        with open(csv_path, "w") as f:
            f.write(",".join(names) + "\n")
            for row in x:
                f.write(",".join("" if np.isnan(v) else repr(float(v)) for v in row) + "\n")
    imported = DATA / "bench-300x6.glassbox.json"
    subprocess.run([args.glassbox, "import", "xgboost", str(model_path), "--out", str(imported), "--force"], check=True,
                   stdout=subprocess.DEVNULL)

    results = {}
    d = xgb.DMatrix(x, feature_names=names, nthread=cores)
    times = []
    for _ in range(args.repeats):
        t = time.perf_counter(); p = booster.predict(d); times.append(time.perf_counter() - t)
    results["xgboost_predict"] = times
    times = []
    for _ in range(args.repeats):
        t = time.perf_counter(); booster.predict(xgb.DMatrix(x, feature_names=names, nthread=cores)); times.append(time.perf_counter() - t)
    results["xgboost_dmatrix_predict"] = times
    times, read = [], []
    scores_path = DATA / "bench-200k-scores.csv"
    for _ in range(args.repeats):
        r = subprocess.run([args.glassbox, "score", str(imported), "--data", str(csv_path), "--out", str(scores_path), "--force",
                            "--timings"], check=True, capture_output=True, text=True)
        timings = json.loads(re.search(r"timings: (\{.*\})", r.stderr).group(1))
        times.append(timings["score"]); read.append(timings["read"])
    results["glassbox_score"] = times
    ours = np.loadtxt(scores_path, delimiter=",", skiprows=1)
    agreement = float(np.max(np.abs(ours - p.astype(float))))
    summary = {
        "rows": int(x.shape[0]), "trees": 300, "depth": 6, "features": 12, "cores": cores,
        "xgboost": xgb.__version__, "machine": platform.processor() or platform.machine(),
        "seconds": {k: {"min": min(v), "median": float(np.median(v)), "all": v} for k, v in results.items()},
        "glassbox_csv_read_seconds_min": min(read),
        "max_abs_difference": agreement,
        "speedup_vs_predict": min(results["xgboost_predict"]) / min(results["glassbox_score"]),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
