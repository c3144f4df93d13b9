#!/usr/bin/env python3
"""Write a large CSV for the logistic-regression benchmarks.

Columns: y (0/1 drawn from a known logistic model), x1..xC (numeric, mixed scales: standard
normals, large-offset "age/income-like" columns, small-scale columns, log-normal and uniform
columns). Floats are written with Python's repr (shortest round-trip form), so readers that
parse correctly recover the exact doubles. Deterministic for a given --seed/--rows/--cols.

  python Benchmarks/make_bench_csv.py --rows 1000000 --cols 30 --seed 1 \\
      --out Benchmarks/data/bench-1m-30.csv

The true coefficients are written next to the CSV as <out>.truth.json.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

CHUNK = 50_000


def column_specs(cols: int, rng: np.random.Generator):
    """Per column: (kind, location, scale). Scales span ~1e-3 .. 1e4 on purpose."""
    kinds = ["normal", "offset", "small", "lognormal", "uniform"]
    specs = []
    for j in range(cols):
        kind = kinds[j % len(kinds)]
        if kind == "normal":
            specs.append((kind, 0.0, 1.0))
        elif kind == "offset":  # e.g. ages, years, incomes: large mean, moderate spread
            specs.append((kind, float(10 ** rng.uniform(1.5, 4.0)), float(10 ** rng.uniform(0.5, 3.0))))
        elif kind == "small":
            specs.append((kind, 0.0, float(10 ** rng.uniform(-3.0, -1.0))))
        elif kind == "lognormal":
            specs.append((kind, float(rng.uniform(0.0, 3.0)), float(rng.uniform(0.3, 1.0))))
        else:
            specs.append((kind, float(rng.uniform(-100, 0)), float(rng.uniform(1, 200))))
    return specs


def draw(specs, n, rng):
    X = np.empty((n, len(specs)))
    for j, (kind, loc, scale) in enumerate(specs):
        if kind == "lognormal":
            X[:, j] = rng.lognormal(loc, scale, n)
        elif kind == "uniform":
            X[:, j] = loc + scale * rng.random(n)
        else:
            X[:, j] = loc + scale * rng.standard_normal(n)
    return X


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    specs = column_specs(args.cols, rng)
    # Coefficients with |beta_j| * sd_j of about 0.1..0.4, so every column matters but none dominates.
    sds = []
    for kind, loc, scale in specs:
        if kind == "lognormal":
            sds.append(float(np.sqrt((np.exp(scale**2) - 1) * np.exp(2 * loc + scale**2))))
        elif kind == "uniform":
            sds.append(scale / np.sqrt(12))
        else:
            sds.append(scale)
    sds = np.array(sds)
    beta = rng.choice([-1.0, 1.0], args.cols) * rng.uniform(0.1, 0.4, args.cols) / sds
    means = np.array([
        np.exp(loc + scale**2 / 2) if kind == "lognormal" else loc + scale / 2 if kind == "uniform" else loc
        for kind, loc, scale in specs])
    intercept = -0.6 - float(means @ beta)  # prevalence around 0.35

    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    t0 = time.perf_counter()
    ones = 0
    with open(tmp, "w", newline="\n") as f:
        f.write(",".join(["y"] + [f"x{j + 1}" for j in range(args.cols)]) + "\n")
        done = 0
        while done < args.rows:
            n = min(CHUNK, args.rows - done)
            X = draw(specs, n, rng)
            p = 1.0 / (1.0 + np.exp(-(intercept + X @ beta)))
            y = (rng.random(n) < p).astype(int)
            ones += int(y.sum())
            lines = [
                str(yi) + "," + ",".join(map(repr, row))
                for yi, row in zip(y.tolist(), X.tolist())
            ]
            f.write("\n".join(lines) + "\n")
            done += n
    tmp.replace(args.out)
    truth = {"rows": args.rows, "cols": args.cols, "seed": args.seed, "intercept": intercept,
             "coefficients": {f"x{j + 1}": float(b) for j, b in enumerate(beta)},
             "columns": [{"name": f"x{j + 1}", "kind": k, "location": loc, "scale": s}
                         for j, (k, loc, s) in enumerate(specs)],
             "prevalence": ones / args.rows}
    Path(str(args.out) + ".truth.json").write_text(json.dumps(truth, indent=1) + "\n")
    size = args.out.stat().st_size
    print(f"wrote {args.out}: {args.rows} rows x {args.cols} features, {size / 1e6:.1f} MB, "
          f"prevalence {ones / args.rows:.4f}, {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
