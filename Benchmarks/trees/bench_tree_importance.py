#!/usr/bin/env python3
"""Permutation-importance benchmark: `glassbox explain` on an imported XGBoost model against scikit-learn's
`sklearn.inspection.permutation_importance` on the same XGBoost model, same rows, same repeats, 2 cores each.

Trains a 300-tree, depth-6 binary:logistic XGBoost model (XGBClassifier, hist) on 50,000 simulated rows of 12
numeric features (no missing values: the explainers use complete rows), saves it (JSON), imports it with
`glassbox import xgboost --outcome y`, writes 200,000 evaluation rows (features and the 0/1 outcome y) as CSV,
then runs each side once:
  sklearn     permutation_importance(model, X, y, scoring="roc_auc", n_repeats=5, n_jobs=2, random_state=0),
              the classifier with n_jobs=1 (so the two joblib workers use the 2 cores without oversubscription)
  glassbox    `glassbox explain --repeats 5 --metric auc --timings`, phase "importance" (CSV read excluded) and
              the whole process; for XGBoost's numeric trees of at most 64 leaves the importance phase finds
              each (row, tree)'s leaf from 64-bit leaf masks (QuickScorer) looked up by the rank of each value
              among the feature's thresholds, and each permuted value's leaf as the lowest bit of (leaves the
              row can reach with the feature free) AND (the feature's mask at the value's rank), tree by tree
              over chunks of 64 rows; other trees walk each (row, tree) once recording per feature on the path
              the interval of values keeping its leaf, and walk again only for a permuted value outside it
and reports both importances (different random permutations: the means agree to their standard deviations).

  python Benchmarks/trees/bench_tree_importance.py --glassbox .build/release/glassbox [--out FILE]
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
from sklearn.inspection import permutation_importance

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "Benchmarks" / "data" / "trees"
NAMES = [f"f{j}" for j in range(12)]  # XGBoost's names for the columns of a NumPy array
REPEATS = 5


def simulate(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 12))
    x[:, 3] = np.round(rng.uniform(18, 90, rows))
    x[:, 4] = np.round(rng.lognormal(10, 1, rows), 2)
    eta = 0.8 * x[:, 0] - 0.5 * x[:, 1] ** 2 + 0.03 * (x[:, 3] - 50) + 0.3 * np.sin(3 * x[:, 2]) + 0.2 * x[:, 5] * x[:, 6]
    y = (rng.uniform(size=rows) < 1 / (1 + np.exp(-eta))).astype(int)
    return x, y


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--glassbox", default=str(ROOT / ".build" / "release" / "glassbox"))
    parser.add_argument("--out", default=str(ROOT / "Benchmarks" / "results" / "trees-importance.json"))
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    model_path = DATA / "importance-300x6.json"
    csv_path = DATA / "importance-200k.csv"
    x_train, y_train = simulate(50_000, 1)
    x, y = simulate(200_000, 2)
    classifier = xgb.XGBClassifier(n_estimators=300, max_depth=6, learning_rate=0.1, tree_method="hist", n_jobs=2, random_state=1)
    if model_path.exists():
        classifier.load_model(str(model_path))
    else:
        classifier.fit(x_train, y_train)
        classifier.save_model(str(model_path))
    classifier.set_params(n_jobs=1)
    if not csv_path.exists():
        with open(csv_path, "w") as f:
            f.write(",".join(NAMES + ["y"]) + "\n")
            for row, label in zip(x, y):
                f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")
    imported = DATA / "importance-300x6.glassbox.json"
    subprocess.run([args.glassbox, "import", "xgboost", str(model_path), "--outcome", "y", "--out", str(imported), "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    load = os.getloadavg()

    start = time.perf_counter()
    r = subprocess.run([args.glassbox, "explain", str(imported), "--data", str(csv_path), "--repeats", str(REPEATS), "--metric", "auc",
                        "--format", "json", "--timings"], check=True, capture_output=True, text=True)
    glassbox_process = time.perf_counter() - start
    timings = json.loads(re.search(r"(\{.*\})", r.stderr).group(1))
    ours = json.loads(r.stdout)

    start = time.perf_counter()
    theirs = permutation_importance(classifier, x, y, scoring="roc_auc", n_repeats=REPEATS, n_jobs=2, random_state=0)
    sklearn_seconds = time.perf_counter() - start

    glassbox_means = {f["feature"]: f["mean"] for f in ours["permutationImportance"]}
    summary = {
        "rows": int(x.shape[0]), "trees": 300, "depth": 6, "features": 12, "repeats": REPEATS, "cores": os.cpu_count(),
        "xgboost": xgb.__version__, "machine": platform.processor() or platform.machine(),
        "load_average_before": load, "load_average_after": os.getloadavg(),
        "seconds": {"sklearn_permutation_importance": sklearn_seconds, "glassbox_importance_phase": timings["importance"],
                    "glassbox_process": glassbox_process, "glassbox_phases": timings},
        "speedup_importance_phase": sklearn_seconds / timings["importance"],
        "speedup_whole_process": sklearn_seconds / glassbox_process,
        "baseline_auc": {"glassbox": ours["baseline"]},
        "importance_mean": {name: {"glassbox": glassbox_means[name], "sklearn": float(theirs.importances_mean[j]),
                                   "sklearn_std": float(theirs.importances_std[j])} for j, name in enumerate(NAMES)},
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
