#!/usr/bin/env python3
"""Train the bundled XGBoost turnout model (models/xgboost-turnout-simulated.ubj), the original that
`glassbox import xgboost` turns into models/xgboost-turnout-simulated.json (scripts/make-bundled-models.sh).

Data: the simulated voter file of the other bundled models, `glassbox simulate --rows 50000 --seed 2024`
(the Glassbox binary: GLASSBOX or GLASSBOX_BIN, else .build/release/glassbox, else .build/debug/glassbox).
Model: a vendor's turnout score as gradient-boosted trees — XGBoost `reg:logistic` fitted to the planted vendor
score `vendor_turnout_score` (which understates Hispanic turnout, docs/simulated-voter-file.md) from age, female,
county, party, income and vote history; race is not a feature, so the trees can learn the bias only through
county, the planted proxy for race. 40 trees of depth 3, county and party categorical (enable_categorical).
Seeded and single-threaded (nthread=1), so the same xgboost version writes the same bytes; the model is
committed, and the Glassbox artifacts made from it are what BundledArtifactsTests compares.

Usage:
  python scripts/train-bundled-xgboost.py [--out models/xgboost-turnout-simulated.ubj]
  python scripts/train-bundled-xgboost.py --check   # retrain; exit 1 if a prediction on the 50,000 rows differs
                                                    # from the committed model's by more than 1e-6
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import xgboost as xgb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "Reference"))
from simulated_voter_file import voters  # noqa: E402  (shared with Tests/Reference/make_xgboost_turnout.py)

MODEL = ROOT / "models" / "xgboost-turnout-simulated.ubj"
ROWS, SEED = 50_000, 2024
FEATURES = ["age", "female", "county", "party", "income", "voted_2018", "voted_2020", "voted_2022"]
PARAMS = {"objective": "reg:logistic", "max_depth": 3, "eta": 0.3, "tree_method": "hist", "seed": 0, "nthread": 1,
          "max_cat_to_onehot": 1}
ROUNDS = 40


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        frame = voters(Path(folder), ROWS, SEED)
        train = xgb.DMatrix(frame[FEATURES], label=frame["vendor_turnout_score"], enable_categorical=True)
        booster = xgb.train(PARAMS, train, num_boost_round=ROUNDS)
        rows = xgb.DMatrix(frame[FEATURES], enable_categorical=True)
        if args.check:
            stored = xgb.Booster(model_file=str(MODEL))
            difference = float(np.max(np.abs(stored.predict(rows) - booster.predict(rows))))
            if difference > 1e-6:
                sys.exit(f"{MODEL.name}: retrained predictions differ from the committed model's by {difference}")
            print(f"{MODEL.name}: retrained model agrees with the committed one (max difference {difference:.1e})")
            return
        booster.save_model(str(args.out))
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
