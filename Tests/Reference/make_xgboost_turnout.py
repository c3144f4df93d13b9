#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/xgboost-turnout/: a vendor's XGBoost turnout model of the simulated voter file,
saved by xgboost's own save_model (JSON), for the end-to-end test that `glassbox report` on an imported tree
model names the planted county proxy and the planted bias (Tests/GlassboxCLITests/TreeModelReportTests.swift).

Data: `glassbox simulate --rows 20000 --seed 11` (the Glassbox binary: simulated_voter_file.glassbox()).
Model: the vendor's score as a tree model — XGBoost `reg:logistic` trained on the planted vendor score
`vendor_turnout_score` (which understates Hispanic turnout, docs/simulated-voter-file.md) from age, female,
county, party, income and vote history; race is not a feature, so the model can only learn the bias through
county, the planted proxy for race. 60 trees of depth 4, categorical county and party (enable_categorical).

Usage:
  python Tests/Reference/make_xgboost_turnout.py           # (re)write the fixture
  python Tests/Reference/make_xgboost_turnout.py --check   # retrain; exit 1 if a prediction on the training
                                                           # rows differs from the stored model's by > 1e-6
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import xgboost as xgb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from simulated_voter_file import voters  # noqa: E402  (shared with scripts/train-bundled-xgboost.py)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "xgboost-turnout"
ROWS, SEED = 20_000, 11
FEATURES = ["age", "female", "county", "party", "income", "voted_2018", "voted_2020", "voted_2022"]


def train(frame: pd.DataFrame) -> xgb.Booster:
    data = xgb.DMatrix(frame[FEATURES], label=frame["vendor_turnout_score"], enable_categorical=True)
    params = {"objective": "reg:logistic", "max_depth": 4, "eta": 0.2, "tree_method": "hist", "seed": 0, "nthread": 1,
              "max_cat_to_onehot": 1}
    return xgb.train(params, data, num_boost_round=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        frame = voters(Path(folder), ROWS, SEED)
        booster = train(frame)
        data = xgb.DMatrix(frame[FEATURES], enable_categorical=True)
        if args.check:
            stored = xgb.Booster(model_file=str(OUT / "turnout.json"))
            difference = float(np.max(np.abs(stored.predict(data) - booster.predict(data))))
            if difference > 1e-6:
                sys.exit(f"xgboost-turnout: retrained predictions differ from the stored model's by {difference}")
            print(f"xgboost-turnout: retrained model agrees with the fixture (max difference {difference:.1e})")
            return
        OUT.mkdir(parents=True, exist_ok=True)
        booster.save_model(str(OUT / "turnout.json"))
        print(f"wrote {OUT / 'turnout.json'}")


if __name__ == "__main__":
    main()
