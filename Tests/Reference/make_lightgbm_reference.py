#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/trees/lightgbm-*: LightGBM text models and LightGBM's own predictions,
the reference for Glassbox's LightGBM importer (Tests/GlassboxModelsTests/Trees/LightGBMReferenceTests).

Two models are trained on 20,000 seeded voter-like rows (tree_reference_data.rows(seed 17)):
  gbdt  objective=binary, 40 trees, pandas categoricals for county and party (pandas_categorical level
        lists), missing values as NaN (missing_type NaN);
  rf    boosting=rf (average_output), objective=cross_entropy, zero_as_missing (missing_type Zero), the
        categorical columns passed as numeric codes with categorical_feature (no level lists).
Each is saved with save_model and predicted (probabilities) on 50,000 rows of seed 29 followed by one row
per numeric split whose value equals that split's threshold exactly. The rf model is also predicted on 140
rows whose category codes are not whole numbers (rfFractionalCodes in lightgbm-reference.json). The predictions are stored as
little-endian float64 (`*.predictions.f64`); the threshold rows' (feature, threshold) pairs in
lightgbm-reference.json, thresholds as shortest round-trip text (JSON number parsers are not all exact).

Usage:
  python Tests/Reference/make_lightgbm_reference.py          # (re)write the fixtures
  python Tests/Reference/make_lightgbm_reference.py --check  # retrain; exit 1 if a model file differs or a
                                                             # prediction differs by more than 1e-12
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tree_reference_data as data  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "trees"
TRAIN_SEED, TRAIN_ROWS, TEST_SEED, TEST_ROWS = 17, 20_000, 29, 50_000
COMMON = {"learning_rate": 0.1, "num_leaves": 15, "min_data_in_leaf": 20, "min_data_per_group": 20,
          "cat_smooth": 5, "max_cat_to_onehot": 4, "deterministic": True, "force_row_wise": True,
          "num_threads": 1, "seed": 7, "verbose": -1}


def frame(cols):
    df = pd.DataFrame({c: cols[c] for c in data.COLUMNS})
    for name, levels in [("county", data.COUNTY_LEVELS), ("party", data.PARTY_LEVELS)]:
        df[name] = pd.Categorical.from_codes(cols[name].astype(np.int64), categories=levels)
    return df


def matrix(cols):
    m = np.column_stack([cols[c] for c in data.COLUMNS])
    for j in (data.COLUMNS.index("county"), data.COLUMNS.index("party")):
        m[m[:, j] < 0, j] = np.nan
    return m


def numeric_splits(booster):
    splits = set()

    def walk(node):
        if "split_feature" not in node:
            return
        if node["decision_type"] == "<=":
            splits.add((data.COLUMNS[node["split_feature"]], float(node["threshold"])))
        walk(node["left_child"])
        walk(node["right_child"])

    for tree in booster.dump_model()["tree_info"]:
        walk(tree["tree_structure"])
    return sorted(splits)


def build():
    train, u = data.rows(TRAIN_SEED, TRAIN_ROWS)
    y = data.labels(train, u)
    test, _ = data.rows(TEST_SEED, TEST_ROWS)
    models = {}
    gbdt = lgb.train({**COMMON, "objective": "binary"}, lgb.Dataset(frame(train), y), num_boost_round=40)
    rf = lgb.train({**COMMON, "objective": "cross_entropy", "boosting": "rf", "bagging_fraction": 0.7,
                    "bagging_freq": 1, "feature_fraction": 0.8, "zero_as_missing": True},
                   lgb.Dataset(matrix(train), y, feature_name=data.COLUMNS, categorical_feature=[3, 4]),
                   num_boost_round=20)
    for name, booster, as_input in [("gbdt", gbdt, frame), ("rf", rf, matrix)]:
        splits = numeric_splits(booster)
        at = data.threshold_rows(test, splits)
        predictions = np.concatenate([booster.predict(as_input(test)), booster.predict(as_input(at))])
        models[name] = {"text": booster.model_to_string(), "splits": splits, "predictions": predictions}
    return models, fractional_code_rows(test, rf)


FRACTIONS = [0.7, 0.25, -0.5, 0.999999, -0.9999, 0.5, -0.25]


def fractional_code_rows(test, rf):
    """Rows of the rf model (categorical columns as numeric codes) whose county and party codes are not whole
    numbers: base row k's codes plus FRACTIONS (cycled), so LightGBM's truncation toward zero decides (2.7 -> 2,
    -0.5 -> 0, -1.5 -> -1, no category). Rows and predictions as repr text (exact in any JSON reader)."""
    m = matrix({c: test[c][:140] for c in data.COLUMNS})
    for k in range(len(m)):
        for j, shift in ((3, 0), (4, 3)):
            code = 0.0 if np.isnan(m[k, j]) else m[k, j]
            m[k, j] = code + FRACTIONS[(k + shift) % len(FRACTIONS)]
    m[-2:, 3] = [-1.5, 12.7]  # below 0 after truncation; a code beyond the levels
    return {"rows": [[repr(float(v)) for v in row] for row in m], "predictions": [repr(float(p)) for p in rf.predict(m)]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    check = parser.parse_args().check
    models, fractional = build()
    meta = {"lightgbm": lgb.__version__, "testSeed": TEST_SEED, "testRows": TEST_ROWS, "columns": data.COLUMNS,
            "rfFractionalCodes": fractional}
    data.write_or_check(OUT, "lightgbm", "txt", models, meta, check)

if __name__ == "__main__":
    main()
