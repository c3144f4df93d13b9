#!/usr/bin/env python3
"""Write the TreeSHAP reference fixtures in Tests/Fixtures/reference/treeshap/: a small XGBoost model
(missing values, rows exactly at split thresholds) and a small LightGBM model (a categorical feature and
missing values), each as a Glassbox `TreeEnsemble` (its own Codable JSON, converted here from the maker's
model dump), ~2,000 input rows and the makers' own SHAP values:

  xgboost-ensemble.json   TreeEnsemble of the XGBoost `binary:logistic` model (float32 comparisons)
  xgboost-cases.json      rows, XGBoost's `predict(output_margin=True)` and `predict(pred_contribs=True)`
  lightgbm-ensemble.json  TreeEnsemble of the LightGBM `binary` model (float64 comparisons, covers = counts)
  lightgbm-cases.json     rows, LightGBM's raw score and `predict(pred_contrib=True)`, a 100-row background,
                          the exact interventional SHAP values of the first 400 rows (brute force over all
                          coalitions, each margin from LightGBM) and the mean background margin
  lightgbm-numeric-*.json the same LightGBM model with region as a number, 400 rows, exact interventional
                          values and shap's `TreeExplainer(model, background,
                          feature_perturbation="interventional")` values and expected value (raw margin)
  lightgbm-numeric-model.txt   that model as LightGBM's `save_model` writes it (for `glassbox import lightgbm`)
  lightgbm-numeric-cli.csv     its background rows without a missing value (explain drops incomplete rows), as
                               a CSV, the data of the CLI
                               test (Tests/GlassboxCLITests/TreeSHAPMethodCLITests), where `--background 100`
                               takes every row
  lightgbm-numeric-cli.json    on those rows: LightGBM's raw margin and `pred_contrib`, the exact interventional
                               values with the rows themselves as background, and shap's
                               `TreeExplainer(model, rows, feature_perturbation="interventional")` values

The data are seeded (numpy PCG64, seed 17); both makers run single-threaded and deterministic.

Conversion (the conventions a Glassbox importer must follow for TreeSHAP to agree with the makers):
- XGBoost: node cover = `sum_hessian`, leaf value = `split_conditions` of a leaf (float32), `x < threshold`
  goes left, NaN goes to `default_left`; base margin = logit(base_score) in float32.
- LightGBM: node cover = `internal_count` / `leaf_count` (LightGBM's TreeSHAP weighs by data counts, not
  Hessians), `x <= threshold` goes left, `missing_type` NaN → NaN goes to `default_left`, None → NaN is read
  as 0; categorical splits send the listed codes left, everything else (NaN, unseen) right.

Usage:
  python Tests/Reference/make_treeshap_reference.py            # (re)write the fixtures
  python Tests/Reference/make_treeshap_reference.py --check    # recompute; exit 1 if any number differs
                                                               # by more than 1e-12 relative
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path

import lightgbm as lgb
import numpy as np
import shap
import xgboost as xgb

warnings.filterwarnings("ignore")
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "treeshap"
SEED = 17
FEATURES = ["age", "income", "turnout_history", "distance", "contacts", "region"]
BACKGROUND = 100
INTERVENTIONAL_ROWS = 400
REGIONS = 6  # codes 1…6 (shap's interventional code tests category bits as 1 << (code − 1), so no code 0)


def make_data(n, rng):
    """A turnout-like dataset: numeric features with missing values, one categorical region code."""
    age = rng.integers(18, 95, n).astype(float)
    income = np.round(rng.lognormal(10.5, 0.6, n), 0)
    history = rng.integers(0, 6, n).astype(float)
    distance = np.round(rng.exponential(3.0, n), 2)
    contacts = rng.poisson(1.2, n).astype(float)
    region = rng.integers(1, REGIONS + 1, n).astype(float)
    effect = np.array([0, 0.4, -0.3, 0.1, 0.6, -0.5, 0.2])[region.astype(int)]
    logit = -1.5 + 0.03 * (age - 50) + 0.45 * history - 0.15 * distance + 0.3 * contacts + effect \
        + 0.2 * (np.log(income) - 10.5)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    X = np.column_stack([age, income, history, distance, contacts, region])
    X[rng.random(n) < 0.12, 1] = np.nan   # income unknown
    X[rng.random(n) < 0.08, 3] = np.nan   # distance unknown
    return X, y


def node(feature, rule, threshold, left, right, missing_left, missing, value, cover, gain, categories=()):
    return {"feature": int(feature), "rule": rule, "threshold": float(threshold), "categories": [int(c) for c in categories],
            "left": int(left), "right": int(right), "missingGoesLeft": bool(missing_left), "missing": missing,
            "value": float(value), "cover": float(cover), "gain": float(gain)}


def leaf(value, cover):
    return node(-1, "lessThan", 0, -1, -1, True, "nan", value, cover, 0)


def renumber(nodes, root):
    """Pre-order renumbering so that children come after their parent (TreeEnsemble's invariant)."""
    order, stack = [], [root]
    while stack:
        i = stack.pop()
        order.append(i)
        if nodes[i]["feature"] >= 0:
            stack.append(nodes[i]["right"])
            stack.append(nodes[i]["left"])
    new = {old: k for k, old in enumerate(order)}
    out = []
    for old in order:
        n = dict(nodes[old])
        if n["feature"] >= 0:
            n["left"], n["right"] = new[n["left"]], new[n["right"]]
        out.append(n)
    return out


def f32(x):
    return float(np.float32(x))


def xgboost_ensemble(booster, features):
    """TreeEnsemble JSON of a numeric-split gbtree `binary:logistic` booster (from `save_raw("json")`)."""
    model = json.loads(booster.save_raw("json"))
    learner = model["learner"]
    base_score = np.float32(json.loads(learner["learner_model_param"]["base_score"])[0])
    base_margin = float(-np.log(np.float32(1) / base_score - np.float32(1)))
    trees = []
    for t in learner["gradient_booster"]["model"]["trees"]:
        nodes = []
        for i, left in enumerate(t["left_children"]):
            cover = f32(t["sum_hessian"][i])
            if left < 0:
                nodes.append(leaf(f32(t["split_conditions"][i]), cover))
            else:
                assert t["split_type"][i] == 0, "categorical XGBoost splits are not used in this fixture"
                nodes.append(node(t["split_indices"][i], "lessThan", f32(t["split_conditions"][i]), left,
                                  t["right_children"][i], t["default_left"][i] == 1, "nan",
                                  f32(t["base_weights"][i]), cover, f32(t["loss_changes"][i])))
        trees.append({"nodes": renumber(nodes, 0)})
    return {"features": [{"name": f, "kind": {"numeric": {}}} for f in features], "trees": trees,
            "treeWeights": [1.0] * len(trees), "baseMargin": base_margin, "combination": "sum",
            "link": "logistic", "comparison": "float32"}


def lightgbm_ensemble(booster, features, categorical):
    """TreeEnsemble JSON of a `binary` LightGBM booster (from `dump_model()`)."""
    dump = booster.dump_model()
    trees = []
    for info in dump["tree_info"]:
        nodes = []

        def visit(v):
            index = len(nodes)
            nodes.append(None)
            if "split_index" not in v:
                nodes[index] = leaf(v["leaf_value"], v.get("leaf_count", 0))
                return index
            left = visit(v["left_child"])
            right = visit(v["right_child"])
            missing = {"NaN": "nan", "None": "nanAsZero", "Zero": "zeroOrNaN"}[v["missing_type"]]
            if v["decision_type"] == "==":
                codes = sorted(int(c) for c in str(v["threshold"]).split("||"))
                nodes[index] = node(v["split_feature"], "categoryIn", 0, left, right, False, "nan",
                                    v["internal_value"], v["internal_count"], v["split_gain"], codes)
            else:
                assert v["decision_type"] == "<="
                nodes[index] = node(v["split_feature"], "lessOrEqual", v["threshold"], left, right,
                                    v["default_left"], missing, v["internal_value"], v["internal_count"],
                                    v["split_gain"])
            return index

        visit(info["tree_structure"])
        trees.append({"nodes": nodes})
    kinds = [{"categorical": {"levels": []}} if i in categorical else {"numeric": {}} for i in range(len(features))]
    return {"features": [{"name": f, "kind": k} for f, k in zip(features, kinds)], "trees": trees,
            "treeWeights": [1.0] * len(trees), "baseMargin": 0.0, "combination": "sum",
            "link": "logistic", "comparison": "float64"}


def rows_json(X):
    return [[None if math.isnan(v) else float(v) for v in row] for row in X]


def build():
    rng = np.random.Generator(np.random.PCG64(SEED))
    X_train, y_train = make_data(6000, rng)
    X_test, _ = make_data(2000, rng)
    versions = {"numpy": np.__version__, "xgboost": xgb.__version__, "lightgbm": lgb.__version__,
                "shap": shap.__version__}

    # XGBoost: numeric features only (region as a number), NaN missing.
    booster = xgb.train({"objective": "binary:logistic", "max_depth": 4, "eta": 0.3, "nthread": 1,
                         "tree_method": "hist", "seed": SEED}, xgb.DMatrix(X_train, y_train, feature_names=FEATURES),
                        num_boost_round=40)
    xgb_model = xgboost_ensemble(booster, FEATURES)
    X_xgb = X_test.copy()
    # Rows exactly at split thresholds (float32 values), so the comparison precision is exercised.
    thresholds = [(n["feature"], n["threshold"]) for t in xgb_model["trees"] for n in t["nodes"] if n["feature"] >= 0]
    for k in range(200):
        f, v = thresholds[(k * 7) % len(thresholds)]
        X_xgb[k, f] = v
    dtest = xgb.DMatrix(X_xgb, feature_names=FEATURES)
    xgb_cases = {"generator": "Tests/Reference/make_treeshap_reference.py", "versions": versions,
                 "maker": "xgboost", "rows": rows_json(X_xgb),
                 "margin": [float(v) for v in booster.predict(dtest, output_margin=True)],
                 "contributions": [[float(v) for v in row] for row in booster.predict(dtest, pred_contribs=True)]}

    # LightGBM: region categorical, NaN missing in income and distance.
    lgb_model, gbm = train_lightgbm(X_train, y_train, categorical=[5])
    background = X_train[:BACKGROUND]
    X_int = X_test[:INTERVENTIONAL_ROWS]
    lgb_cases = {"generator": "Tests/Reference/make_treeshap_reference.py", "versions": versions,
                 "maker": "lightgbm", "rows": rows_json(X_test),
                 "margin": [float(v) for v in gbm.predict(X_test, raw_score=True)],
                 "contributions": [[float(v) for v in row] for row in gbm.predict(X_test, pred_contrib=True)],
                 "background": rows_json(background),
                 "interventionalExpectedValue": float(gbm.predict(background, raw_score=True).mean()),
                 "interventional": [[float(v) for v in row] for row in brute_force_interventional(gbm, X_int, background)]}

    # shap's interventional TreeExplainer cannot take LightGBM's categorical splits (its additivity check
    # fails), so it is compared on the same data with region as a number.
    num_model, num_gbm = train_lightgbm(X_train, y_train, categorical=[])
    explainer = shap.TreeExplainer(num_gbm, background, feature_perturbation="interventional")
    num_cases = {"generator": "Tests/Reference/make_treeshap_reference.py", "versions": versions,
                 "maker": "lightgbm", "rows": rows_json(X_int),
                 "margin": [float(v) for v in num_gbm.predict(X_int, raw_score=True)],
                 "background": rows_json(background),
                 "interventionalExpectedValue": float(num_gbm.predict(background, raw_score=True).mean()),
                 "interventional": [[float(v) for v in row] for row in brute_force_interventional(num_gbm, X_int, background)],
                 "shapExpectedValue": float(np.asarray(explainer.expected_value).reshape(-1)[0]),
                 "shapInterventional": [[float(v) for v in row] for row in explainer.shap_values(X_int)]}
    # The CLI's fixture: the model file `glassbox import lightgbm` reads and the complete background rows as its
    # data (explain drops rows with a missing model input), so `explain --shap-method interventional
    # --background 100` uses every row as the background.
    cli_rows = background[~np.isnan(background).any(axis=1)]
    cli_explainer = shap.TreeExplainer(num_gbm, cli_rows, feature_perturbation="interventional")
    cli_cases = {"generator": "Tests/Reference/make_treeshap_reference.py", "versions": versions, "maker": "lightgbm",
                 "rows": rows_json(cli_rows),
                 "margin": [float(v) for v in num_gbm.predict(cli_rows, raw_score=True)],
                 "contributions": [[float(v) for v in row] for row in num_gbm.predict(cli_rows, pred_contrib=True)],
                 "interventionalExpectedValue": float(num_gbm.predict(cli_rows, raw_score=True).mean()),
                 "interventional": [[float(v) for v in row] for row in brute_force_interventional(num_gbm, cli_rows, cli_rows)],
                 "shapExpectedValue": float(np.asarray(cli_explainer.expected_value).reshape(-1)[0]),
                 "shapInterventional": [[float(v) for v in row] for row in cli_explainer.shap_values(cli_rows)]}
    return {"xgboost-ensemble.json": xgb_model, "xgboost-cases.json": xgb_cases,
            "lightgbm-ensemble.json": lgb_model, "lightgbm-cases.json": lgb_cases,
            "lightgbm-numeric-ensemble.json": num_model, "lightgbm-numeric-cases.json": num_cases,
            "lightgbm-numeric-model.txt": num_gbm.model_to_string(), "lightgbm-numeric-cli.csv": csv_text(cli_rows),
            "lightgbm-numeric-cli.json": cli_cases}


def csv_text(X):
    """The rows as a CSV with a header of FEATURES, each number in its shortest round-trip form, NaN empty."""
    lines = [",".join(FEATURES)]
    lines += [",".join("" if math.isnan(v) else repr(float(v)) for v in row) for row in X]
    return "\n".join(lines) + "\n"


def train_lightgbm(X, y, categorical):
    data = lgb.Dataset(X, y, feature_name=FEATURES, categorical_feature=categorical, free_raw_data=False)
    params = {"objective": "binary", "num_leaves": 15, "learning_rate": 0.2, "min_data_in_leaf": 20,
              "num_threads": 1, "deterministic": True, "seed": SEED, "verbose": -1, "cat_smooth": 1,
              "min_data_per_group": 10}
    gbm = lgb.train(params, data, num_boost_round=40)
    return lightgbm_ensemble(gbm, FEATURES, set(categorical)), gbm


def brute_force_interventional(gbm, X, background):
    """Interventional SHAP by its definition, in float64: for every row x and background row r, the
    Shapley values of S ↦ margin(x_S, r_¬S) over all 2^M coalitions, each margin computed by LightGBM
    itself; averaged over the background. (shap's own interventional code keeps thresholds, leaf values
    and path weights in float32, ~1e-8 off; this is the exact reference.)"""
    n, m = X.shape
    nb = len(background)
    xs = np.repeat(X, nb, axis=0)
    rs = np.tile(background, (n, 1))
    f = np.empty((1 << m, n * nb))
    for s in range(1 << m):
        mask = np.array([(s >> k) & 1 for k in range(m)], dtype=bool)
        f[s] = gbm.predict(np.where(mask, xs, rs), raw_score=True)
    phi = np.zeros((n * nb, m))
    for k in range(m):
        for s in range(1 << m):
            if (s >> k) & 1:
                continue
            size = bin(s).count("1")
            weight = math.factorial(size) * math.factorial(m - size - 1) / math.factorial(m)
            phi[:, k] += weight * (f[s | (1 << k)] - f[s])
    return phi.reshape(n, nb, m).mean(axis=1)


def dumps(obj):
    if isinstance(obj, str):
        return obj  # a model text or a CSV, stored as is
    return json.dumps(obj, separators=(",", ":")) + "\n"


def compare(path, a, b, rtol, problems):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k == "versions":
                continue
            if k not in a or k not in b:
                problems.append(f"{path}.{k}: missing on one side")
            else:
                compare(f"{path}.{k}", a[k], b[k], rtol, problems)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            problems.append(f"{path}: length {len(a)} != {len(b)}")
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                compare(f"{path}[{i}]", x, y, rtol, problems)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if abs(a - b) > rtol * max(1.0, abs(a), abs(b)):
            problems.append(f"{path}: {a} != {b}")
    elif a != b:
        problems.append(f"{path}: {a!r} != {b!r}")


def write_or_check(build, description, label):
    """The command line of the treeshap fixture scripts: writes the files `build()` returns into OUT or, with
    --check, recomputes them and exits 1 if any number differs by more than --rtol relative (texts exactly)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--rtol", type=float, default=1e-12)
    args = parser.parse_args()
    files = build()
    if args.check:
        problems = []
        for name, obj in files.items():
            if isinstance(obj, str):
                if (OUT / name).read_text() != obj:
                    problems.append(f"{name}: the text differs")
                continue
            stored = json.loads((OUT / name).read_text())
            compare(name, stored, json.loads(dumps(obj)), args.rtol, problems)
        for p in problems[:50]:
            print(p)
        print(f"{len(problems)} differences" if problems else f"{label}: OK")
        sys.exit(1 if problems else 0)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, obj in files.items():
        (OUT / name).write_text(dumps(obj))
        print(f"wrote {OUT / name} ({(OUT / name).stat().st_size:,} bytes)")


def main():
    write_or_check(build, __doc__, "treeshap fixtures")


if __name__ == "__main__":
    main()
