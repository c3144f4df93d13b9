// Persuasion (uplift) models with Glassbox: the code of the DocC article "Persuasion (uplift) models".
// swift run glassbox-example-uplift
import Foundation
import Glassbox

// MARK: - Step 1: simulate a canvassing experiment

// Glassbox splits rows across cores itself; keep OpenBLAS (when installed) from competing with it.
BLASLibrary.useSingleThreadedBLAS()

/// `x` with `digits` decimals, for the printed figures.
func fixed(_ x: Double?, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x ?? .nan) }

let seed: UInt64 = 2024
let table = VoterFileSimulator(rows: 20_000, seed: seed).generate()
let canvass = UpliftTreatment(column: "canvassed", treated: ["1"], control: "0")
print("data: \(table.rowCount) rows, \(table.columnNames.count) columns")

// MARK: - Step 2: fit a two-model uplift model

let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female"
let persuasion = try UpliftModel(learner: .twoModel).fit(formula: formula, on: table, treatment: canvass)
for arm in UpliftInspection(persuasion).arms {
    for component in arm.components {
        let coefficients = component.coefficients.map { "\($0.term)=\(fixed($0.estimate, 3))" }.joined(separator: " ")
        print("component \(arm.treated) \(component.role) rows \(component.rows) \(coefficients)")
    }
}

// MARK: - Step 3: evaluate it per arm: Qini, AUUC, uplift@k, deciles

let evaluation = try persuasion.evaluate(on: table, bootstrap: 200, seed: seed)
for arm in evaluation.arms {
    let e = arm.evaluation
    print("evaluation \(arm.treated) vs \(arm.control) rows \(e.n) ate \(fixed(e.averageEffect.estimate))"
          + " qiniAuc \(fixed(e.qiniAuc)) upliftAuc \(fixed(e.upliftAuc)) qiniInterval \(fixed(e.qiniAucInterval?.ciLower)) \(fixed(e.qiniAucInterval?.ciUpper))")
    for k in e.upliftAtK { print("upliftAtK \(fixed(k.k, 2)) \(k.strategy.rawValue) \(fixed(k.value))") }
    for bin in e.byPercentile { print("decile \(bin.percentile) uplift \(fixed(bin.uplift)) se \(fixed(bin.stdUplift))") }
}

// MARK: - Step 4: audit whom targeting by predicted uplift reaches

// The model's predicted uplift for each row of the table (NaN for a row with a missing value: the audit skips it).
let uplift = try persuasion.scores(on: table).values

var configuration = AuditConfiguration()
configuration.top = 0.2   // canvass the 20 % with the highest predicted uplift
configuration.seed = seed
let targeting = try table.targetingAudit(uplift: uplift, upliftColumn: nil, treatment: canvass, outcome: "voted_2024",
    groups: ["race"], configuration: configuration)
for group in targeting.groups where !group.suppressed {
    print("targeting \(group.value) n \(group.n) populationShare \(fixed(group.populationShare)) targetedShare \(fixed(group.targetedShare))"
          + " ratio \(fixed(group.ratio)) verdict \(group.verdict?.rawValue ?? "none")")
}
