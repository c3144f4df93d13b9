"""The simulated voter file the XGBoost turnout scripts train on, made by the Glassbox binary itself
(`glassbox simulate`), so the models see the same rows as the bundled demo models and the Swift tests.

Used by Tests/Reference/make_xgboost_turnout.py and scripts/train-bundled-xgboost.py.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def glassbox() -> str:
    """The Glassbox binary: $GLASSBOX, else $GLASSBOX_BIN, else .build/release/glassbox, else .build/debug/glassbox."""
    for candidate in [os.environ.get("GLASSBOX"), os.environ.get("GLASSBOX_BIN"), ROOT / ".build/release/glassbox",
                      ROOT / ".build/debug/glassbox"]:
        if candidate and Path(candidate).exists():
            return str(candidate)
    sys.exit("no glassbox binary: build first or set GLASSBOX (or GLASSBOX_BIN)")


def voters(folder: Path, rows: int, seed: int) -> pd.DataFrame:
    """`glassbox simulate --rows ROWS --seed SEED`, written into folder and read back with only empty fields as
    missing (a level such as "NA" stays a level); county and party as pandas categoricals (enable_categorical)."""
    path = folder / "simulated-voters.csv"
    subprocess.run([glassbox(), "simulate", "--rows", str(rows), "--seed", str(seed), "--out", str(path)], check=True,
                   stdout=subprocess.DEVNULL)
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for column in ["county", "party"]:
        frame[column] = frame[column].astype("category")
    return frame
