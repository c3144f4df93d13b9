#!/usr/bin/env python3
"""Write the fixtures that compare interventional TreeSHAP with shap's own
`TreeExplainer(model, background, feature_perturbation="interventional")`, in Tests/Fixtures/reference/treeshap/:

  shap-lightgbm-depth2-ensemble.json / -cases.json   a LightGBM `binary` model, depth-2 trees, leaf values on a
                                                     2^-10 grid: shap's values equal the exact ones (checked here)
  shap-xgboost-depth2-ensemble.json / -cases.json    the same for an XGBoost `binary:logistic` model (base_score
                                                     0.5, so its float32 margins are exact too)
  shap-xgboost-cases.json                            shap's values for the XGBoost model of xgboost-ensemble.json
                                                     (depth 4, leaf values as trained) on rows already rounded to
                                                     float32: shap's float32 internals, measured, not exact
  (every cases file also holds shap's base offset `shapBaseOffset`: for XGBoost scipy's float64 logit of
  base_score, where XGBoost itself, and Glassbox, compute the base margin in float32)

Each cases file holds the rows (200 of make_treeshap_reference.py's test rows; for XGBoost with 200 rows set
exactly at split thresholds), the 100 background rows, the maker's raw margin, shap's values and expected value,
and, for the depth-2 models, the exact interventional values (all 2^6 coalitions, every margin from the maker).

Why these models. shap 0.51's interventional algorithm (`dense_independent` / `tree_shap_indep` in
shap/cext/tree_shap.h) copies every tree into `struct Node { …; float thres, value; }`, keeps the per-node sums
`pos_lst` / `neg_lst` / `pos_x`… and the path weights `memoized_weights` = 1 / (n·C(n−1, m)) in `float`, and only
adds each split's contribution into the `double` output. That holds for every model type, whatever the
`input_dtype` / `internal_dtype` (float64 for a LightGBM Booster or an XGBoost Booster; the data are cast to
float32 only for scikit-learn models and XGBClassifier). So on ordinary models shap is ~1e-8 off the exact
values (leaf values rounded to float32, weights 1/3, 1/6… rounded, float32 sums), and no model type or option
makes it compute in float64. Its arithmetic is exact when (a) each path has at most 2 distinct features (the
weights are then 1 and 1/2), (b) the leaf values and all their partial sums are float32 numbers (a 2^-10 grid),
(c) no data value lies between a threshold and its float32 rounding. The depth-2 models meet (a)–(c); the
script checks that shap then equals the exact definition within 1e-12 and refuses to write otherwise.
The leaf values are rounded in the maker's own model file (LightGBM's text, XGBoost's JSON) and the model is
reloaded by the maker, so the maker's margins are those of the rounded model.

XGBoost: shap takes `split_conditions` as float32 and moves each threshold to the next float32 below (XGBoost
sends x < t left, shap x <= t'), but compares the data as given (float64 for a Booster): a value between that
float32 and t (not a float32 number itself) goes right in shap and left in XGBoost, which compares float32(x).
The XGBoost rows are therefore rounded to float32 first, as XGBoost itself does.

Usage:
  python Tests/Reference/make_treeshap_shap_reference.py            # (re)write the fixtures
  python Tests/Reference/make_treeshap_shap_reference.py --check    # recompute; exit 1 if any number differs
                                                                    # by more than 1e-12 relative
"""
from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path

import lightgbm as lgb
import numpy as np
import shap
import xgboost as xgb

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_treeshap_reference as base  # noqa: E402  (the data, converters and comparison of the sibling script)

warnings.filterwarnings("ignore")
ROWS = 200
GRID = 1024.0  # leaf values rounded to multiples of 2^-10: float32 numbers whose sums stay float32 numbers
EXACT = 1e-12  # shap on the depth-2 models against the exact definition


def on_grid(value):
    return round(value * GRID) / GRID


def lightgbm_depth2(X, y):
    """A depth-2 LightGBM model with its leaf values moved onto the grid in its own text format."""
    data = lgb.Dataset(X, y, feature_name=base.FEATURES, free_raw_data=False)
    params = {"objective": "binary", "num_leaves": 4, "max_depth": 2, "learning_rate": 0.2, "min_data_in_leaf": 20,
              "num_threads": 1, "deterministic": True, "seed": base.SEED, "verbose": -1}
    text = lgb.train(params, data, num_boost_round=40).model_to_string()
    text = re.sub(r"^tree_sizes=.*\n", "", text, flags=re.M)  # byte offsets of the trees; optional, stale after the edit
    text = re.sub(r"^leaf_value=(.*)$",
                  lambda m: "leaf_value=" + " ".join(repr(on_grid(float(v))) for v in m.group(1).split()), text, flags=re.M)
    return lgb.Booster(model_str=text)


def xgboost_booster(X, y, depth, base_score=None):
    params = {"objective": "binary:logistic", "max_depth": depth, "eta": 0.3, "nthread": 1, "tree_method": "hist",
              "seed": base.SEED}
    if base_score is not None:
        params["base_score"] = base_score
    return xgb.train(params, xgb.DMatrix(X, y, feature_names=base.FEATURES), num_boost_round=40)


def xgboost_depth2(X, y):
    """A depth-2 XGBoost model (base_score 0.5: base margin 0) with its leaf values moved onto the grid in its JSON."""
    model = json.loads(xgboost_booster(X, y, 2, base_score=0.5).save_raw("json"))
    for tree in model["learner"]["gradient_booster"]["model"]["trees"]:
        for i, left in enumerate(tree["left_children"]):
            if left < 0:
                tree["split_conditions"][i] = tree["base_weights"][i] = on_grid(tree["split_conditions"][i])
    booster = xgb.Booster()
    booster.load_model(bytearray(json.dumps(model).encode()))
    return booster


def threshold_rows(X, ensemble):
    """X with row k's value on a split feature set to that split's threshold, for the first 200 rows (cycling)."""
    splits = [(n["feature"], n["threshold"]) for t in ensemble["trees"] for n in t["nodes"] if n["feature"] >= 0]
    out = X.copy()
    for k in range(min(200, len(out))):
        f, v = splits[(k * 7) % len(splits)]
        out[k, f] = v
    return out


def float32_rows(X):
    return X.astype(np.float32).astype(np.float64)


def lightgbm_margin(gbm, X):
    return gbm.predict(X, raw_score=True)


def xgboost_margin(booster, X):
    return booster.predict(xgb.DMatrix(X, feature_names=base.FEATURES), output_margin=True).astype(np.float64)


def brute_force(margin, X, background):
    """Exact interventional SHAP over all coalitions (as make_treeshap_reference.brute_force_interventional),
    each margin from `margin(rows)`."""
    class Maker:
        def predict(self, rows, raw_score=True):
            return margin(rows)
    return base.brute_force_interventional(Maker(), X, background)


def cases(name, model, margin, X, background, exact, versions):
    explainer = shap.TreeExplainer(model, background, feature_perturbation="interventional")
    values = explainer.shap_values(X)
    expected = float(np.asarray(explainer.expected_value).reshape(-1)[0])
    out = {"generator": "Tests/Reference/make_treeshap_shap_reference.py", "versions": versions, "maker": name,
           "rows": base.rows_json(X), "margin": [float(v) for v in margin(X)], "background": base.rows_json(background),
           "shapExpectedValue": expected, "shapInterventional": [[float(v) for v in row] for row in values],
           "shapBaseOffset": float(np.asarray(explainer.model.base_offset).reshape(-1)[0])}
    if exact:
        phi = brute_force(margin, X, background)
        mean = float(margin(background).mean())
        worst = float(np.abs(values - phi).max())
        print(f"{name}: max |shap - exact| = {worst:.3g}, expected value {abs(expected - mean):.3g}")
        if worst > EXACT or abs(expected - mean) > EXACT:
            sys.exit(f"{name}: shap's float32 arithmetic is not exact on this model ({worst}); not writing")
        out["interventional"] = [[float(v) for v in row] for row in phi]
        out["interventionalExpectedValue"] = mean
    return out


def build():
    rng = np.random.Generator(np.random.PCG64(base.SEED))
    X_train, y_train = base.make_data(6000, rng)
    X_test, _ = base.make_data(2000, rng)
    background = X_train[:base.BACKGROUND]
    versions = {"numpy": np.__version__, "xgboost": xgb.__version__, "lightgbm": lgb.__version__,
                "shap": shap.__version__}
    files = {}

    gbm = lightgbm_depth2(X_train, y_train)
    files["shap-lightgbm-depth2-ensemble.json"] = base.lightgbm_ensemble(gbm, base.FEATURES, set())
    files["shap-lightgbm-depth2-cases.json"] = cases("lightgbm", gbm, lambda X: lightgbm_margin(gbm, X),
                                                     X_test[:ROWS], background, True, versions)

    booster = xgboost_depth2(X_train, y_train)
    ensemble = base.xgboost_ensemble(booster, base.FEATURES)
    files["shap-xgboost-depth2-ensemble.json"] = ensemble
    X = float32_rows(threshold_rows(X_test[:ROWS], ensemble))
    files["shap-xgboost-depth2-cases.json"] = cases("xgboost", booster, lambda X: xgboost_margin(booster, X),
                                                    X, float32_rows(background), True, versions)

    # The model of xgboost-ensemble.json (make_treeshap_reference.py trains it with these parameters and data).
    booster = xgboost_booster(X_train, y_train, 4)
    ensemble = base.xgboost_ensemble(booster, base.FEATURES)
    if json.loads(base.dumps(ensemble)) != json.loads((base.OUT / "xgboost-ensemble.json").read_text()):
        sys.exit("the XGBoost model differs from xgboost-ensemble.json: train it as make_treeshap_reference.py does")
    X = float32_rows(threshold_rows(X_test[:ROWS], ensemble))
    files["shap-xgboost-cases.json"] = cases("xgboost", booster, lambda X: xgboost_margin(booster, X),
                                             X, float32_rows(background), False, versions)
    return files


def main():
    base.write_or_check(build, __doc__, "shap treeshap fixtures")


if __name__ == "__main__":
    main()
