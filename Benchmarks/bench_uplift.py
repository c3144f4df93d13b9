#!/usr/bin/env python3
"""Benchmark: training a two-model uplift learner on the social-pressure Neighbors + Control rows
(229,444) — Glassbox `train uplift --learner two-model` against scikit-uplift `TwoModels` with
scikit-learn `LogisticRegression` (unpenalised, C=inf), both end to end (CSV read + design + both fits).

Usage:
  python Benchmarks/bench_uplift.py --glassbox .build/release/glassbox [--repeats 3] [--out FILE]

Each measurement is a separate subprocess. Two ratios are reported: `processSpeedup` compares whole-
process wall times (interpreter start and imports included for Python, process start for Glassbox);
`speedup` compares the Glassbox process with only the Python child's time from before `pandas.read_csv`
to after `TwoModels.fit` (imports not counted, which favours Python). Agreement: max |Δ uplift| between `glassbox score` and
`TwoModels.predict` on the training rows (scikit-learn's lbfgs stops at its own tolerance, so this is
about 1e-6, not the 1e-8 the statsmodels comparison in the tests reaches).
Environment: GLASSBOX_DATA_DIR (default ../shared/data) holds social-pressure.csv. Pin threads with
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 on a shared machine (see Benchmarks/README.md).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("GLASSBOX_DATA_DIR", ROOT.parent / "shared" / "data"))
FORMULA = "primary2006 ~ primary2004 + age + female + hhsize"

CHILD = r'''
import sys, time, json
import numpy as np
t0 = time.perf_counter()
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklift.models import TwoModels
t_import = time.perf_counter()
df = pd.read_csv(sys.argv[1])
X = df[["primary2004", "age", "female", "hhsize"]].to_numpy(dtype=float)
treat = (df["messages"] == "Neighbors").to_numpy().astype(int)
y = df["primary2006"].to_numpy()
model = TwoModels(estimator_trmnt=LogisticRegression(C=np.inf, max_iter=1000),
                  estimator_ctrl=LogisticRegression(C=np.inf, max_iter=1000), method="vanilla")
model.fit(X, y, treat)
t_end = time.perf_counter()
np.save(sys.argv[2], model.predict(X))
print(json.dumps({"seconds": t_end - t_import, "importSeconds": t_import - t0}))
'''


def derive(out: Path) -> int:
    import pandas as pd
    df = pd.read_csv(DATA_DIR / "social-pressure.csv")
    df = df[df["messages"].isin(["Neighbors", "Control"])]
    d = pd.DataFrame({"primary2006": df["primary2006"], "messages": df["messages"], "primary2004": df["primary2004"],
                      "age": 2006 - df["yearofbirth"], "female": (df["sex"] == "female").astype(int), "hhsize": df["hhsize"]})
    d.to_csv(out, index=False)
    return len(d)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--glassbox", default=str(ROOT / ".build/release/glassbox"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", help="write the results as JSON here")
    args = ap.parse_args()
    import numpy as np
    tmp = Path(tempfile.mkdtemp(prefix="glassbox-uplift-bench-"))
    data = tmp / "neighbors-control.csv"
    rows = derive(data)
    python, glassbox = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD, str(data), str(tmp / "sklift.npy")], capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t0
        python.append(json.loads(proc.stdout.strip().splitlines()[-1]) | {"processSeconds": wall})
        t0 = time.perf_counter()
        proc = subprocess.run([args.glassbox, "train", "uplift", "--data", str(data), "--formula", FORMULA, "--treatment", "messages",
                               "--treated", "Neighbors", "--control", "Control", "--learner", "two-model", "--out", str(tmp / "m.json"),
                               "--force", "--timings"], capture_output=True, text=True, check=True)
        wall = time.perf_counter() - t0
        timings = json.loads("{" + proc.stderr.split("timings: {", 1)[1].split("}", 1)[0] + "}")
        glassbox.append({"seconds": wall, "processSeconds": wall, "timings": timings})
    subprocess.run([args.glassbox, "score", str(tmp / "m.json"), "--data", str(data), "--out", str(tmp / "s.csv"), "--force"],
                   capture_output=True, check=True)
    import pandas as pd
    ours = pd.read_csv(tmp / "s.csv")["uplift"].to_numpy()
    theirs = np.load(tmp / "sklift.npy")
    py_best = min(r["seconds"] for r in python)
    gb_best = min(r["seconds"] for r in glassbox)
    py_process = min(r["processSeconds"] for r in python)
    result = {"rows": rows, "python": python, "glassbox": glassbox, "pythonBestSeconds": py_best, "glassboxBestSeconds": gb_best,
              "speedup": py_best / gb_best, "pythonBestProcessSeconds": py_process, "processSpeedup": py_process / gb_best, "maxAbsUpliftDifference": float(np.max(np.abs(ours - theirs)))}
    print(json.dumps(result, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
