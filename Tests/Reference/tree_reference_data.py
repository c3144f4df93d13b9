"""The seeded voter-like rows the tree-model reference scripts train and predict on.

`Tests/GlassboxModelsTests/Trees/TreeReferenceRows.swift` regenerates the same rows bit for bit from the
same seed (SplitMix64, integer arithmetic only), so the fixtures store the makers' predictions but not the
50,000 prediction rows. Columns: age (NaN about 1 in 17), income (NaN about 1 in 11), contacts (0–5, many
zeros), county (12 levels, missing about 1 in 29), party (3 levels, missing about 1 in 31), past (uniform
[0, 1)). Categorical columns are codes into COUNTY_LEVELS / PARTY_LEVELS, -1 when missing.
"""
from __future__ import annotations

import math

import numpy as np

MASK = (1 << 64) - 1
COUNTY_LEVELS = [f"C{i:02d}" for i in range(12)]
PARTY_LEVELS = ["DEM", "REP", "IND"]
NUMERIC = ["age", "income", "contacts", "past"]
COLUMNS = ["age", "income", "contacts", "county", "party", "past"]


class SplitMix64:
    """SplitMix64 (Steele, Lea & Flood 2014), the generator every tree reference script and the Swift tests'
    row generators share (integer arithmetic only, so both sides draw the same numbers)."""

    def __init__(self, seed: int):
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self) -> float:
        """A double in [0, 1) from the top 53 bits of the next draw."""
        return (self.next() >> 11) * 2.0 ** -53


def rows(seed: int, n: int):
    """Columns of n rows as float64 arrays (categorical columns as codes, -1 missing) and a label draw u."""
    g = SplitMix64(seed)
    out = {c: np.empty(n) for c in COLUMNS}
    u = np.empty(n)
    for i in range(n):
        a, b, c, d, e, f, h = (g.next() for _ in range(7))
        out["age"][i] = math.nan if a % 17 == 0 else float(18 + (a >> 8) % 73)
        out["income"][i] = math.nan if b % 11 == 0 else float((b >> 8) % 4000) / 40.0
        out["contacts"][i] = float(c % 6)
        out["county"][i] = -1.0 if d % 29 == 0 else float((d >> 8) % 12)
        out["party"][i] = -1.0 if e % 31 == 0 else float((e >> 8) % 3)
        out["past"][i] = float(f >> 11) * 2.0 ** -53
        u[i] = float(h >> 11) * 2.0 ** -53
    return out, u


def labels(cols, u):
    """A turnout-like outcome with a county effect and a party effect (Python side only)."""
    age = np.nan_to_num(cols["age"], nan=45.0)
    income = np.nan_to_num(cols["income"], nan=40.0)
    county = cols["county"]
    logit = (-1.0 + 0.04 * (age - 45) + 0.01 * (income - 50) + 0.3 * cols["contacts"] + 1.5 * (cols["past"] - 0.5)
             + np.where(county >= 0, (county % 4 - 1.5) * 0.4, 0.2) + np.where(cols["party"] == 1, -0.5, 0.0))
    return (u < 1 / (1 + np.exp(-logit))).astype(np.int64)


def threshold_rows(base, splits):
    """Rows whose value on a split feature equals that split's threshold exactly: base row k (cycled) with
    column `name` set to `threshold`, for each (name, threshold) in splits."""
    n = len(next(iter(base.values())))
    out = {c: np.empty(len(splits)) for c in COLUMNS}
    for k, (name, threshold) in enumerate(splits):
        for c in COLUMNS:
            out[c][k] = base[c][k % n]
        out[name][k] = threshold
    return out


def write_or_check(out, prefix, extension, models, meta, check):
    """Writes (or, with check, compares) each model's file `{prefix}-{name}.{extension}`, its predictions
    `{prefix}-{name}.predictions.f64` (little-endian float64) and `{prefix}-reference.json` (meta plus each
    model's file names and threshold rows, thresholds as repr text). models: name -> {"text", "splits",
    "predictions"}. With check, exits 1 if a file differs or a prediction differs by more than 1e-12."""
    import json
    import sys

    meta = dict(meta, models={})
    failures = []
    for name, m in models.items():
        model_file, pred_file = out / f"{prefix}-{name}.{extension}", out / f"{prefix}-{name}.predictions.f64"
        meta["models"][name] = {"model": model_file.name, "predictions": pred_file.name,
                                "thresholdRows": [[c, repr(t)] for c, t in m["splits"]]}
        if check:
            if model_file.read_text() != m["text"]:
                failures.append(f"{model_file.name} differs from a fresh run")
            stored = np.fromfile(pred_file, dtype="<f8")
            if stored.shape != m["predictions"].shape:
                failures.append(f"{pred_file.name}: {stored.shape} predictions, expected {m['predictions'].shape}")
            else:
                # rows without a prediction (NaN) must be the same rows; the others agree to 1e-12
                missing, expected_missing = np.isnan(stored), np.isnan(m["predictions"])
                both = ~(missing | expected_missing)
                diff = float(np.max(np.abs(stored[both] - m["predictions"][both]), initial=0.0))
                print(f"{prefix} {name}: max |stored - maker's prediction| = {diff:.3g}"
                      f" ({int(missing.sum())} rows without a prediction)")
                if not np.array_equal(missing, expected_missing):
                    failures.append(f"{pred_file.name}: rows without a prediction differ")
                if not diff <= 1e-12:
                    failures.append(f"{pred_file.name} differs by {diff}")
        else:
            out.mkdir(parents=True, exist_ok=True)
            model_file.write_text(m["text"])
            m["predictions"].astype("<f8").tofile(pred_file)
    meta_file = out / f"{prefix}-reference.json"
    text = json.dumps(meta, indent=1) + "\n"
    if not check:
        meta_file.write_text(text)
        return
    if meta_file.read_text() != text:
        failures.append(f"{meta_file.name} differs")
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)
