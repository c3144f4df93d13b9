#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/trees/rpmml-*: models fitted in R and exported by R's `pmml` package, with R's
own predicted probabilities, the reference for Glassbox's PMML importer (Tests/GlassboxModelsTests/Trees/
PMMLRPackageReferenceTests, PMMLGeneralRegressionTests).

The rows are tree_reference_data.rows (SplitMix64, which the Swift tests regenerate bit for bit): 5,000 training
rows of seed 17, with tree_reference_data.labels as the outcome `voted`, and the 50,000 rows of seed 29 plus one
row per numeric split point. They reach R as little-endian float64 columns, never as decimal text.
make_r_pmml_reference.R fits (glm) a binomial glm on the complete rows, (rpart) an rpart classification tree
(cp 0.002, maxdepth 4, default surrogates) on every row, (rf) a 20-tree randomForest (maxnodes 40) on the
complete rows and (rpartdeep) the rpart tree without maxdepth (63 nodes: too deep for Glassbox to copy subtrees
under each surrogate, so its import keeps surrogate splits), exports each with pmml::pmml(), and predicts with predict(type = "response" / "prob"). What the documents can and
cannot represent of R's own missing-value handling is in Tests/Reference/README.md.

Stored per model: rpmml-<model>.pmml (R's document; the Header's Timestamp and user Extension removed, the only
fields that change between runs, and copyright set by the pmml() call), rpmml-<model>.predictions.f64 (R's
probability of voted = "1"; NaN where R gives NA) and rpmml-reference.json (the rows, the threshold rows, the
R / pmml / XML / rpart / randomForest versions and the SHA-256 of every stored file).

Threshold rows: base row k with one column set to a split point, for every numeric split point R's model has
that the document states exactly (float(text) == R's double). rpart's document writes primary split points with
7 significant digits (pmml's .buildRpartTreeNode uses labels(digits = 7)); split points it rounds are listed in
the manifest (`roundedSplits`) and get no threshold row: there R and the document disagree by construction.

Usage:
  python Tests/Reference/make_r_pmml_reference.py          # (re)write the fixtures (needs Rscript and pmml)
  python Tests/Reference/make_r_pmml_reference.py --check  # with R's pmml: refit, compare documents byte for
      # byte and predictions within 1e-12 (R gives the same bits on the same versions); without it: check
      # every stored file's SHA-256 against the manifest and the glm predictions against the stored document
      # (numpy), and say that re-deriving with R was skipped and why.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tree_reference_data as data  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "trees"
R_SCRIPT = Path(__file__).resolve().with_suffix(".R")
TRAIN_SEED, TRAIN_ROWS, TEST_SEED, TEST_ROWS = 17, 5_000, 29, 50_000
MODELS = ["glm", "rpart", "rf", "rpartdeep"]
TREES = ["rpart", "rpartdeep"]  # walked by the PMML rules too (tree_document_probabilities)
MANIFEST = OUT / "rpmml-reference.json"


def r_pmml_missing_reason():
    """Why R's pmml cannot be run here, or None when it can."""
    if shutil.which("Rscript") is None:
        return "Rscript is not installed"
    probe = subprocess.run(["Rscript", "-e", "library(pmml); library(rpart); library(randomForest)"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        lines = probe.stderr.strip().splitlines() or ["(no message)"]
        message = next((line for line in lines if line.startswith("Error")), lines[0])
        return f"Rscript cannot load pmml, rpart and randomForest ({message.strip()})"
    return None


def write_columns(directory, part, cols):
    for column, values in cols.items():
        np.asarray(values, dtype="<f8").tofile(directory / f"{part}-{column}.f64")


def run_r(mode, directory):
    result = subprocess.run(["Rscript", str(R_SCRIPT), mode, str(directory)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"Rscript {R_SCRIPT.name} {mode} failed:\n{result.stdout}\n{result.stderr}")


def normalize(text):
    """R's document without the two Header fields that change between runs (the time and the user)."""
    text = re.sub(r"[ \t]*<Timestamp>.*</Timestamp>\n", "", text)
    return re.sub(r'[ \t]*<Extension name="user" [^>]*/>\n', "", text)


def document_thresholds(text):
    """Every numeric threshold a SimplePredicate in the document states, as (field, float)."""
    found = set()
    for element in ET.fromstring(text).iter():
        if element.tag.endswith("SimplePredicate") and element.get("field") in data.NUMERIC \
                and element.get("value") is not None:
            found.add((element.get("field"), float(element.get("value"))))
    return found


def local(element):
    return element.tag.rsplit("}", 1)[-1]


def tree_document_probabilities(text, cols):
    """What the rpart document itself says for each row, evaluated here as the DMG PMML 4.4 TreeModel rules
    read (independently of Glassbox): a CompoundPredicate "surrogate" is decided by its first part whose field
    is present; a node whose children's predicates are all unknown takes its defaultChild
    (missingValueStrategy="defaultChild"); a node with no true child returns its own ScoreDistribution
    (noTrueChildStrategy="returnLastPrediction"). Returns the probability of "1" and whether the row's path took
    a defaultChild (where the document may disagree with R: see README)."""
    tree = next(e for e in ET.fromstring(text).iter() if local(e) == "TreeModel")
    predicates = {"True", "SimplePredicate", "SimpleSetPredicate", "CompoundPredicate"}
    operators = {"lessThan": np.less, "greaterOrEqual": np.greater_equal,
                 "lessOrEqual": np.less_equal, "greaterThan": np.greater}

    def holds(element, row):
        kind = local(element)
        if kind == "True":
            return True
        if kind == "CompoundPredicate":
            assert element.get("booleanOperator") == "surrogate", element.get("booleanOperator")
            return next((r for r in (holds(part, row) for part in element) if r is not None), None)
        value = row[element.get("field")]
        if value is None:
            return None
        if kind == "SimplePredicate":
            return bool(operators[element.get("operator")](value, float(element.get("value"))))
        array = next(c for c in element if local(c) == "Array")
        listed = value in [v.strip('"') for v in array.text.split()]
        return listed if element.get("booleanOperator") == "isIn" else not listed

    def probability(node):
        counts = {d.get("value"): float(d.get("recordCount")) for d in node if local(d) == "ScoreDistribution"}
        return counts["1"] / sum(counts.values())

    def walk(node, row):
        defaulted = False
        while True:
            children = [c for c in node if local(c) == "Node"]
            if not children:
                return probability(node), defaulted
            outcomes = [holds(next(p for p in child if local(p) in predicates), row) for child in children]
            chosen = next((child for child, r in zip(children, outcomes) if r), None)
            if chosen is None and all(r is None for r in outcomes):
                chosen, defaulted = next(c for c in children if c.get("id") == node.get("defaultChild")), True
            if chosen is None:
                return probability(node), defaulted
            node = chosen

    root = next(c for c in tree if local(c) == "Node")
    result, defaulted = np.empty(len(cols["age"])), np.zeros(len(cols["age"]), dtype=bool)
    for i in range(len(result)):
        row = {c: (None if np.isnan(cols[c][i]) else float(cols[c][i])) for c in data.NUMERIC}
        for c, levels in (("county", data.COUNTY_LEVELS), ("party", data.PARTY_LEVELS)):
            row[c] = levels[int(cols[c][i])] if cols[c][i] >= 0 else None
        result[i], defaulted[i] = walk(root, row)
    return result, defaulted


def build():
    train, u = data.rows(TRAIN_SEED, TRAIN_ROWS)
    test, _ = data.rows(TEST_SEED, TEST_ROWS)
    models, rounded = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        write_columns(directory, "train", dict(train, voted=data.labels(train, u).astype(float)))
        run_r("fit", directory)
        for name in MODELS:
            text = normalize((directory / f"{name}.pmml").read_text())
            r_splits = set()
            for line in (directory / f"{name}-splits.txt").read_text().splitlines():
                if line.strip():
                    column, value = line.split()
                    r_splits.add((column, float(value)))
            stated = document_thresholds(text)
            splits = sorted(r_splits & stated)
            rounded[name] = [[c, repr(t)] for c, t in sorted(r_splits - stated)]
            rows = {c: np.concatenate([test[c], data.threshold_rows(test, splits)[c]]) if splits else test[c]
                    for c in data.COLUMNS}
            write_columns(directory, f"{name}-rows", rows)
            models[name] = {"text": text, "splits": splits, "rows": rows}
        run_r("predict", directory)
        for name in MODELS:
            models[name]["predictions"] = np.fromfile(directory / f"{name}.predictions.f64", dtype="<f8")
        for name in TREES:
            tree = models[name]
            tree["document"], tree["defaulted"] = tree_document_probabilities(tree["text"], tree["rows"])
        versions = dict(line.split("=", 1) for line in (directory / "versions.txt").read_text().splitlines())
    return models, rounded, versions


def manifest(models, rounded, versions):
    meta = {"generator": "make_r_pmml_reference.py + make_r_pmml_reference.R (R's pmml package)",
            "versions": versions, "trainSeed": TRAIN_SEED, "trainRows": TRAIN_ROWS,
            "testSeed": TEST_SEED, "testRows": TEST_ROWS, "columns": data.COLUMNS,
            "normalized": "Header Timestamp and Extension name=\"user\" removed",
            "models": {}, "sha256": {}}
    for name, m in models.items():
        model_file, pred_file = f"rpmml-{name}.pmml", f"rpmml-{name}.predictions.f64"
        meta["models"][name] = {"model": model_file, "predictions": pred_file,
                                "thresholdRows": [[c, repr(t)] for c, t in m["splits"]],
                                "roundedSplits": rounded[name]}
        if "document" in m:
            document_file = f"rpmml-{name}.document.f64"
            differs = np.abs(m["document"] - m["predictions"]) > 1e-12
            meta["models"][name].update({
                "document": document_file, "defaultChildRows": int(m["defaulted"].sum()),
                "documentDiffersFromR": int(differs.sum()),
                "documentDiffersFromROnlyWhereDefaultChild": bool(np.all(m["defaulted"][differs]))})
            meta["sha256"][document_file] = hashlib.sha256(m["document"].astype("<f8").tobytes()).hexdigest()
        meta["sha256"][model_file] = hashlib.sha256(m["text"].encode()).hexdigest()
        meta["sha256"][pred_file] = hashlib.sha256(m["predictions"].astype("<f8").tobytes()).hexdigest()
    return json.dumps(meta, indent=1) + "\n"


def compare_with_r(models, text):
    """Fresh R output against the stored files: documents byte for byte, predictions within 1e-12."""
    failures = []
    for name, m in models.items():
        model_file, pred_file = OUT / f"rpmml-{name}.pmml", OUT / f"rpmml-{name}.predictions.f64"
        if model_file.read_text() != m["text"]:
            failures.append(f"{model_file.name} differs from a fresh R run")
        stored = np.fromfile(pred_file, dtype="<f8")
        if stored.shape != m["predictions"].shape:
            failures.append(f"{pred_file.name}: {stored.shape} predictions, R gives {m['predictions'].shape}")
            continue
        missing, expected_missing = np.isnan(stored), np.isnan(m["predictions"])
        both = ~(missing | expected_missing)
        diff = float(np.max(np.abs(stored[both] - m["predictions"][both]), initial=0.0))
        print(f"rpmml {name}: max |stored - R's prediction| = {diff:.3g} ({int(missing.sum())} rows without one)")
        if not np.array_equal(missing, expected_missing):
            failures.append(f"{pred_file.name}: rows without a prediction differ")
        if not diff <= 1e-12:
            failures.append(f"{pred_file.name} differs by {diff}")
    for name in TREES:
        stored = np.fromfile(OUT / f"rpmml-{name}.document.f64", dtype="<f8")
        if stored.shape != models[name]["document"].shape or \
                not float(np.max(np.abs(stored - models[name]["document"]))) <= 1e-12:
            failures.append(f"rpmml-{name}.document.f64 differs from a walk of the fresh document")
    if MANIFEST.read_text() != text:
        failures.append(f"{MANIFEST.name} differs (versions, threshold rows or hashes)")
    return failures


def glm_probabilities(text, cols):
    """The probability the stored GeneralRegressionModel gives, computed here with numpy: NaN where an input
    is missing (the document has no replacement)."""
    root = ET.fromstring(text)
    grm = next(e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "GeneralRegressionModel")
    child = lambda e, tag: [c for c in e.iter() if c.tag.rsplit("}", 1)[-1] == tag]
    beta = {c.get("parameterName"): float(c.get("beta")) for c in child(grm, "PCell")}
    n = len(cols["age"])
    eta, known = np.zeros(n), np.ones(n, dtype=bool)
    for name in data.COLUMNS:
        known &= ~np.isnan(cols[name]) & (cols[name] >= 0 if name in ("county", "party") else True)
    linked = set()
    for cell in child(grm, "PPCell"):
        parameter, field, value = cell.get("parameterName"), cell.get("predictorName"), cell.get("value")
        linked.add(parameter)
        if field in ("county", "party"):
            levels = data.COUNTY_LEVELS if field == "county" else data.PARTY_LEVELS
            x = (cols[field] == levels.index(value)).astype(float)
        else:
            assert value == "1", (field, value)
            x = np.nan_to_num(cols[field])
        eta += beta.get(parameter, 0.0) * x
    eta += sum(b for p, b in beta.items() if p not in linked)
    return np.where(known, 1 / (1 + np.exp(-eta)), np.nan)


def check_without_r(reason):
    """What can be verified without R: the stored files' SHA-256 and the glm predictions against its document."""
    print(f"rpmml: re-deriving the fixtures with R was SKIPPED: {reason}.")
    meta = json.loads(MANIFEST.read_text())
    failures = []
    for file, expected in meta["sha256"].items():
        actual = hashlib.sha256((OUT / file).read_bytes()).hexdigest()
        if actual != expected:
            failures.append(f"{file}: SHA-256 {actual} is not the manifest's {expected}")
    print(f"rpmml: {len(meta['sha256'])} stored files checked against the manifest's SHA-256"
          f" (written by R {meta['versions']['R']}, pmml {meta['versions']['pmml']})")
    test, _ = data.rows(meta["testSeed"], meta["testRows"])
    stored = np.fromfile(OUT / "rpmml-glm.predictions.f64", dtype="<f8")
    recomputed = glm_probabilities((OUT / "rpmml-glm.pmml").read_text(), test)
    both = ~(np.isnan(stored) | np.isnan(recomputed))
    diff = float(np.max(np.abs(stored[both] - recomputed[both]), initial=0.0))
    print(f"rpmml glm: max |R's stored prediction - numpy on the stored document| = {diff:.3g}")
    if not np.array_equal(np.isnan(stored), np.isnan(recomputed)) or not diff <= 1e-12:
        failures.append(f"rpmml-glm: R's stored predictions disagree with the stored document ({diff})")
    for name in TREES:
        rpart = meta["models"][name]
        splits = [(c, float(t)) for c, t in rpart["thresholdRows"]]
        rows = {c: np.concatenate([test[c], data.threshold_rows(test, splits)[c]]) for c in data.COLUMNS}
        walked, _ = tree_document_probabilities((OUT / rpart["model"]).read_text(), rows)
        stored_document = np.fromfile(OUT / rpart["document"], dtype="<f8")
        diff = float(np.max(np.abs(walked - stored_document)))
        print(f"rpmml {name}: max |stored document probability - walk of the stored document| = {diff:.3g}")
        if not diff <= 1e-12:
            failures.append(f"{rpart['document']}: differs from a walk of the stored document by {diff}")
    print("rpmml: Glassbox's scores against R's stored predictions are checked by the Swift tests "
          "(PMMLRPackageReferenceTests).")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    check = parser.parse_args().check
    reason = r_pmml_missing_reason()
    if reason is not None:
        if not check:
            sys.exit(f"cannot write the R pmml fixtures: {reason}")
        failures = check_without_r(reason)
    else:
        models, rounded, versions = build()
        text = manifest(models, rounded, versions)
        if check:
            failures = compare_with_r(models, text)
        else:
            for name, m in models.items():
                (OUT / f"rpmml-{name}.pmml").write_text(m["text"])
                m["predictions"].astype("<f8").tofile(OUT / f"rpmml-{name}.predictions.f64")
                if "document" in m:
                    m["document"].astype("<f8").tofile(OUT / f"rpmml-{name}.document.f64")
            MANIFEST.write_text(text)
            failures = []
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
