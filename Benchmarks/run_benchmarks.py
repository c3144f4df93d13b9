#!/usr/bin/env python3
"""Glassbox vs Python peers: CSV reading, in-memory logistic fitting, end to end.

Every measurement runs in its own subprocess. Peak RSS comes from os.wait4's rusage (ru_maxrss,
KiB on Linux) of that subprocess; wall time is measured inside the child around the measured
step only (imports and, for fit benchmarks, reading are excluded). For the Glassbox binary the
parent measures the wall time of the whole process, and `train ... --timings` reports its own
phases on stderr as `timings: {"read": s, "design": s, "fit": s, "total": s}`.

  python Benchmarks/run_benchmarks.py --data Benchmarks/data/bench-1m-30.csv \\
      [--glassbox .build/release/glassbox | --skip-glassbox] [--repeats 1]

BLAS threading follows the environment (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS, MKL_NUM_THREADS);
the script passes the environment to every child unchanged and records it.
Results: a table on stdout and Benchmarks/results/latest.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV_KEYS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE", "VECLIB_MAXIMUM_THREADS")


# ----------------------------------------------------------------------------------------
# Child side: one measured task per process
# ----------------------------------------------------------------------------------------
def _read_numpy(path):
    """Fastest Python route to a float64 design: pyarrow's multithreaded CSV reader."""
    import numpy as np
    import pyarrow.csv as pv

    table = pv.read_csv(path)
    names = [c for c in table.column_names if c != "y"]
    y = table.column("y").to_numpy().astype(np.float64)
    X = np.empty((table.num_rows, len(names)), dtype=np.float64, order="F")
    for j, name in enumerate(names):
        X[:, j] = table.column(name).to_numpy()
    del table
    return X, y, names


def _sklearn_fit(X, y, solver):
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    # C=inf is scikit-learn >= 1.8's spelling of penalty=None (the penalty argument is deprecated).
    clf = LogisticRegression(C=float("inf"), solver=solver, max_iter=1000)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        t0 = time.perf_counter()
        clf.fit(X, y)
        seconds = time.perf_counter() - t0
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    params = [float(clf.intercept_[0])] + [float(b) for b in clf.coef_.ravel()]
    return seconds, {"nIter": int(clf.n_iter_.max()), "converged": converged, "params": params}


def child(task: str, data: str, result_path: str) -> None:
    out: dict = {"task": task}
    if task == "read_pandas_c":
        import pandas as pd

        t0 = time.perf_counter()
        df = pd.read_csv(data)
        out["seconds"] = time.perf_counter() - t0
        out["shape"] = list(df.shape)
    elif task == "read_pandas_pyarrow":
        import pandas as pd

        t0 = time.perf_counter()
        df = pd.read_csv(data, engine="pyarrow")
        out["seconds"] = time.perf_counter() - t0
        out["shape"] = list(df.shape)
    elif task in ("fit_sklearn_lbfgs", "fit_sklearn_newton_cholesky"):
        X, y, names = _read_numpy(data)
        solver = "lbfgs" if task.endswith("lbfgs") else "newton-cholesky"
        out["seconds"], info = _sklearn_fit(X, y, solver)
        out.update(info)
        out["terms"] = ["(Intercept)"] + names
    elif task == "fit_statsmodels_newton":
        import numpy as np
        import statsmodels.api as sm

        X, y, names = _read_numpy(data)
        Xc = np.column_stack([np.ones(len(y)), X])
        del X
        t0 = time.perf_counter()
        res = sm.Logit(y, Xc).fit(method="newton", disp=0)
        bse = res.bse  # part of a usable fit: the covariance matrix
        out["seconds"] = time.perf_counter() - t0
        out["terms"] = ["(Intercept)"] + names
        out["params"] = [float(v) for v in res.params]
        out["bse"] = [float(v) for v in bse]
        out["nIter"] = int(res.mle_retvals["iterations"])
        out["converged"] = bool(res.mle_retvals["converged"])
        out["logLikelihood"] = float(res.llf)
    elif task == "e2e_pyarrow_lbfgs":
        t0 = time.perf_counter()
        X, y, names = _read_numpy(data)
        t1 = time.perf_counter()
        fit_s, info = _sklearn_fit(X, y, "lbfgs")
        out["seconds"] = time.perf_counter() - t0
        out["readSeconds"] = t1 - t0
        out["fitSeconds"] = fit_s
        out.update(info)
        out["terms"] = ["(Intercept)"] + names
    elif task == "blas_info":
        import numpy as np

        out["numpy"] = np.__version__
        try:
            from threadpoolctl import threadpool_info

            import scipy.linalg  # noqa: F401  (loads scipy's BLAS too)
            import sklearn  # noqa: F401

            out["threadpools"] = [
                {k: v for k, v in d.items() if k in ("user_api", "internal_api", "version",
                                                       "num_threads", "filepath", "architecture")}
                for d in threadpool_info()]
        except ImportError:
            out["threadpools"] = None
        cfg = np.show_config(mode="dicts")
        out["numpyBlas"] = cfg.get("Build Dependencies", {}).get("blas", {})
    else:
        raise SystemExit(f"unknown task {task}")
    Path(result_path).write_text(json.dumps(out))


# ----------------------------------------------------------------------------------------
# Parent side
# ----------------------------------------------------------------------------------------
def spawn(cmd: list[str]) -> dict:
    """Run cmd to completion; return wall seconds, peak RSS (MiB), exit code, stdout, stderr."""
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, env=os.environ.copy())
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        fo.seek(0)
        fe.seek(0)
        return {"wallSeconds": wall, "peakRssMiB": rusage.ru_maxrss / 1024.0,
                "userSeconds": rusage.ru_utime, "systemSeconds": rusage.ru_stime,
                "exitCode": proc.returncode,
                "stdout": fo.read().decode(errors="replace"), "stderr": fe.read().decode(errors="replace")}


def run_python_task(task: str, data: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tf:
        result_path = tf.name
    try:
        proc = spawn([sys.executable, str(Path(__file__).resolve()), "--child", task,
                      "--data", data, "--result-file", result_path])
        if proc["exitCode"] != 0:
            raise RuntimeError(f"{task} failed ({proc['exitCode']}):\n{proc['stderr'][-3000:]}")
        res = json.loads(Path(result_path).read_text())
    finally:
        os.unlink(result_path)
    res["peakRssMiB"] = proc["peakRssMiB"]
    res["processWallSeconds"] = proc["wallSeconds"]
    res["cpuSeconds"] = proc["userSeconds"] + proc["systemSeconds"]
    return res


def parse_timings(stderr: str) -> dict | None:
    for line in stderr.splitlines():
        if line.startswith("timings:"):
            return json.loads(line[len("timings:"):].strip())
    return None


def run_glassbox(task: str, glassbox: str, data: str, cols: list[str], model_path: str) -> dict:
    if task == "glassbox_describe":
        cmd = [glassbox, "describe", "--data", data]
    else:  # glassbox_train
        formula = "y ~ " + " + ".join(cols)
        cmd = [glassbox, "train", "logistic", "--data", data, "--formula", formula,
               "--out", model_path, "--force", "--timings"]
    proc = spawn(cmd)
    if proc["exitCode"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc['exitCode']}):\n{proc['stderr'][-3000:]}")
    res = {"task": task, "seconds": proc["wallSeconds"], "processWallSeconds": proc["wallSeconds"],
           "peakRssMiB": proc["peakRssMiB"], "cpuSeconds": proc["userSeconds"] + proc["systemSeconds"],
           "command": cmd}
    if task == "glassbox_train":
        timings = parse_timings(proc["stderr"])
        if timings is None:
            raise RuntimeError("glassbox train printed no 'timings: {...}' line on stderr")
        res["timings"] = timings
    return res


def agreement(ref_terms, ref_values, terms, values) -> dict:
    """max over terms of |a - b| / |b| (b = reference), plus the term where it happens."""
    ref = dict(zip(ref_terms, ref_values))
    if set(terms) != set(ref):
        return {"maxRelDiff": float("nan"), "term": None,
                "error": f"terms differ: {sorted(set(terms) ^ set(ref))}"}
    worst, where = 0.0, None
    for t, v in zip(terms, values):
        b = ref[t]
        r = abs(v - b) / abs(b) if b != 0 else abs(v - b)
        if r > worst:
            worst, where = r, t
    return {"maxRelDiff": worst, "term": where}


def summarise(runs: list[dict], key: str = "seconds") -> dict:
    vals = [r[key] for r in runs]
    return {"min": min(vals), "median": statistics.median(vals), "all": vals}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(HERE / "data" / "bench-1m-30.csv"))
    ap.add_argument("--glassbox", default=".build/release/glassbox", help="path to the glassbox binary")
    ap.add_argument("--skip-glassbox", action="store_true", help="run only the Python peers")
    ap.add_argument("--repeats", type=int, default=1, help="runs per task (min and median reported)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    ap.add_argument("--only", default="", help="comma-separated task names to run (default: all)")
    ap.add_argument("--model-out", help="where glassbox train writes its model (default: a fresh temp dir)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--result-file", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        child(args.child, args.data, args.result_file)
        return 0

    data = str(Path(args.data).resolve())
    with open(data) as f:
        header = f.readline().strip().split(",")
    cols = [c for c in header if c != "y"]
    nrows = None  # filled from the pandas read

    env = {k: os.environ[k] for k in ENV_KEYS if k in os.environ}
    load_start = list(os.getloadavg())
    blas = run_python_task("blas_info", data)
    print(f"data: {data} ({os.path.getsize(data) / 1e6:.1f} MB, {len(cols)} features)")
    print(f"python {platform.python_version()}, numpy {blas['numpy']}, cpu count {os.cpu_count()}")
    print(f"environment: {env or '(no BLAS threading variables set)'}")
    print(f"load average at start: {load_start}")
    for tp in blas.get("threadpools") or []:
        print(f"  threadpool: {tp.get('internal_api')} {tp.get('version')} threads={tp.get('num_threads')} "
              f"{tp.get('filepath')}")
    if blas.get("threadpools") is None:
        print("  threadpoolctl not installed; numpy build BLAS:", blas.get("numpyBlas"))

    python_tasks = ["read_pandas_c", "read_pandas_pyarrow", "fit_sklearn_lbfgs",
                    "fit_sklearn_newton_cholesky", "fit_statsmodels_newton", "e2e_pyarrow_lbfgs"]
    glassbox_tasks = [] if args.skip_glassbox else ["glassbox_describe", "glassbox_train"]
    only = set(filter(None, args.only.split(",")))
    # A private directory, not a shared /tmp/m.json: other runs on the machine may use that name.
    model_path = args.model_out or os.path.join(tempfile.mkdtemp(prefix="glassbox-bench-"), "m.json")

    results: dict[str, list[dict]] = {}
    for task in python_tasks + glassbox_tasks:
        if only and task not in only:
            continue
        runs = []
        for _ in range(args.repeats):
            if task.startswith("glassbox"):
                r = run_glassbox(task, args.glassbox, data, cols, model_path)
            else:
                r = run_python_task(task, data)
            runs.append(r)
            print(f"  {task:30s} {r['seconds']:9.3f} s   peak RSS {r['peakRssMiB']:8.1f} MiB", flush=True)
        results[task] = runs
        if task.startswith("read_pandas") and nrows is None:
            nrows = runs[0]["shape"][0]

    # ---- coefficient agreement (statsmodels Newton is the reference) ----
    agree = {}
    sm_run = results.get("fit_statsmodels_newton", [None])[0]
    if sm_run:
        for task in ("fit_sklearn_lbfgs", "fit_sklearn_newton_cholesky", "e2e_pyarrow_lbfgs"):
            if task in results:
                r = results[task][0]
                agree[task] = {"estimate": agreement(sm_run["terms"], sm_run["params"], r["terms"], r["params"])}
        if "glassbox_train" in results:
            proc = spawn([args.glassbox, "inspect", model_path, "--format", "json"])
            if proc["exitCode"] != 0:
                raise RuntimeError(f"glassbox inspect failed:\n{proc['stderr'][-3000:]}")
            coefs = json.loads(proc["stdout"])["coefficients"]
            terms = [c["term"] for c in coefs]
            agree["glassbox_train"] = {
                "estimate": agreement(sm_run["terms"], sm_run["params"], terms, [c["estimate"] for c in coefs]),
                "stdError": agreement(sm_run["terms"], sm_run["bse"], terms, [c["stdError"] for c in coefs]),
            }

    # ---- table ----
    def line(label, task, key="seconds"):
        if task not in results:
            return None
        s = summarise(results[task], key)
        rss = max(r["peakRssMiB"] for r in results[task])
        cpu = min(r["cpuSeconds"] for r in results[task])
        return label, s["min"], s["median"], rss, cpu

    rows = []
    rows.append(("(a) read", None, None, None, None))
    rows += [line("pandas.read_csv (C engine)", "read_pandas_c"),
             line("pandas.read_csv (engine=pyarrow)", "read_pandas_pyarrow"),
             line("glassbox describe (process wall)", "glassbox_describe")]
    rows.append(("(b) fit in memory", None, None, None, None))
    rows += [line("sklearn lbfgs", "fit_sklearn_lbfgs"),
             line("sklearn newton-cholesky", "fit_sklearn_newton_cholesky"),
             line("statsmodels Logit newton", "fit_statsmodels_newton")]
    if "glassbox_train" in results:
        for r in results["glassbox_train"]:
            r["fitSeconds"] = r["timings"]["fit"]
        rows.append(line("glassbox train: timings.fit", "glassbox_train", "fitSeconds"))
    rows.append(("(c) end to end", None, None, None, None))
    rows += [line("pyarrow read + sklearn lbfgs", "e2e_pyarrow_lbfgs"),
             line("glassbox train logistic (process wall)", "glassbox_train")]
    print()
    print(f"{'benchmark':42s} {'min s':>9s} {'median s':>9s} {'peak RSS MiB':>13s} {'process CPU s':>14s}")
    for row in rows:
        if row is None:
            continue
        label, mn, med, rss, cpu = row
        if mn is None:
            print(label)
        else:
            print(f"  {label:40s} {mn:9.3f} {med:9.3f} {rss:13.1f} {cpu:14.1f}")

    def best(task, key="seconds"):
        return summarise(results[task], key)["min"] if task in results else None

    ratios = {}
    pairs = [("read: pandas C / pyarrow", "read_pandas_c", "read_pandas_pyarrow", "seconds"),
             ("fit: lbfgs / newton-cholesky", "fit_sklearn_lbfgs", "fit_sklearn_newton_cholesky", "seconds"),
             ("fit: statsmodels / newton-cholesky", "fit_statsmodels_newton", "fit_sklearn_newton_cholesky", "seconds"),
             ("read: pyarrow / glassbox describe", "read_pandas_pyarrow", "glassbox_describe", "seconds"),
             ("fit: statsmodels / glassbox", "fit_statsmodels_newton", "glassbox_train", "fitSeconds"),
             ("fit: sklearn lbfgs / glassbox", "fit_sklearn_lbfgs", "glassbox_train", "fitSeconds"),
             ("e2e: pyarrow+lbfgs / glassbox", "e2e_pyarrow_lbfgs", "glassbox_train", "seconds")]
    print("\nratios (min times; > 1 means the second is faster)")
    for label, a, b, key in pairs:
        ta = best(a)
        tb = best(b, key if b == "glassbox_train" else "seconds")
        if ta is not None and tb is not None and tb > 0:
            ratios[label] = ta / tb
            print(f"  {label:40s} {ta / tb:8.2f}")
    if agree:
        print("\ncoefficient agreement vs statsmodels Newton (max |delta| / |beta|)")
        for task, a in agree.items():
            extra = "".join(f"  {k}: {v['maxRelDiff']:.3e} ({v['term']})" for k, v in a.items())
            conv = results[task][0].get("converged")
            print(f"  {task:30s}{extra}" + ("" if conv is None else f"  converged={conv}"))

    for runs in results.values():
        for r in runs:  # keep latest.json small and readable
            r.pop("params", None)
            r.pop("bse", None)
    doc = {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "data": {"path": data, "bytes": os.path.getsize(data), "rows": nrows, "features": len(cols)},
        "machine": {"platform": platform.platform(), "cpuCount": os.cpu_count(),
                    "python": platform.python_version(),
                    "loadAverageAtStart": load_start, "loadAverageAtEnd": list(os.getloadavg())},
        "environment": env,
        "blas": blas,
        "repeats": args.repeats,
        "glassbox": None if args.skip_glassbox else args.glassbox,
        "results": {t: {"summary": summarise(r), "runs": r} for t, r in results.items()},
        "ratios": ratios,
        "agreement": agree,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=1) + "\n")
    tmp.replace(args.out)
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
