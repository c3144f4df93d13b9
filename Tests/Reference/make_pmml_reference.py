#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/trees/pmml-*: scikit-learn pipelines exported to PMML with sklearn2pmml,
and scikit-learn's own predict_proba, the reference for Glassbox's PMML importer
(Tests/GlassboxModelsTests/Trees/PMMLReferenceTests).

Three pipelines are fitted on 5,000 seeded voter-like rows (tree_reference_data.rows(seed 17)): median
imputation of age and income, contacts and past passed through, most-frequent imputation and one-hot
encoding of county and party, then
  tree  DecisionTreeClassifier(max_depth=6)            -> PMML TreeModel (ScoreDistribution probabilities)
  rf    RandomForestClassifier(20 trees, max_depth=5)  -> MiningModel, Segmentation average, exported with
                                                          compact=False (each child carries its own predicate),
                                                          as is gbm; the tree uses the compact form (a node's
                                                          children tried in order, the last one True)
  gbm   GradientBoostingClassifier(40 trees, depth 3)  -> MiningModel modelChain: a sum of regression trees
                                                          (Targets rescaling) and a logit RegressionModel
  logit LogisticRegression(max_iter=1000)              -> RegressionModel normalizationMethod="logit" (numeric
                                                          and categorical predictors; no threshold rows)
sklearn2pmml writes the imputations as MiningSchema missingValueReplacement and the one-hot splits as
equal/notEqual predicates on the original fields. Each pipeline's predict_proba (positive class) is stored
for 50,000 rows of seed 29 followed by rows whose value of a split field equals a threshold: once at the
PMML threshold (a 32-bit float) and once at scikit-learn's own float64 threshold. Predictions are
little-endian float64 (`*.predictions.f64`); the threshold rows' (feature, threshold text) pairs are in
pmml-reference.json. The <Timestamp> line is dropped from the stored PMML so that --check can compare files.

sklearn2pmml 0.133.1 (JPMML-SkLearn 1.9.41) accepts pickles from scikit-learn up to 1.9.0 and refuses 1.9.1
by version number; the patch release changed nothing in these estimators, so the script stamps the pickle
as 1.9.0 (sklearn.base.__version__) before converting. Needs Java 17 (openjdk-17-jre-headless).

Usage:
  python Tests/Reference/make_pmml_reference.py          # (re)write the fixtures
  python Tests/Reference/make_pmml_reference.py --check  # refit and reconvert; exit 1 if a PMML file
                                                         # differs or a prediction by more than 1e-12
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
import sklearn.base
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tree_reference_data as data  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "trees"
TRAIN_SEED, TRAIN_ROWS, TEST_SEED, TEST_ROWS = 17, 5_000, 29, 50_000


def frame(cols):
    df = pd.DataFrame({c: cols[c] for c in data.NUMERIC})
    for name, levels in [("county", data.COUNTY_LEVELS), ("party", data.PARTY_LEVELS)]:
        # np.nan, not None: SimpleImputer treats only NaN as missing in object columns (None would become
        # a category of its own in scikit-learn while the PMML replaces it).
        df[name] = pd.Series([levels[int(v)] if v >= 0 else np.nan for v in cols[name]], dtype=object)
    return df[data.COLUMNS]


def pipeline(classifier):
    columns = ColumnTransformer([
        ("numeric", SimpleImputer(strategy="median"), ["age", "income"]),
        ("plain", "passthrough", ["contacts", "past"]),
        ("categorical", Pipeline([("impute", SimpleImputer(strategy="most_frequent")), ("onehot", OneHotEncoder())]),
         ["county", "party"]),
    ])
    return PMMLPipeline([("columns", columns), ("classifier", classifier)])


def pmml_thresholds(text):
    """(field, threshold text) of every numeric SimplePredicate, as the float32 value the field compares."""
    found = set()
    for element in ET.fromstring(text).iter():
        if element.tag.endswith("SimplePredicate") and element.get("operator") in ("lessOrEqual", "lessThan", "greaterThan", "greaterOrEqual"):
            found.add((element.get("field"), float(np.float32(element.get("value")))))
    return found


def sklearn_thresholds(fitted):
    """(field, float64 threshold) of scikit-learn's own splits on the numeric columns (age, income, contacts, past)."""
    classifier = fitted.steps[-1][1]
    if not hasattr(classifier, "tree_") and not hasattr(classifier, "estimators_"):
        return set()  # the logistic regression has no splits
    trees = [classifier] if hasattr(classifier, "tree_") else [e for e in np.ravel(classifier.estimators_)]
    numeric = ["age", "income", "contacts", "past"]  # the first four transformed columns, in this order
    found = set()
    for tree in trees:
        t = tree.tree_
        for feature, threshold in zip(t.feature, t.threshold):
            if 0 <= feature < 4:
                found.add((numeric[feature], float(threshold)))
    return found


def quietly(action, log):
    """Runs action with the process's stdout and stderr (the Java converter's banner and log) sent to log,
    shown only when the action fails."""
    import os
    saved = [os.dup(1), os.dup(2)]
    with open(log, "w") as sink:
        sys.stdout.flush(), sys.stderr.flush()
        os.dup2(sink.fileno(), 1), os.dup2(sink.fileno(), 2)
        try:
            action()
        except Exception:
            os.dup2(saved[0], 1), os.dup2(saved[1], 2)
            print(Path(log).read_text(), file=sys.stderr)
            raise
        finally:
            sys.stdout.flush(), sys.stderr.flush()
            os.dup2(saved[0], 1), os.dup2(saved[1], 2)
            os.close(saved[0]), os.close(saved[1])


def build():
    train, u = data.rows(TRAIN_SEED, TRAIN_ROWS)
    y = data.labels(train, u)
    test, _ = data.rows(TEST_SEED, TEST_ROWS)
    classifiers = {
        "tree": DecisionTreeClassifier(max_depth=6, min_samples_leaf=20, random_state=1),
        "rf": RandomForestClassifier(n_estimators=20, max_depth=5, min_samples_leaf=10, random_state=1),
        "gbm": GradientBoostingClassifier(n_estimators=40, max_depth=3, random_state=1),
        "logit": LogisticRegression(max_iter=1000),
    }
    sklearn.base.__version__ = "1.9.0"  # see the module docstring
    models = {}
    for name, classifier in classifiers.items():
        fitted = pipeline(classifier).fit(frame(train), pd.Series(y, name="y"))
        if name in ("rf", "gbm"):
            fitted.configure(compact=False)  # JPMML's compactor refuses these ensembles ("Element Node")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{name}.pmml"
            quietly(lambda: sklearn2pmml(fitted, str(path)), Path(tmp) / "java.log")
            text = re.sub(r"[ \t]*<Timestamp>.*</Timestamp>\n", "", path.read_text())
        splits = sorted(pmml_thresholds(text) | sklearn_thresholds(fitted))
        at = data.threshold_rows(test, splits)
        predictions = fitted.predict_proba(frame(test))[:, 1]
        if splits:
            predictions = np.concatenate([predictions, fitted.predict_proba(frame(at))[:, 1]])
        models[name] = {"text": text, "splits": splits, "predictions": predictions}
    return models


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    check = parser.parse_args().check
    models = build()
    meta = {"scikit-learn": "1.9.1", "testSeed": TEST_SEED, "testRows": TEST_ROWS, "columns": data.COLUMNS}
    data.write_or_check(OUT, "pmml", "pmml", models, meta, check)

if __name__ == "__main__":
    main()
