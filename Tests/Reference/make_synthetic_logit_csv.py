#!/usr/bin/env python3
"""Write Tests/Fixtures/synthetic-logit.csv: a small, deterministic logistic-regression data set.

The outcome `y` is drawn from a known logistic model (coefficients in TRUE_COEFFICIENTS below) with a
random intercept shared within each `cluster`, so cluster-robust standard errors differ visibly from
model-based ones. A handful of `income` and `region` fields are left empty so that row dropping
(R's na.omit) is exercised. Floats are written with `repr` (shortest round-trip representation).

Usage:  python Tests/Reference/make_synthetic_logit_csv.py [--out PATH] [--check]
With --check the file is regenerated in memory and compared byte for byte with PATH.
"""
import argparse
import io
import sys
from pathlib import Path

import numpy as np

SEED = 20240917
N_ROWS = 3000
N_CLUSTERS = 60
REGIONS = ["Midwest", "Northeast", "South", "West"]
REGION_PROBS = [0.22, 0.17, 0.38, 0.23]  # unequal sizes; South is the largest
PARTIES = ["DEM", "IND", "REP"]
PARTY_PROBS = [0.41, 0.24, 0.35]
N_MISSING_INCOME = 17
N_MISSING_REGION = 11

# Linear predictor (logit scale) used to draw y. Not the fitted values: the data are a random sample.
TRUE_COEFFICIENTS = {
    "(Intercept)": -0.9,
    "age": 0.021,  # per year
    "income": 0.006,  # per thousand
    "x1": 0.45,
    "female": 0.30,
    "x1:female": -0.35,
    "region[Midwest]": 0.25,
    "region[Northeast]": -0.40,
    "region[West]": 0.15,
    "party[IND]": -0.30,
    "party[REP]": -0.70,
    "cluster effect sd": 0.45,
}

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "Tests" / "Fixtures" / "synthetic-logit.csv"


def generate() -> str:
    rng = np.random.default_rng(SEED)
    n = N_ROWS
    age = rng.integers(18, 91, size=n)  # 18..90 inclusive
    income = np.exp(rng.normal(np.log(55.0), 0.6, size=n))  # thousands, positive, right-skewed
    x1 = rng.normal(0.0, 1.0, size=n)
    female = (rng.random(n) < 0.53).astype(int)
    region = rng.choice(len(REGIONS), size=n, p=REGION_PROBS)
    party = rng.choice(len(PARTIES), size=n, p=PARTY_PROBS)
    w = rng.integers(1, 6, size=n)  # 1..5: valid frequency weights
    cluster = rng.integers(1, N_CLUSTERS + 1, size=n)
    cluster_effect = rng.normal(0.0, TRUE_COEFFICIENTS["cluster effect sd"], size=N_CLUSTERS + 1)

    c = TRUE_COEFFICIENTS
    eta = (
        c["(Intercept)"]
        + c["age"] * (age - 50)
        + c["income"] * (income - 55.0)
        + c["x1"] * x1
        + c["female"] * female
        + c["x1:female"] * x1 * female
        + np.array([c["region[Midwest]"], c["region[Northeast]"], 0.0, c["region[West]"]])[region]
        + np.array([0.0, c["party[IND]"], c["party[REP]"]])[party]
        + cluster_effect[cluster]
    )
    p = 1.0 / (1.0 + np.exp(-eta))
    y = (rng.random(n) < p).astype(int)

    missing_income = set(rng.choice(n, size=N_MISSING_INCOME, replace=False).tolist())
    missing_region = set(rng.choice(n, size=N_MISSING_REGION, replace=False).tolist())

    out = io.StringIO()
    out.write("y,age,income,x1,female,region,party,w,cluster\n")
    for i in range(n):
        fields = [
            str(y[i]),
            str(age[i]),
            "" if i in missing_income else repr(float(income[i])),
            repr(float(x1[i])),
            str(female[i]),
            "" if i in missing_region else REGIONS[region[i]],
            PARTIES[party[i]],
            str(w[i]),
            str(cluster[i]),
        ]
        out.write(",".join(fields) + "\n")
    return out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="compare with the existing file instead of writing")
    args = ap.parse_args()
    text = generate()
    if args.check:
        existing = args.out.read_text()
        if existing != text:
            print(f"MISMATCH: {args.out} differs from what the script generates", file=sys.stderr)
            return 1
        print(f"ok: {args.out} matches")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".csv.tmp")
    tmp.write_text(text)
    tmp.replace(args.out)
    print(f"wrote {args.out} ({N_ROWS} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
