"""Writes Tests/Fixtures/patsy-terms.json: design-matrix column names and values from patsy.

Run: /tmp/pyvenv/bin/python Tests/Reference/make_patsy_terms.py   (needs numpy, pandas, patsy)

Each case gives the patsy formula, the equivalent Glassbox formula, and patsy's column names
translated to Glassbox's naming (docs/conventions.md): "Intercept" -> "(Intercept)", "x[T.b]" -> "x[b]",
"C(col, …)" -> "col", numeric levels "2.0" -> "2", and expression factors renamed as listed.
"""
import json
import math
import pathlib
import re

import numpy as np
import pandas as pd
import patsy

rng = np.random.default_rng(20240601)
n = 40
data = {
    "y": np.round(rng.normal(size=n), 6),
    "x": np.round(rng.uniform(0.5, 3.0, size=n), 6),
    "z": np.round(rng.normal(size=n), 6),
    "n": rng.choice([1.0, 2.0, 2.5, 4.0], size=n),
    "r": rng.choice(["a", "b", "c"], size=n),
    "g": rng.choice(["p", "q"], size=n),
    "party": rng.choice(["DEM", "IND", "REP"], size=n),
}
# Missing values (every level still occurs in kept rows, so patsy's level sniffing agrees).
data["x"][3] = np.nan
data["z"][7] = np.nan
r = data["r"].astype(object)
r[11] = None
data["r"] = r
frame = pd.DataFrame(data)

# (patsy formula, glassbox formula, patsy factor name -> glassbox name)
cases = [
    ("y ~ x + z", "y ~ x + z", {}),
    ("y ~ x*r + z", "y ~ x*r + z", {}),
    ("y ~ r:g", "y ~ r:g", {}),
    ("y ~ 0 + r:g", "y ~ 0 + r:g", {}),
    ("y ~ r + g - 1", "y ~ r + g - 1", {}),
    ("y ~ x:z + r + x + r:x:z", "y ~ x:z + r + x + r:x:z", {}),
    ("y ~ 0 + x:r + r", "y ~ 0 + x:r + r", {}),
    ("y ~ r*g*x", "y ~ r*g*x", {}),
    ("y ~ x:r", "y ~ x:r", {}),
    ("y ~ r + r:x", "y ~ r + r:x", {}),
    ("y ~ (x + r):g - 1", "y ~ (x + r):g - 1", {}),
    ("y ~ (x + z + r)**2", "y ~ (x + z + r)^2", {}),
    ("y ~ r/x", "y ~ r/x", {}),
    ("y ~ C(n) + C(r, Treatment('b'))", "y ~ C(n) + C(r, ref=\"b\")", {}),
    ("y ~ C(n, Treatment(2.5)):x", "y ~ C(n, ref=2.5):x", {}),
    ("y ~ g:party + x", "y ~ g:party + x", {}),
    ("y ~ I(x**2) + np.log(x) + np.sqrt(x) + np.exp(z)",
     "y ~ I(x^2) + log(x) + sqrt(x) + exp(z)",
     {"I(x ** 2)": "I(x^2)", "np.log(x)": "log(x)", "np.sqrt(x)": "sqrt(x)", "np.exp(z)": "exp(z)"}),
    ("y ~ I((x + z)/2) + I(-x) + I(x > 1.5) + I(2 ** x)",
     "y ~ I((x + z)/2) + I(-x) + I(x > 1.5) + I(2**x)",
     {"I((x + z) / 2)": "I((x + z)/2)", "I(-x)": "I(-x)", "I(x > 1.5)[T.True]": "I(x > 1.5)", "I(2 ** x)": "I(2^x)"}),
    ("y ~ x + I(party == 'DEM') + I(party != 'REP')",
     "y ~ x + I(party == \"DEM\") + I(party != \"REP\")",
     {"I(party == 'DEM')[T.True]": "I(party == \"DEM\")", "I(party != 'REP')[T.True]": "I(party != \"REP\")"}),
    ("y ~ np.log(x):r + z", "y ~ log(x):r + z", {"np.log(x)": "log(x)"}),
    ("I(y > 0) ~ x + g", "I(y > 0) ~ x + g", {}),
]


def translate(name, renames):
    parts = []
    for part in name.split(":"):
        if part == "Intercept":
            parts.append("(Intercept)")
            continue
        if part in renames:
            parts.append(renames[part])
            continue
        m = re.fullmatch(r"(.*)\[(T\.)?(.*)\]", part)
        if m:
            factor, level = m.group(1), m.group(3)
            c = re.fullmatch(r"C\((\w+).*\)", factor)
            if c:
                factor = c.group(1)
            if re.fullmatch(r"-?\d+\.0", level):
                level = level[:-2]
            parts.append(f"{factor}[{level}]")
        else:
            parts.append(part)
    return ":".join(parts)


def number(v):
    v = float(v)
    if math.isnan(v):
        return None
    return v


out_cases = []
for patsy_formula, formula, renames in cases:
    y, X = patsy.dmatrices(patsy_formula, frame, return_type="dataframe", NA_action="drop")
    if y.shape[1] == 2:  # a boolean response comes out as two indicator columns
        y = y.iloc[:, [1]]
    out_cases.append({
        "patsy": patsy_formula,
        "formula": formula,
        # patsy codes a True/False factor as categorical, which moves it to the no-numeric bucket;
        # Glassbox keeps comparisons numeric (0/1), so only the set of columns must agree there.
        "orderAsPatsy": not any(op in formula.split("~")[1] for op in (">", "<", "==", "!=")),
        "patsyNames": list(X.columns),
        "names": [translate(c, renames) for c in X.columns],
        "rows": [int(i) for i in X.index],
        "x": [[float(v) for v in X[c]] for c in X.columns],
        "y": [float(v) for v in y.iloc[:, 0]],
    })

columns = []
for name in frame.columns:
    col = frame[name]
    if not pd.api.types.is_numeric_dtype(col):
        columns.append({"name": name, "kind": "categorical", "values": [None if (v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA) else str(v) for v in col]})
    else:
        columns.append({"name": name, "kind": "numeric", "values": [number(v) for v in col]})

root = pathlib.Path(__file__).resolve().parent.parent
path = root / "Fixtures" / "patsy-terms.json"
path.write_text(json.dumps({"patsyVersion": patsy.__version__, "columns": columns, "cases": out_cases}, indent=1) + "\n")
print(f"wrote {path} ({len(out_cases)} cases)")
