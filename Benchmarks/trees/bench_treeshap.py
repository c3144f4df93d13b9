#!/usr/bin/env python3
"""Tree SHAP benchmark: Glassbox's path-dependent TreeSHAP against XGBoost's own `pred_contribs`.

A 300-tree, depth-6 XGBoost `binary:logistic` model (hist, nthread=2) trained on 50,000 rows of the
TreeSHAP fixture's turnout-like data (Tests/Reference/make_treeshap_reference.py: 6 features, missing
income and distance), explained on 200,000 fresh rows of the same generator.

- XGBoost: `booster.predict(DMatrix(X, nthread=2), pred_contribs=True)` with nthread=2, timed alone
  (the DMatrix is built before the clock starts).
- Glassbox: `glassbox-bench-treeshap` (Benchmarks/trees/TreeSHAPBench, release build) on the same model
  converted to a TreeEnsemble by the fixture script's converter and the same rows as raw doubles; it times
  the `TreeSHAP.pathDependent` call alone (per-leaf tables included), both cores (the Parallel helper).
One run each side, XGBoost first; wall and CPU (user + system, both threads) seconds of the timed call. The outputs are compared: max |glassbox − xgboost| / max(1, |xgboost|).

Usage: swift build -c release --product glassbox-bench-treeshap
       python Benchmarks/trees/bench_treeshap.py [--bench .build/release/glassbox-bench-treeshap] [--work DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import xgboost as xgb

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "Reference"))
from make_treeshap_reference import FEATURES, make_data, xgboost_ensemble  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default=str(ROOT / ".build" / "release" / "glassbox-bench-treeshap"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/glassbox-treeshap-bench"))
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--trees", type=int, default=300)
    ap.add_argument("--depth", type=int, default=6)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rng = np.random.Generator(np.random.PCG64(2026))
    X_train, y_train = make_data(50_000, rng)
    X, _ = make_data(args.rows, rng)
    model_path = args.work / f"xgboost-{args.trees}x{args.depth}.ubj"
    if model_path.exists():  # the training is deterministic; reuse it between runs
        booster = xgb.Booster(model_file=str(model_path))
    else:
        booster = xgb.train({"objective": "binary:logistic", "max_depth": args.depth, "eta": 0.1, "nthread": 2,
                             "tree_method": "hist", "seed": 1}, xgb.DMatrix(X_train, y_train, feature_names=FEATURES),
                            num_boost_round=args.trees)
        booster.save_model(str(model_path))
    model = xgboost_ensemble(booster, FEATURES)
    leaves = sum(1 for t in model["trees"] for n in t["nodes"] if n["feature"] < 0)
    ensemble_path = args.work / "ensemble.json"
    ensemble_path.write_text(json.dumps(model))
    rows_path, out_path = args.work / "rows.f64", args.work / "contribs.f64"
    X.astype("<f8").tofile(rows_path)

    load_before = os.getloadavg()
    dmatrix = xgb.DMatrix(X, feature_names=FEATURES, nthread=2)
    booster.set_param({"nthread": 2})
    start, cpu = time.perf_counter(), time.process_time()
    reference = booster.predict(dmatrix, pred_contribs=True)
    xgb_seconds, xgb_cpu = time.perf_counter() - start, time.process_time() - cpu

    run = subprocess.run([args.bench, str(ensemble_path), str(rows_path), str(out_path)], check=True,
                         capture_output=True, text=True)
    glassbox = json.loads(run.stdout)
    load_after = os.getloadavg()
    ours = np.fromfile(out_path, dtype="<f8").reshape(reference.shape)
    diff = float(np.max(np.abs(ours - reference) / np.maximum(1, np.abs(reference))))
    result = {"rows": args.rows, "trees": args.trees, "depth": args.depth, "leaves": leaves,
              "xgboostVersion": xgb.__version__, "xgboostSeconds": xgb_seconds,
              "xgboostCPUSeconds": xgb_cpu, "glassboxSeconds": glassbox["seconds"],
              "glassboxCPUSeconds": glassbox["cpuSeconds"], "speedup": xgb_seconds / glassbox["seconds"],
              "cpuSpeedup": xgb_cpu / glassbox["cpuSeconds"],
              "maxScaledDiff": diff, "loadAverageBefore": load_before[0], "loadAverageAfter": load_after[0]}
    print(json.dumps(result, indent=2))
    (ROOT / "Benchmarks" / "results" / "treeshap.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
