#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/xgboost/: small XGBoost models saved by xgboost's own save_model (JSON and
UBJSON) and xgboost's predictions, for Glassbox's XGBoost importer and tree scorer.

Data: a seeded voter-file simulation that Swift regenerates bit for bit (splitmix64; see
Tests/GlassboxTestSupport/VoterSimulation.swift): age, income (10% missing, decimals that are not
float32 values), county (12 levels, 5% missing, categorical), party (3 levels, categorical), history (0-4,
8% missing). Training rows come from seed 17, scored rows from seed 2026 (50,000 rows), followed by "threshold
rows": for every numeric split (feature, threshold) of the model, in tree and node order, three copies of a
scored row with that feature set to the threshold itself, to the next double below it (equal in float32) and
to the threshold minus 1e-9 of its magnitude.

Models:
  logistic-categorical: binary:logistic, hist, depth 4, 40 trees, enable_categorical (partition splits,
                        max_cat_to_onehot=1), all five features.
  logitraw:             binary:logitraw, depth 3, 25 trees, numeric features only.
  reg-logistic:         reg:logistic, depth 3, 10 trees, one-hot categorical splits (max_cat_to_onehot=16).

Each model is saved as NAME.json and NAME.ubj; NAME-predictions.json holds xgboost's predict() (probability,
or margin for logitraw) for every scored and threshold row as base64 float32 (little-endian), and
get_score() for every importance type (weight, gain, cover, total_gain, total_cover).

Usage:
  python Tests/Reference/make_xgboost_reference.py           # (re)write the fixtures
  python Tests/Reference/make_xgboost_reference.py --check   # retrain; exit 1 if a prediction differs by
                                                             # more than 1e-6 or a model's trees differ
"""
from __future__ import annotations

import argparse
import base64
import json
import math
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import xgboost as xgb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tree_reference_data import SplitMix64  # noqa: E402  (the generator the tree scripts share)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "xgboost"
TRAIN_SEED, SCORE_SEED, SCORE_ROWS, TRAIN_ROWS = 17, 2026, 50_000, 20_000
COUNTIES = [f"county_{k:02d}" for k in range(12)]
PARTIES = ["D", "I", "R"]
FEATURES = ["age", "income", "county", "party", "history"]


def simulate(seed: int, rows: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Eight draws per row, in this order (Swift draws the same)."""
    g = SplitMix64(seed)
    age, income, county, party, history, y = [], [], [], [], [], []
    for _ in range(rows):
        u = [g.uniform() for _ in range(8)]
        a = 18.0 + math.floor(u[0] * 73)
        inc = math.nan if u[2] < 0.1 else math.floor(u[1] * 1_500_000) / 10
        c = None if u[4] < 0.05 else COUNTIES[math.floor(u[3] * 12)]
        p = PARTIES[math.floor(u[5] * 3)]
        h = math.nan if u[7] < 0.08 else float(math.floor(u[6] * 5))
        eta = -1.5 + 0.03 * (a - 18) + 0.35 * (0 if math.isnan(h) else h) + (0.8 if c == "county_03" else -0.7 if c == "county_07" else 0) \
            + (0.3 if p == "D" else 0) - (0.000004 * inc if not math.isnan(inc) else 0.2)
        # The outcome draw reuses u[0] and u[6] scrambled, so the row takes exactly eight draws.
        v = (u[0] * 7919 + u[6] * 104729) % 1.0
        y.append(1 if v < 1 / (1 + math.exp(-eta)) else 0)
        age.append(a); income.append(inc); county.append(c); party.append(p); history.append(h)
    frame = pd.DataFrame({
        "age": np.array(age), "income": np.array(income),
        "county": pd.Categorical(county, categories=COUNTIES), "party": pd.Categorical(party, categories=PARTIES),
        "history": np.array(history)})
    return frame, np.array(y)


def threshold_rows(model: dict, scored: pd.DataFrame) -> pd.DataFrame:
    """For every distinct numeric (feature, threshold) in tree and node order: three copies of scored row
    k mod 1000 with that feature at the threshold, the double just below it, and 1e-9 of its magnitude below."""
    names = model["learner"]["feature_names"]
    seen, picks = set(), []
    for tree in model["learner"]["gradient_booster"]["model"]["trees"]:
        types = tree.get("split_type", [0] * len(tree["left_children"]))
        for i, left in enumerate(tree["left_children"]):
            if left == -1 or types[i] != 0:
                continue
            f, t = tree["split_indices"][i], float(np.float32(tree["split_conditions"][i]))
            if (f, t) not in seen:
                seen.add((f, t))
                picks.append((names[f], t))
    rows = []
    for k, (name, t) in enumerate(picks):
        for value in (t, math.nextafter(t, -math.inf), t - 1e-9 * abs(t)):
            row = scored.iloc[[k % 1000]].copy()
            row[name] = value
            rows.append(row)
    return pd.concat(rows, ignore_index=True) if rows else scored.iloc[0:0]


MODELS = {
    "logistic-categorical": (dict(objective="binary:logistic", max_depth=4, eta=0.3, tree_method="hist", max_cat_to_onehot=1,
                                  seed=1, nthread=1), 40, FEATURES),
    "logitraw": (dict(objective="binary:logitraw", max_depth=3, eta=0.3, tree_method="hist", seed=1, nthread=1), 25,
                 ["age", "income", "history"]),
    "reg-logistic": (dict(objective="reg:logistic", max_depth=3, eta=0.3, tree_method="hist", max_cat_to_onehot=16, seed=1,
                          nthread=1), 10, FEATURES),
}


def build(directory: Path) -> dict[str, np.ndarray]:
    train, y = simulate(TRAIN_SEED, TRAIN_ROWS)
    scored, _ = simulate(SCORE_SEED, SCORE_ROWS)
    predictions = {}
    for name, (params, rounds, columns) in MODELS.items():
        booster = xgb.train(params, xgb.DMatrix(train[columns], y, enable_categorical=True), rounds)
        booster.save_model(str(directory / f"{name}.json"))
        booster.save_model(str(directory / f"{name}.ubj"))
        model = json.loads((directory / f"{name}.json").read_text())
        rows = pd.concat([scored[columns], threshold_rows(model, scored[columns])], ignore_index=True)
        p = booster.predict(xgb.DMatrix(rows, enable_categorical=True)).astype("<f4")
        importance = {kind: {k: float(v) for k, v in booster.get_score(importance_type=kind).items()}
                      for kind in ("weight", "gain", "cover", "total_gain", "total_cover")}
        predictions[name] = (p, importance)
    return predictions


def write_predictions(directory: Path, predictions: dict[str, tuple]) -> None:
    for name, (p, importance) in predictions.items():
        (directory / f"{name}-predictions.json").write_text(json.dumps({
            "model": name, "xgboost": xgb.__version__, "scoredSeed": SCORE_SEED, "scoredRows": SCORE_ROWS, "importance": importance,
            "rows": int(p.size), "float32LittleEndianBase64": base64.b64encode(p.tobytes()).decode()}, indent=1) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if not args.check:
        OUT.mkdir(parents=True, exist_ok=True)
        write_predictions(OUT, build(OUT))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build(Path(tmp))
        worst = 0.0
        for name, (p, importance) in fresh.items():
            stored = json.loads((OUT / f"{name}-predictions.json").read_text())
            old = np.frombuffer(base64.b64decode(stored["float32LittleEndianBase64"]), dtype="<f4")
            if old.size != p.size:
                print(f"{name}: {old.size} stored predictions, {p.size} now", file=sys.stderr)
                return 1
            worst = max(worst, float(np.max(np.abs(old.astype(float) - p.astype(float)))))
            if stored["importance"] != importance:
                print(f"{name}: get_score differs from the fixture", file=sys.stderr)
                return 1
            a = json.loads((OUT / f"{name}.json").read_text())["learner"]["gradient_booster"]["model"]["trees"]
            b = json.loads((Path(tmp) / f"{name}.json").read_text())["learner"]["gradient_booster"]["model"]["trees"]
            if a != b:
                print(f"{name}: the retrained trees differ from the stored model", file=sys.stderr)
                return 1
        if worst > 1e-6:
            print(f"xgboost predictions differ from the fixtures by {worst}", file=sys.stderr)
            return 1
        print(f"xgboost reference fixtures reproduced (max prediction difference {worst:.3g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
