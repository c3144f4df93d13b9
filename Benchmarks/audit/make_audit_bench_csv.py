#!/usr/bin/env python3
"""Write the audit benchmark CSV: N scored rows, 4 groups, a binary outcome, plus a text column.

  python Benchmarks/audit/make_audit_bench_csv.py --rows 1000000 --seed 1 --out Benchmarks/data/audit-1m.csv
"""
import argparse

import numpy as np
import pandas as pd

p = argparse.ArgumentParser()
p.add_argument("--rows", type=int, default=1_000_000)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--out", required=True)
a = p.parse_args()
rng = np.random.default_rng(a.seed)
n = a.rows
group = rng.choice(np.array(["Black", "Hispanic", "Other", "White"], dtype=object), size=n, p=[0.2, 0.15, 0.1, 0.55])
latent = rng.normal(size=n)
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-latent))).astype(int)
shift = np.where(group == "Black", -0.4, 0.0)
score = np.round(1 / (1 + np.exp(-(latent + shift + rng.normal(scale=1.0, size=n)))), 4)
pd.DataFrame({"id": np.arange(1, n + 1), "score": score, "y": y, "race": group,
              "county": rng.choice(np.array(["Adams", "Brown", "Clark"], dtype=object), size=n)}).to_csv(a.out, index=False)
print(f"wrote {a.out}: {n} rows")
