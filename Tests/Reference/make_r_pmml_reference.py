#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/trees/rpmml-glm.*: a logistic regression in the PMML layout R's `pmml`
package writes for a binomial `glm` (`pmml(glm(voted ~ ., family = binomial))`: a GeneralRegressionModel
with modelType="generalizedLinear", distribution="binomial", linkFunction="logit", targetReferenceCategory
"0", a ParameterList whose first parameter is the intercept, FactorList / CovariateList, a PPMatrix with
value="1" for a covariate and the level for a factor's treatment-coded dummy, a ParamMatrix of PCells with
targetCategory "1"), and its probabilities computed here with numpy, the reference for Glassbox's PMML
importer (Tests/GlassboxModelsTests/Trees/PMMLGeneralRegressionTests).

Debian has no r-cran-pmml and CRAN was not reachable from the build machine, so the document is written by
this script in that layout rather than by R; the coefficients are statsmodels' GLM Binomial fit (the same
maximum-likelihood estimate R's glm computes) on the complete rows of 5,000 seeded voter-like rows
(tree_reference_data.rows(seed 17)), county and party treatment-coded with their first level as reference,
as R's default contrasts do. R's pmml writes no missing-value replacement, so a row missing any input has no
prediction: its stored probability is NaN, as a PMML evaluator returns no score. The probabilities of the
50,000 rows of seed 29 are 1 / (1 + exp(-eta)), eta = intercept + sum of beta * x (numpy, float64), an
independent computation of what the document says.

Usage:
  python Tests/Reference/make_r_pmml_reference.py          # (re)write the fixtures
  python Tests/Reference/make_r_pmml_reference.py --check  # refit and rewrite in memory; exit 1 if the PMML
                                                           # text differs or a probability by more than 1e-12
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import statsmodels.api as sm

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tree_reference_data as data  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "trees"
TRAIN_SEED, TRAIN_ROWS, TEST_SEED, TEST_ROWS = 17, 5_000, 29, 50_000
COVARIATES = ["age", "income", "contacts", "past"]
FACTORS = [("county", data.COUNTY_LEVELS), ("party", data.PARTY_LEVELS)]


def design(cols):
    """Treatment-coded design (intercept, covariates, every non-reference level) and the complete-row mask."""
    complete = np.ones(len(cols["age"]), dtype=bool)
    for c in COVARIATES:
        complete &= ~np.isnan(cols[c])
    for name, _ in FACTORS:
        complete &= cols[name] >= 0
    columns = [np.ones(len(complete))] + [np.nan_to_num(cols[c]) for c in COVARIATES]
    for name, levels in FACTORS:
        columns += [(cols[name] == k).astype(float) for k in range(1, len(levels))]
    return np.column_stack(columns), complete


def pmml(beta):
    labels = ["(Intercept)"] + COVARIATES + [f"{name}{level}" for name, levels in FACTORS for level in levels[1:]]
    fields = ['  <DataField name="voted" optype="categorical" dataType="string">\n   <Value value="0"/>\n   <Value value="1"/>\n  </DataField>']
    fields += [f'  <DataField name="{c}" optype="continuous" dataType="double"/>' for c in COVARIATES]
    for name, levels in FACTORS:
        values = "\n".join(f'   <Value value="{v}"/>' for v in levels)
        fields.append(f'  <DataField name="{name}" optype="categorical" dataType="string">\n{values}\n  </DataField>')
    mining = ['   <MiningField name="voted" usageType="predicted" invalidValueTreatment="returnInvalid"/>']
    mining += [f'   <MiningField name="{c}" usageType="active" invalidValueTreatment="returnInvalid"/>'
               for c in COVARIATES + [name for name, _ in FACTORS]]
    parameters = "\n".join(f'   <Parameter name="p{k}" label="{label}"/>' for k, label in enumerate(labels))
    cells = [f'   <PPCell value="1" predictorName="{c}" parameterName="p{k + 1}"/>' for k, c in enumerate(COVARIATES)]
    k = 1 + len(COVARIATES)
    for name, levels in FACTORS:
        for level in levels[1:]:
            cells.append(f'   <PPCell value="{level}" predictorName="{name}" parameterName="p{k}"/>')
            k += 1
    pcells = "\n".join(f'   <PCell targetCategory="1" parameterName="p{j}" df="1" beta="{b!r}"/>' for j, b in enumerate(beta))
    return f"""<?xml version="1.0"?>
<PMML version="4.4.1" xmlns="http://www.dmg.org/PMML-4_4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.dmg.org/PMML-4_4 http://www.dmg.org/pmml/v4-4/pmml-4-4.xsd">
 <Header copyright="Glassbox test fixture" description="Generalized Linear Regression Model">
  <Application name="make_r_pmml_reference.py (R pmml layout)" version="1"/>
 </Header>
 <DataDictionary numberOfFields="{1 + len(COVARIATES) + len(FACTORS)}">
{chr(10).join(fields)}
 </DataDictionary>
 <GeneralRegressionModel modelName="General_Regression_Model" modelType="generalizedLinear" functionName="classification" algorithmName="glm" distribution="binomial" linkFunction="logit" targetReferenceCategory="0">
  <MiningSchema>
{chr(10).join(mining)}
  </MiningSchema>
  <Output>
   <OutputField name="Predicted_voted" optype="categorical" dataType="string" feature="predictedValue"/>
   <OutputField name="Probability_1" optype="continuous" dataType="double" feature="probability" value="1"/>
   <OutputField name="Probability_0" optype="continuous" dataType="double" feature="probability" value="0"/>
  </Output>
  <ParameterList>
{parameters}
  </ParameterList>
  <FactorList>
{chr(10).join(f'   <Predictor name="{name}"/>' for name, _ in FACTORS)}
  </FactorList>
  <CovariateList>
{chr(10).join(f'   <Predictor name="{c}"/>' for c in COVARIATES)}
  </CovariateList>
  <PPMatrix>
{chr(10).join(cells)}
  </PPMatrix>
  <ParamMatrix>
{pcells}
  </ParamMatrix>
 </GeneralRegressionModel>
</PMML>
"""


def build():
    train, u = data.rows(TRAIN_SEED, TRAIN_ROWS)
    y = data.labels(train, u)
    X, complete = design(train)
    beta = sm.GLM(y[complete], X[complete], family=sm.families.Binomial()).fit().params
    test, _ = data.rows(TEST_SEED, TEST_ROWS)
    Xt, known = design(test)
    eta = Xt @ beta
    probability = np.where(known, 1 / (1 + np.exp(-eta)), np.nan)
    return {"glm": {"text": pmml([float(b) for b in beta]), "splits": [], "predictions": probability}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    check = parser.parse_args().check
    meta = {"layout": "R pmml GeneralRegressionModel (binomial glm)", "testSeed": TEST_SEED, "testRows": TEST_ROWS,
            "columns": data.COLUMNS}
    data.write_or_check(OUT, "rpmml", "pmml", build(), meta, check)


if __name__ == "__main__":
    main()
