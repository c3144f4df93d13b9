#!/usr/bin/env python3
"""Column projection and reading speed (issue 15): Glassbox against itself and against pandas.

1. Wide file (make_wide_csv.py, 1,000,000 x 300): `glassbox train logistic --formula "y ~ x1 + ... + x9"`
   (10 of the 300 columns) -- peak RSS (`ru_maxrss` of the child, as `/usr/bin/time -v` reports it) and
   the read phase of `--timings` -- against `glassbox describe`, which reads all 300 columns. The
   baseline RSS is the same train command on the file's first 1,000 rows (same binary, libraries,
   BLAS start-up, formula; a table of 1,000 rows is 80 kB), so peak - baseline is what the data cost.
2. The 1M x 30 benchmark file (make_bench_csv.py): `glassbox describe` (whole process, and its read phase)
   against `pandas.read_csv(F)` (timed inside the child, import excluded).

Every measurement is a separate process, repeated --repeats times with the sides interleaved; the best
(minimum) time of each is kept, with the peak RSS of that run.

    python Benchmarks/csv/make_wide_csv.py --rows 1000000 --cols 300 --seed 1 --out Benchmarks/data/wide-1m-300.csv
    python Benchmarks/make_bench_csv.py --rows 1000000 --cols 30 --seed 1 --out Benchmarks/data/bench-1m-30.csv
    python Benchmarks/csv/bench_projection.py --glassbox .build/release/glassbox \\
        --wide Benchmarks/data/wide-1m-300.csv --bench Benchmarks/data/bench-1m-30.csv
"""
import argparse
import json
import os
import sys
import tempfile
import time

from measure import run_child, timings

PANDAS_READ = """
import sys, time
import pandas
t = time.perf_counter()
pandas.read_csv(sys.argv[1])
print(time.perf_counter() - t)
"""


def run_measured(argv):
    """Runs argv in a child and returns (wall s, peak RSS MiB, stdout, stderr) from wait4."""
    wall, usage, out, err = run_child(argv)
    return wall, usage.ru_maxrss / 1024, out, err


def best(samples):
    return min(samples, key=lambda s: s["wall"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--glassbox", required=True)
    ap.add_argument("--wide", required=True)
    ap.add_argument("--bench", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "results", "projection.json"))
    args = ap.parse_args()

    g = args.glassbox
    formula = "y ~ " + " + ".join(f"x{j}" for j in range(1, 10))
    tmp = tempfile.mkdtemp()
    small = os.path.join(tmp, "wide-1000.csv")
    with open(args.wide, "rb") as src, open(small, "wb") as dst:
        for k, line in enumerate(src):
            if k > 1000:
                break
            dst.write(line)
    model = os.path.join(tmp, "m.json")
    train = lambda data: [g, "train", "logistic", "--data", data, "--formula", formula, "--out", model, "--force", "--timings", "--quiet"]
    describe = lambda data: [g, "describe", "--data", data, "--timings", "--quiet"]
    for path in (args.wide, args.bench):  # warm the page cache
        with open(path, "rb") as f:
            while f.read(1 << 24):
                pass

    load_start = os.getloadavg()
    results = {k: [] for k in ["baseline", "train_wide", "describe_wide", "describe_bench", "pandas_bench"]}
    for r in range(args.repeats):
        for key, argv in [("baseline", train(small)), ("train_wide", train(args.wide)), ("describe_wide", describe(args.wide)),
                          ("describe_bench", describe(args.bench)),
                          ("pandas_bench", [args.python, "-c", PANDAS_READ, args.bench])]:
            wall, rss, out, err = run_measured(argv)
            sample = {"wall": wall, "rssMiB": rss}
            if key == "pandas_bench":
                sample["readSeconds"] = float(out.strip().splitlines()[-1])
            else:
                sample["timings"] = timings(err)
            results[key].append(sample)
            print(f"round {r + 1} {key}: wall {wall:.3f} s, peak RSS {rss:.0f} MiB {sample.get('timings') or sample.get('readSeconds')}",
                  flush=True)
    load_end = os.getloadavg()

    b = {k: best(v) for k, v in results.items()}
    pandas_best = min(s["readSeconds"] for s in results["pandas_bench"])
    summary = {
        "loadAverageStart": load_start, "loadAverageEnd": load_end, "repeats": args.repeats,
        "wide": {
            "baselineRSSMiB": b["baseline"]["rssMiB"],
            "trainPeakRSSMiB": b["train_wide"]["rssMiB"],
            "trainRSSOverBaselineMB": (b["train_wide"]["rssMiB"] - b["baseline"]["rssMiB"]) * 1.048576,
            "tenColumnsMB": 80.0,
            "trainReadSeconds": min(s["timings"].get("read", 1e9) for s in results["train_wide"]),
            "describeReadSeconds": min(s["timings"].get("read", 1e9) for s in results["describe_wide"]),
            "describeWallSeconds": b["describe_wide"]["wall"], "trainWallSeconds": b["train_wide"]["wall"],
        },
        "bench": {
            "describeWallSeconds": b["describe_bench"]["wall"],
            "describeReadSeconds": min(s["timings"].get("read", 1e9) for s in results["describe_bench"]),
            "describeRSSMiB": b["describe_bench"]["rssMiB"],
            "pandasReadSeconds": pandas_best, "pandasRSSMiB": b["pandas_bench"]["rssMiB"],
        },
        "runs": results,
    }
    w, bb = summary["wide"], summary["bench"]
    w["readSpeedup"] = w["describeReadSeconds"] / w["trainReadSeconds"]
    bb["speedupWholeProcess"] = pandas_best / bb["describeWallSeconds"]
    bb["speedupReadPhase"] = pandas_best / bb["describeReadSeconds"]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps({k: v for k, v in summary.items() if k != "runs"}, indent=2))


if __name__ == "__main__":
    main()
