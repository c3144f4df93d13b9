#!/usr/bin/env python3
"""Writes the malformed-input corpus (one file per case) and cases.json.

Run from this directory with the built binary: GLASSBOX=../../../.build/debug/glassbox python3 make_corpus.py
The binary is only used to produce the one good model file that the tampered model cases start from.
Placeholders in the manifest: @F/ = this directory, @S/ = the test's scratch directory.
Each case: name, args, status, stderr (substring; "" when nothing is asserted), optional stdout
substring, optional copy (fixtures copied into the scratch directory first), optional outputs
(files that must exist afterwards: accepted inputs) with optional outputContains.
"""
import json, os, random, subprocess

W = {}  # file name -> bytes


def csv(name, text):
    W[name] = text.encode() if isinstance(text, str) else text


def rows(header, lines):
    return header + "\n" + "\n".join(lines) + "\n"


# A small well-formed data set: y ~ x + g, not separable.
OK = ["0,1,a", "1,2,a", "0,2,b", "1,1,b", "0,3,a", "1,3,b", "1,2,b", "0,1,a"]
csv("ok.csv", rows("y,x,g", OK))

# --- CSV syntax ---
csv("ragged-extra-field.csv", "y,x\n0,1\n1,2,3\n0,3\n")
csv("ragged-missing-field.csv", "score,outcome,g\n0.2,1,a\n0.7,0\n0.4,1,b\n")
csv("unterminated-quote.csv", 'y,x,g\n0,1,a\n1,2,"b\n0,3,a\n')
csv("stray-quote-in-field.csv", 'y,x\n0,1\n1,2"3\n0,3\n1,1\n')
csv("text-after-closing-quote.csv", 'y,x\n0,1\n1,"2"3\n0,3\n1,1\n')
csv("nul-byte.csv", b"y,x\n0,1\n1,2\x003\n0,3\n1,1\n")
csv("invalid-utf8.csv", b"y,x,g\n0,1,a\n1,2,\xff\xfe\n0,3,b\n1,1,a\n")
csv("invalid-utf8-header.csv", b"y,x,\xc3(\n0,1,a\n1,2,b\n")
csv("bom.csv", b"\xef\xbb\xbf" + rows("y,x,g", OK).encode())
csv("cr-only.csv", rows("y,x,g", OK).replace("\n", "\r"))
csv("mixed-line-endings.csv", "y,x,g\r\n" + "".join(l + ("\r\n", "\n", "\r")[i % 3] for i, l in enumerate(OK)))
csv("duplicate-names.csv", rows("y,x,x", [l.rsplit(",", 1)[0] + "," + str(i) for i, l in enumerate(OK)]))
csv("empty-header-name.csv", rows("y,,x", [f"{l.split(',')[0]},{i},{l.split(',')[1]}" for i, l in enumerate(OK)]))
csv("empty.csv", "")
csv("header-only.csv", "y,x,g\n")
csv("blank-lines-only.csv", "\n\n\n")
csv("long-field.csv", rows("y,x,note", [l.rsplit(",", 1)[0] + "," + ("n" * 100_000 if i == 3 else "short") for i, l in enumerate(OK)]))
csv("overflow-1e400.csv", "y,x\n0,1\n1,1e400\n0,2\n1,1\n")
csv("overflow-neg-1e400.csv", "score,outcome,g\n0.2,1,a\n-1e400,0,a\n0.4,1,b\n")
csv("nan-strings.csv", rows("y,x,g", OK[:3] + ["1,NaN,a", "0,NA,b"] + OK[3:]))
csv("nan-lowercase.csv", rows("y,x,g", OK[:3] + ["1,nan,a"] + OK[3:]))
csv("inf-string.csv", "y,x\n0,1\n1,Inf\n0,2\n1,1\n")
csv("inf-score.csv", "score,outcome,g\n0.2,1,a\n0.3,0,a\n-inf,1,b\n0.6,0,b\n")
csv("decimal-comma.csv", 'y,x\n0,"1,5"\n1,"2,5"\n0,2\n1,1\n')
csv("decimal-comma-score.csv", 'score,outcome,g\n0.2,1,a\n0.3,0,a\n"0,5",1,b\n0.6,0,b\n')

# --- data problems ---
r = random.Random(8)
csv("constant-column.csv", rows("y,x,c", [l.rsplit(",", 1)[0] + ",5" for l in OK]))
csv("collinear-columns.csv", rows("y,x,z", [f"{l.split(',')[0]},{l.split(',')[1]},{2 * int(l.split(',')[1]) + 1}" for l in OK]))
csv("perfect-separation.csv", rows("y,x", [f"{int(i >= 10)},{i}" for i in range(20)]))
quasi = []
for i in range(60):
    g = "b" if i % 3 == 0 else "a"
    y = 1 if g == "b" else int(r.random() < 0.5)
    quasi.append(f"{y},{r.gauss(0, 1):.4f},{g}")
csv("quasi-separation.csv", rows("y,x,g", quasi))
csv("outcome-all-zero.csv", rows("y,x,g", ["0," + l.split(",", 1)[1] for l in OK]))
scores = [f"{r.random():.3f}" for _ in range(40)]
csv("outcome-all-one.csv", rows("score,outcome,g", [f"{s},1,{'ab'[i % 2]}" for i, s in enumerate(scores)]))
csv("outcome-non-binary.csv", rows("score,outcome,g", [f"{s},{(0, 1, 2)[i % 3]},{'ab'[i % 2]}" for i, s in enumerate(scores)]))
csv("outcome-fraction.csv", rows("y,x,g", OK[:4] + ["0.5,2,a"] + OK[4:]))
csv("single-group.csv", rows("score,outcome,g", [f"{s},{i % 2},a" for i, s in enumerate(scores)]))
csv("one-row-group.csv", rows("score,outcome,g", [f"{s},{i % 2},a" for i, s in enumerate(scores)] + ["0.9,1,b"]))
csv("missing-group-values.csv", rows("score,outcome,g", [f"{s},{i % 2},{('a', 'b', '')[i % 3]}" for i, s in enumerate(scores)]))
csv("unseen-level.csv", rows("y,x,g", OK[:3] + ["1,2,c"]))

# --- model files ---
for name, data in W.items():
    with open(name, "wb") as f:
        f.write(data)
glassbox = os.environ.get("GLASSBOX", "../../../.build/debug/glassbox")
if os.path.exists("model.json"):
    os.remove("model.json")
subprocess.run([glassbox, "train", "logistic", "--data", "ok.csv", "--formula", "y ~ x + g", "--out", "model.json"],
               check=True, env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
good_text = open("model.json").read()
good = json.loads(good_text)


def model(name, obj=None, text=None):
    W[name] = (text if text is not None else json.dumps(obj, indent=1, sort_keys=True)).encode()


def tampered(edit):
    m = json.loads(good_text)
    edit(m)
    return m


model("model-truncated.json", text=good_text[: len(good_text) // 2])
model("model-schema-version.json", tampered(lambda m: m.update(schemaVersion=99)))
model("model-kind-uplift.json", tampered(lambda m: m.update(kind="uplift")))
model("model-kind-unknown.json", tampered(lambda m: m.update(kind="random-forest")))
model("model-nan-coefficient.json", text=good_text.replace('"estimate" : ', '"estimate" : NaN, "was" : ', 1))
model("model-null-coefficient.json", tampered(lambda m: m["coefficients"][1].update(estimate=None)))
model("model-coefficient-count.json", tampered(lambda m: m.update(coefficients=m["coefficients"][:2])))
model("model-covariance-size.json", tampered(lambda m: m.update(covariance=[[1.0]])))
model("model-unknown-field.json", tampered(lambda m: m.update(trainedBy="vendor")))
model("model-not-json.json", text=open("ok.csv").read())
for name in [n for n in W if n.startswith("model-")]:
    with open(name, "wb") as f:
        f.write(W[name])


# --- vendors' tree models (glassbox import): LightGBM text and PMML ---
LGB = open("../../../Fuzz/seeds/lgb-small.txt").read()
PMML_STUMP = """<?xml version="1.0"?>
<PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4"><DataDictionary>
<DataField name="y" optype="categorical" dataType="integer"><Value value="0"/><Value value="1"/></DataField>
<DataField name="x" optype="continuous" dataType="double"/></DataDictionary>
<TreeModel functionName="classification"><MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/></MiningSchema>
<Node><True/><Node score="0"><SimplePredicate field="x" operator="lessOrEqual" value="VALUE"/></Node><Node score="1"><True/></Node></Node>
</TreeModel></PMML>
"""
TREE_MODELS = {
    "lightgbm-truncated.txt": LGB[: LGB.index("Tree=1") + 40],
    "lightgbm-linear.txt": LGB.replace("is_linear=0", "is_linear=1", 1),
    "lightgbm-cycle.txt": LGB.replace("\nleft_child=1 ", "\nleft_child=0 ", 1),
    "pmml-entity-bomb.pmml": '<?xml version="1.0"?>\n<!DOCTYPE PMML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<PMML version="4.4"><Header copyright="&b;"/></PMML>\n',
    "pmml-deep.pmml": '<PMML version="4.4">' + "<Extension>" * 1000 + "</Extension>" * 1000 + "</PMML>\n",
    "pmml-nan-threshold.pmml": PMML_STUMP.replace("VALUE", "NaN"),
}
for name, text in TREE_MODELS.items():
    with open(name, "w") as f:
        f.write(text)
# --- imported tree models (XGBoost) ---
import copy, struct

# A one-tree XGBoost 3 model: x < 2.5 (missing left) → -0.5, else g ∈ {b} → 0.3, other levels → -0.4.
XGB = {"learner": {
    "attributes": {}, "feature_names": ["x", "g"], "feature_types": ["float", "c"],
    "gradient_booster": {"name": "gbtree", "model": {
        "cats": {"enc": [{"offsets": [], "values": []}, {"offsets": [0, 1, 2, 3], "values": [97, 98, 99]}],
                 "feature_segments": [0, 0, 3], "sorted_idx": [0, 1, 2]},
        "gbtree_model_param": {"num_parallel_tree": "1", "num_trees": "1"}, "iteration_indptr": [0, 1], "tree_info": [0],
        "trees": [{"base_weights": [0.0, -0.5, 0.2, -0.4, 0.3], "categories": [1], "categories_nodes": [2],
                   "categories_segments": [0], "categories_sizes": [1], "default_left": [1, 0, 0, 0, 0], "id": 0,
                   "left_children": [1, -1, 3, -1, -1], "loss_changes": [3.0, 0.0, 1.0, 0.0, 0.0],
                   "parents": [2147483647, 0, 0, 2, 2], "right_children": [2, -1, 4, -1, -1],
                   "split_conditions": [2.5, -0.5, 0.0, -0.4, 0.3], "split_indices": [0, 0, 1, 0, 0],
                   "split_type": [0, 0, 1, 0, 0], "sum_hessian": [6.0, 2.0, 4.0, 2.0, 2.0],
                   "tree_param": {"num_deleted": "0", "num_feature": "2", "num_nodes": "5", "size_leaf_vector": "1"}}]}},
    "learner_model_param": {"base_score": "[5E-1]", "boost_from_average": "1", "num_class": "0", "num_feature": "2",
                            "num_target": "1"},
    "objective": {"name": "binary:logistic", "reg_loss_param": {"scale_pos_weight": "1"}}},
    "version": [3, 2, 0]}


def ubjson(v):
    """Universal Binary JSON as XGBoost writes it (int64 lengths, typed numeric arrays)."""
    def length(n):
        return b"L" + struct.pack(">q", n)
    if isinstance(v, dict):
        return b"{" + b"".join(length(len(k.encode())) + k.encode() + ubjson(x) for k, x in v.items()) + b"}"
    if isinstance(v, list):
        if v and all(isinstance(x, float) for x in v):
            return b"[$d#" + length(len(v)) + b"".join(struct.pack(">f", x) for x in v)
        if v and all(isinstance(x, int) for x in v):
            return b"[$L#" + length(len(v)) + b"".join(struct.pack(">q", x) for x in v)
        return b"[#" + length(len(v)) + b"".join(ubjson(x) for x in v)
    if isinstance(v, str):
        return b"S" + length(len(v.encode())) + v.encode()
    if isinstance(v, float):
        return b"d" + struct.pack(">f", v)
    return b"L" + struct.pack(">q", v)


def xgb(name, edit=None, binary=False, text=None):
    m = copy.deepcopy(XGB)
    if edit:
        edit(m)
    W[name] = text.encode() if text is not None else (ubjson(m) if binary else json.dumps(m).encode())


def tree0(m):
    return m["learner"]["gradient_booster"]["model"]["trees"][0]


xgb("xgb-ok.json")
xgb("xgb-ok.ubj", binary=True)
xgb("xgb-truncated.json", text=json.dumps(XGB)[:700])
xgb("xgb-wrong-type.json", lambda m: tree0(m).update(left_children="1,-1,3,-1,-1"))
xgb("xgb-cycle.json", lambda m: tree0(m).update(left_children=[1, -1, 0, -1, -1]))
xgb("xgb-feature-index.json", lambda m: tree0(m).update(split_indices=[9, 0, 1, 0, 0]))
xgb("xgb-billion-nodes.json", lambda m: tree0(m)["tree_param"].update(num_nodes="1000000000"))
xgb("xgb-nan-threshold.ubj", lambda m: tree0(m).update(split_conditions=[float("nan"), -0.5, 0.0, -0.4, 0.3]), binary=True)
W["xgb-billion-claim.ubj"] = b"{L" + struct.pack(">q", 7) + b"learner[$d#L" + struct.pack(">q", 1_000_000_000) + b"\0\0\0\0}"
xgb("xgb-multiclass.json", lambda m: m["learner"]["learner_model_param"].update(num_class="3"))
xgb("xgb-ranking.json", lambda m: m["learner"]["objective"].update(name="rank:pairwise"))
xgb("xgb-gblinear.json", lambda m: m["learner"]["gradient_booster"].update(name="gblinear"))
xgb("xgb-dart.json", lambda m: m["learner"].update(gradient_booster={"name": "dart", "gbtree": m["learner"]["gradient_booster"],
                                                                     "weight_drop": [0.5]}))
csv("tree-ok.csv", "x,g\n1,a\n3,b\n,c\n2.5,\n")
csv("tree-missing-column.csv", "x,h\n1,a\n3,b\n")
csv("tree-unseen-level.csv", "x,g\n1,a\n3,zzz\n")
csv("tree-text-for-number.csv", "x,g\nold,a\n3,b\n")
for name in [n for n in W if n.startswith(("xgb-", "tree-"))]:
    with open(name, "wb") as f:
        f.write(W[name])
if os.path.exists("tree-model.json"):
    os.remove("tree-model.json")
subprocess.run([glassbox, "import", "xgboost", "xgb-ok.json", "--out", "tree-model.json"], check=True,
               env={**os.environ, "SOURCE_DATE_EPOCH": "0"}, stdout=subprocess.DEVNULL)
tree_text = open("tree-model.json").read()
tree_cycle = json.loads(tree_text)
tree_cycle["ensemble"]["trees"][0]["nodes"][2]["left"] = 1
model("tree-model-cycle.json", tree_cycle)
model("tree-model-unknown-field.json", dict(json.loads(tree_text), vendorNotes="x"))
model("tree-model-truncated.json", text=tree_text[: len(tree_text) // 2])
# No features and one leaf: every walk is in range, but a per-feature explanation has nothing to explain.
tree_no_features = json.loads(tree_text)
tree_no_features["ensemble"]["features"] = []
tree_no_features["ensemble"]["trees"][0]["nodes"] = [tree_no_features["ensemble"]["trees"][0]["nodes"][1]]
model("tree-model-no-features.json", tree_no_features)
# A surrogate split (a deep PMML rpart tree's) on a feature the model does not have.
tree_surrogate = json.loads(tree_text)
tree_surrogate["ensemble"]["comparison"] = "float64"
tree_surrogate["ensemble"]["trees"][0]["nodes"][0]["surrogates"] = [
    {"feature": 9, "rule": "lessThan", "threshold": 0.5, "categories": [], "ruleGoesLeft": True}]
model("tree-model-surrogate-feature.json", tree_surrogate)
for name in ["tree-model-cycle.json", "tree-model-unknown-field.json", "tree-model-truncated.json", "tree-model-no-features.json",
             "tree-model-surrogate-feature.json"]:
    with open(name, "wb") as f:
        f.write(W[name])

# --- distributed fit states and partials (docs/scale.md §2, "What a state may claim") ---
# The state after the levels pass over ok.csv (it asks for the summary pass) and that pass's partial, from the
# binary; then a state claiming 10,001 design columns (one more than train fits: refused on reading, before its
# encoding is even validated) and a partial whose Hessian is not the state's size.
for name in ["state-0.json", "state-levels.json", "state-summary.json", "partial-summary.json", "state-m.json"]:
    if os.path.exists(name):
        os.remove(name)
for args in [["merge", "logistic", "--formula", "y ~ x + g", "--out", "state-0.json"],
             ["partial", "logistic", "--state", "state-0.json", "--data", "ok.csv", "--out", "state-levels.json"],
             ["merge", "logistic", "--state", "state-0.json", "state-levels.json", "--out", "state-summary.json", "--model-out", "state-m.json"],
             ["partial", "logistic", "--state", "state-summary.json", "--data", "ok.csv", "--out", "partial-summary.json"]]:
    subprocess.run([glassbox] + args, check=True, stdout=subprocess.DEVNULL)
state_columns = json.load(open("state-summary.json"))
state_columns["encoding"].update(termNames=[f"c{i:05d}" for i in range(10_001)], columns=[[]] * 10_001, termSources=[[]] * 10_001)
W["state-columns.json"] = json.dumps(state_columns, separators=(",", ":")).encode()
partial_hessian = json.load(open("partial-summary.json"))
partial_hessian["summary"]["atZero"]["hessian"] += [0.0] * 7
W["partial-hessian-size.json"] = json.dumps(partial_hessian, indent=1).encode()
for name in ["state-0.json", "state-levels.json", "partial-summary.json"]:
    os.remove(name)
for name in ["state-columns.json", "partial-hessian-size.json"]:
    with open(name, "wb") as f:
        f.write(W[name])

T = ["train", "logistic", "--data"]


def case(name, args, status, stderr, **extra):
    return dict(name=name, args=args, status=status, stderr=stderr, **extra)


def audit(data, *more):
    return ["audit", "--data", "@F/" + data, "--score", "score", "--outcome", "outcome", "--group", "g",
            "--bootstrap", "0", "--format", "json", "--out", "@S/audit.json", *more]


M = "@S/m.json"
cases = [
    # CSV syntax, on several commands so each reader entry point is exercised.
    case("ragged row (extra field), describe", ["describe", "--data", "@F/ragged-extra-field.csv"], 65, "line 3: expected 2 fields but found 3"),
    case("ragged row (missing field), audit", audit("ragged-missing-field.csv"), 65, "line 3: expected 3 fields but found 2"),
    case("unterminated quote, describe", ["describe", "--data", "@F/unterminated-quote.csv"], 65, "line 3: a quoted field starting on this line is never closed"),
    case("stray quote inside a field", T + ["@F/stray-quote-in-field.csv", "--formula", "y ~ x", "--out", M], 65, "line 3: a quote character appears inside an unquoted field"),
    case("text after a closing quote", T + ["@F/text-after-closing-quote.csv", "--formula", "y ~ x", "--out", M], 65, "line 3: unexpected character after the closing quote"),
    case("NUL byte", T + ["@F/nul-byte.csv", "--formula", "y ~ x", "--out", M], 65, "line 3: column 'x' contains a NUL byte"),
    case("invalid UTF-8 in a field", ["describe", "--data", "@F/invalid-utf8.csv"], 65, "line 3: column 'g' contains invalid UTF-8"),
    case("invalid UTF-8 in the header", ["describe", "--data", "@F/invalid-utf8-header.csv"], 65, "invalid UTF-8"),
    case("UTF-8 BOM is accepted", T + ["@F/bom.csv", "--formula", "y ~ x + g", "--out", M], 0, "", stdout="8 rows, 3 parameters",
         outputs=["m.json"], outputContains='"responseName" : "y"'),
    case("CR-only line endings are accepted", T + ["@F/cr-only.csv", "--formula", "y ~ x + g", "--out", M], 0, "", stdout="8 rows, 3 parameters", outputs=["m.json"]),
    case("mixed line endings are accepted", T + ["@F/mixed-line-endings.csv", "--formula", "y ~ x + g", "--out", M], 0, "", stdout="8 rows, 3 parameters", outputs=["m.json"]),
    case("duplicate column names are renamed with a warning", T + ["@F/duplicate-names.csv", "--formula", "y ~ x + x.1", "--out", M], 0,
         "warning: duplicate column name 'x' renamed to 'x.1'", stdout="8 rows, 3 parameters", outputs=["m.json"]),
    case("empty header name is named with a warning", ["describe", "--data", "@F/empty-header-name.csv"], 0, "warning: column 2 has an empty name; named it 'Unnamed: 1'",
         stdout="Unnamed: 1"),
    case("empty file, audit", audit("empty.csv"), 65, "file is empty"),
    case("header only, describe", ["describe", "--data", "@F/header-only.csv"], 65, "no data rows"),
    case("blank lines only", T + ["@F/blank-lines-only.csv", "--formula", "y ~ x", "--out", M], 65, "blank-lines-only.csv"),
    case("100,000-character field is read whole", ["describe", "--data", "@F/long-field.csv"], 0, "", stdout="8 rows, 3 columns"),
    case("1e400 overflows a double", T + ["@F/overflow-1e400.csv", "--formula", "y ~ x", "--out", M], 65, "line 3: column 'x': value '1e400' is outside the range of a double"),
    case("-1e400 in a score column", audit("overflow-neg-1e400.csv"), 65, "line 3: column 'score': value '-1e400' is outside the range of a double"),
    case("NaN strings are missing values", T + ["@F/nan-strings.csv", "--formula", "y ~ x + g", "--out", M], 0, "2 of 10 rows dropped for missing values",
         outputs=["m.json"], outputContains='"nObservations" : 8'),
    case("lowercase nan is text unless listed with --na", T + ["@F/nan-lowercase.csv", "--formula", "y ~ x", "--out", M], 65,
         "column 'x' looks numeric but holds text: 'nan' (first at row 4; 1 such value)"),
    case("lowercase nan listed with --na is missing", T + ["@F/nan-lowercase.csv", "--formula", "y ~ x", "--na", "nan", "--out", M], 0,
         "1 of 9 rows dropped for missing values", outputs=["m.json"]),
    case("Inf string in a numeric column", T + ["@F/inf-string.csv", "--formula", "y ~ x", "--out", M], 65, "column 'x' looks numeric but holds text: 'Inf'"),
    case("-inf string in a score column names the bad value", audit("inf-score.csv"), 65, "score column 'score' is not numeric (it holds text such as '-inf')"),
    case("decimal comma in a numeric column", T + ["@F/decimal-comma.csv", "--formula", "y ~ x", "--out", M], 65, "column 'x' looks numeric but holds text: '1,5', '2,5'"),
    case("decimal comma in a score column names the bad value", audit("decimal-comma-score.csv"), 65, "(it holds text such as '0,5')"),
    # Data a model cannot (or can only partly) be fitted to.
    case("constant column is dropped with a warning", T + ["@F/constant-column.csv", "--formula", "y ~ x + c", "--out", M], 0,
         "warning: column 'c' is constant and is aliased with the intercept", outputs=["m.json"]),
    case("collinear columns: the aliased term is dropped with a warning", T + ["@F/collinear-columns.csv", "--formula", "y ~ x + z", "--out", M], 0,
         "aliased terms (linear combinations of earlier terms) were dropped, as R does: z", outputs=["m.json"]),
    case("perfect separation is flagged", T + ["@F/perfect-separation.csv", "--formula", "y ~ x", "--out", M], 0, "complete separation",
         stdout="NOT converged", outputs=["m.json"], outputContains='"separation" : "complete"'),
    case("quasi-complete separation is flagged", T + ["@F/quasi-separation.csv", "--formula", "y ~ x + g", "--out", M], 0,
         "warning: quasi-complete separation", outputs=["m.json"], outputContains='"separation" : "quasi-complete"'),
    case("outcome all 0 cannot be fitted", T + ["@F/outcome-all-zero.csv", "--formula", "y ~ x + g", "--out", M], 65, "outcome 'y' is constant (every row is 0)"),
    case("outcome all 1 in an audit is flagged", audit("outcome-all-one.csv"), 0, "warning: the outcome is 1 in every row: FPR, TNR, NPV and AUC are undefined",
         outputs=["audit.json"]),
    case("non-binary outcome in an audit", audit("outcome-non-binary.csv"), 65, "outcome 'outcome' must be binary (0 or 1); values found: 0, 1, 2"),
    case("fractional outcome in training", T + ["@F/outcome-fraction.csv", "--formula", "y ~ x", "--out", M], 65, "e.g. 0.5; use I(y >= threshold)"),
    case("a single group has nothing to compare", audit("single-group.csv"), 0, "warning: g: only 1 group(s) with at least 10 rows (a): there is nothing to compare",
         outputs=["audit.json"]),
    case("a 1-row group is suppressed", audit("one-row-group.csv"), 0, "warning: g: 2 group(s) suppressed (fewer than 10 rows, or hidden with them",
         outputs=["audit.json"], outputContains='"suppressed": true'),
    case("missing group values form their own group", audit("missing-group-values.csv"), 0, "(missing)", outputs=["audit.json"],
         outputContains='"value": "(missing)"'),
    case("a level unseen in training, score", ["score", "@F/model.json", "--data", "@F/unseen-level.csv", "--out", "@S/s.csv"], 65,
         "column 'g' has level 'c' that was not seen in training (known levels: 'a', 'b')"),
    case("a level unseen in training, audit --model", ["audit", "--data", "@F/unseen-level.csv", "--model", "@F/model.json", "--outcome", "y",
                                                       "--group", "g", "--bootstrap", "0", "--out", "@S/audit.json"], 65, "has level 'c' that was not seen in training"),
    # Model files.
    case("truncated model file, score", ["score", "@F/model-truncated.json", "--data", "@F/ok.csv", "--out", "@S/s.csv"], 65, "is not valid JSON (truncated or corrupted?)"),
    case("wrong schema version", ["score", "@F/model-schema-version.json", "--data", "@F/ok.csv", "--out", "@S/s.csv"], 65, "schema version 99"),
    case("wrong kind (uplift)", ["score", "@F/model-kind-uplift.json", "--data", "@F/ok.csv", "--out", "@S/s.csv"], 65, "invalid model file"),
    case("unknown kind", ["inspect", "@F/model-kind-unknown.json"], 65, "random-forest"),
    case("NaN coefficient (not JSON)", ["score", "@F/model-nan-coefficient.json", "--data", "@F/ok.csv", "--out", "@S/s.csv"], 65, "is not valid JSON"),
    case("null coefficient", ["explain", "@F/model-null-coefficient.json", "--data", "@F/ok.csv", "--repeats", "2", "--out", "@S/e.json"], 65,
         "has no estimate"),
    case("coefficient count does not match the encoding", ["inspect", "@F/model-coefficient-count.json"], 65,
         "the coefficient terms (2) do not match the design encoding's terms (3)"),
    case("covariance of the wrong size", ["score", "@F/model-covariance-size.json", "--data", "@F/ok.csv", "--out", "@S/s.csv"], 65,
         "the covariance matrix is not 3×3"),
    case("unknown field", ["score", "@F/model-unknown-field.json", "--data", "@F/ok.csv", "--out", "@S/s.csv"], 65, "unknown field 'trainedBy'"),
    case("a CSV given as the model", ["inspect", "@F/model-not-json.json"], 65, "is not valid JSON"),
    # Distributed fit states and partials.
    case("fit state claiming 10001 design columns, partial", ["partial", "logistic", "--state", "@F/state-columns.json", "--data", "@F/ok.csv",
                                                              "--out", "@S/p.json"], 65,
         "state-columns.json': its design encoding claims 10001 design columns, more than the 10000 a model can be fitted with"),
    case("fit state claiming 10001 design columns, merge", ["merge", "logistic", "--state", "@F/state-columns.json", "@F/partial-hessian-size.json",
                                                            "--out", "@S/s.json", "--model-out", "@S/m.json"], 65,
         "state-columns.json': its design encoding claims 10001 design columns"),
    case("partial whose Hessian is not the state's size", ["merge", "logistic", "--state", "@F/state-summary.json", "@F/partial-hessian-size.json",
                                                          "--out", "@S/s.json", "--model-out", "@S/m.json"], 65,
         "partial-hessian-size.json: an evaluation has 3 gradient and 16 Hessian entries for 3 columns"),
    # Vendors' tree models.
    case("LightGBM model truncated, import", ["import", "lightgbm", "@F/lightgbm-truncated.txt", "--out", M], 65, "no 'end of trees' line: the file is truncated"),
    case("LightGBM linear trees, import", ["import", "lightgbm", "@F/lightgbm-linear.txt", "--out", M], 65, "tree 0 is a linear tree"),
    case("LightGBM child cycle, import", ["import", "lightgbm", "@F/lightgbm-cycle.txt", "--out", M], 65, "tree 0 node 0 has child 0"),
    case("PMML entity bomb, import", ["import", "pmml", "@F/pmml-entity-bomb.pmml", "--out", M], 65, "<!DOCTYPE> declaration"),
    case("PMML nested too deep, import", ["import", "pmml", "@F/pmml-deep.pmml", "--out", M], 65, "elements nested deeper than 512"),
    case("PMML NaN threshold, import", ["import", "pmml", "@F/pmml-nan-threshold.pmml", "--out", M], 65, "the threshold 'NaN' on 'x' is not a number"),
    # Imported tree models (XGBoost JSON/UBJSON, then the treeEnsemble model file).
    case("XGBoost JSON imported", ["import", "xgboost", "@F/xgb-ok.json", "--out", "@S/t.json"], 0, "", outputs=["t.json"],
         outputContains='"kind" : "treeEnsemble"'),
    case("XGBoost UBJSON imported", ["import", "xgboost", "@F/xgb-ok.ubj", "--out", "@S/t.json"], 0, "", outputs=["t.json"],
         outputContains='"format" : "xgboost"'),
    case("XGBoost truncated", ["import", "xgboost", "@F/xgb-truncated.json", "--out", M], 65, "is not valid JSON"),
    case("XGBoost wrong type", ["import", "xgboost", "@F/xgb-wrong-type.json", "--out", M], 65,
         "field 'learner.gradient_booster.model.trees[0].left_children' is a string, not an array of numbers"),
    case("XGBoost child cycle", ["import", "xgboost", "@F/xgb-cycle.json", "--out", M], 65, "(a cycle or a truncated tree)"),
    case("XGBoost feature index out of range", ["import", "xgboost", "@F/xgb-feature-index.json", "--out", M], 65,
         "tree 0 node 0 splits on feature 9, but the model has 2 features"),
    case("XGBoost billion-node claim", ["import", "xgboost", "@F/xgb-billion-nodes.json", "--out", M], 65,
         "num_nodes' holds 1000000000.0, not an integer in 1...4194304"),
    case("XGBoost UBJSON billion-element claim", ["import", "xgboost", "@F/xgb-billion-claim.ubj", "--out", M], 65,
         "claims a container size of 1000000000"),
    case("XGBoost NaN threshold", ["import", "xgboost", "@F/xgb-nan-threshold.ubj", "--out", M], 65,
         "tree 0 node 0 has a threshold that is not a number"),
    case("XGBoost multiclass", ["import", "xgboost", "@F/xgb-multiclass.json", "--out", M], 65, "unsupported model: xgb-multiclass.json: a multiclass model (num_class = 3)"),
    case("XGBoost ranking objective", ["import", "xgboost", "@F/xgb-ranking.json", "--out", M], 65, "the objective 'rank:pairwise'"),
    case("XGBoost gblinear", ["import", "xgboost", "@F/xgb-gblinear.json", "--out", M], 65, "a gblinear (linear) booster"),
    case("XGBoost DART with dropped trees", ["import", "xgboost", "@F/xgb-dart.json", "--out", M], 65, "a DART booster with dropped or rescaled trees"),
    case("tree model scored, missing values down the default branch", ["score", "@F/tree-model.json", "--data", "@F/tree-ok.csv", "--out", "@S/s.csv"],
         0, "", outputs=["s.csv"], outputContains="score"),
    case("tree model, feature column missing", ["score", "@F/tree-model.json", "--data", "@F/tree-missing-column.csv", "--out", "@S/s.csv"], 65,
         "the model's feature 'g' is not a column of the data"),
    case("tree model, unseen category", ["score", "@F/tree-model.json", "--data", "@F/tree-unseen-level.csv", "--out", "@S/s.csv"], 65,
         "categorical feature 'g' has the level 'zzz', which the model has no category for"),
    case("tree model, text for a numeric feature", ["score", "@F/tree-model.json", "--data", "@F/tree-text-for-number.csv", "--out", "@S/s.csv"], 65,
         "the model's feature 'x' needs numbers, but its column holds text"),
    case("tree model with a child cycle", ["inspect", "@F/tree-model-cycle.json"], 65, "(a cycle or a truncated tree)"),
    case("tree model with an unknown field", ["inspect", "@F/tree-model-unknown-field.json"], 65, "unknown field 'vendorNotes'"),
    case("tree model truncated", ["score", "@F/tree-model-truncated.json", "--data", "@F/tree-ok.csv", "--out", "@S/s.csv"], 65, "is not valid JSON"),
    case("tree model with no features", ["inspect", "@F/tree-model-no-features.json"], 65, "the model has no features"),
    case("tree model with a surrogate split on a feature it lacks", ["inspect", "@F/tree-model-surrogate-feature.json"], 65,
         "tree 0 node 0 has surrogate 0 on feature 9, but the model has 2 features"),
    # Paths.
    case("missing data file, audit", audit("absent.csv"), 66, "absent.csv: no such file"),
    case("missing model file", ["score", "@F/absent.json", "--data", "@F/ok.csv", "--out", "@S/s.csv"], 66, "absent.json: no such file"),
    case("a directory as the data file", ["describe", "--data", "@F"], 66, "is a directory, expected a file"),
    case("a directory as the model file", ["score", "@F", "--data", "@F/ok.csv", "--out", "@S/s.csv"], 66, "is a directory, expected a file"),
    case("unwritable output directory", T + ["@F/ok.csv", "--formula", "y ~ x", "--out", "/proc/m.json"], 73, "/proc: directory is not writable"),
    case("output directory missing", T + ["@F/ok.csv", "--formula", "y ~ x", "--out", "@S/no/such/dir/m.json"], 73, "directory does not exist"),
    case("output is a directory", T + ["@F/ok.csv", "--formula", "y ~ x", "--out", "@S", "--force"], 73, "is a directory; give the path of a file to write"),
    case("output equal to the input, score", ["score", "@F/model.json", "--data", "@S/ok.csv", "--out", "@S/ok.csv", "--force"], 73,
         "is the same file as the input", copy=["ok.csv"]),
    case("output equal to the model, train", T + ["@S/ok.csv", "--formula", "y ~ x", "--out", "@S/ok.csv", "--force"], 73,
         "is the same file as the input", copy=["ok.csv"]),
    case("existing output without --force", ["simulate", "--rows", "10", "--out", "@S/ok.csv"], 73, "already exists", copy=["ok.csv"]),
]
names = [c["name"] for c in cases]
assert len(names) == len(set(names)), "duplicate case names"
with open("cases.json", "w") as f:
    json.dump(cases, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(len(cases), "cases,", len(W) + 1, "files")
