#!/usr/bin/env python3
"""Audit benchmark: selection rate, TPR, FPR and AUC per group, end to end from CSV.

Python peer (timed inside the child, read included): pandas.read_csv (C engine) -> fairlearn
MetricFrame(selection_rate, true_positive_rate, false_positive_rate) on score >= 0.5 -> MetricFrame of
sklearn roc_auc_score on the raw score. Glassbox: the whole `glassbox audit` process (read, all rates,
disparities, AUC, calibration, sweep, JSON), wall time measured by the parent; with --bootstrap 0 and
with --bootstrap 1000 (the difference is the bootstrap's cost; `--timings` reports the audit phase).

  python Benchmarks/audit/run_audit_bench.py --data Benchmarks/data/audit-1m.csv --glassbox .build/release/glassbox --repeats 3
"""
import argparse
import json
import os
import subprocess
import sys
import time

PEER = r'''
import sys, time, json
t0 = time.perf_counter()
import pandas as pd
from fairlearn.metrics import MetricFrame, selection_rate, true_positive_rate, false_positive_rate
from sklearn.metrics import roc_auc_score
t1 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
yhat = (df["score"] >= 0.5).astype(int)
mf = MetricFrame(metrics={"selection_rate": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate},
                 y_true=df["y"], y_pred=yhat, sensitive_features=df["race"])
auc = MetricFrame(metrics=roc_auc_score, y_true=df["y"], y_pred=df["score"], sensitive_features=df["race"])
res = mf.by_group.assign(auc=auc.by_group)
t2 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "work": t2 - t1, "tpr": res["tpr"].to_dict(), "auc": res["auc"].to_dict()}))
'''


def run_glassbox(binary, data, bootstrap):
    t = time.perf_counter()
    r = subprocess.run([binary, "audit", "--data", data, "--score", "score", "--outcome", "y", "--group", "race",
                        "--bootstrap", str(bootstrap), "--timings"], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(r.stderr)
    timings = json.loads(r.stderr.split("timings: ")[-1])
    out = json.loads(r.stdout)
    return wall, timings, {g["value"]: (g["tpr"], g["auc"]) for g in out["groups"]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--glassbox", default=".build/release/glassbox")
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    peer, gb0, gb1000 = [], [], []
    for _ in range(a.repeats):
        r = subprocess.run([sys.executable, "-c", PEER, a.data], capture_output=True, text=True, check=True)
        peer.append(json.loads(r.stdout))
        gb0.append(run_glassbox(a.glassbox, a.data, 0))
        gb1000.append(run_glassbox(a.glassbox, a.data, 1000))
    best_peer = min(x["work"] for x in peer)
    best0 = min(x[0] for x in gb0)
    best1000 = min(x[0] for x in gb1000)
    audit0 = min(x[1]["audit"] for x in gb0)
    audit1000 = min(x[1]["audit"] for x in gb1000)
    agree = max(max(abs(gb0[0][2][g][0] - peer[0]["tpr"][g]), abs(gb0[0][2][g][1] - peer[0]["auc"][g])) for g in peer[0]["tpr"])
    result = {"rows": sum(1 for _ in open(a.data)) - 1, "repeats": a.repeats,
              "python_pandas_fairlearn_sklearn_s": best_peer, "python_imports_s": min(x["imports"] for x in peer),
              "glassbox_audit_bootstrap0_process_s": best0, "glassbox_audit_bootstrap1000_process_s": best1000,
              "glassbox_timings_bootstrap0": min(gb0, key=lambda x: x[0])[1],
              "glassbox_audit_phase_bootstrap0_s": audit0, "glassbox_audit_phase_bootstrap1000_s": audit1000,
              "bootstrap1000_cost_s": audit1000 - audit0,
              "speedup_end_to_end": best_peer / best0, "max_abs_diff_tpr_auc": agree,
              "load_average": os.getloadavg()}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
