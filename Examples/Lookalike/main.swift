// glassbox-example-lookalike: expand a donor list to a lookalike audience and audit its make-up.
//
// Usage: glassbox-example-lookalike
//
// Each `// MARK: -` step below is printed verbatim in the DocC article
// Sources/Glassbox/Glassbox.docc/LookalikeAudiences.md (a test checks that they agree), so edit both together.
// Every figure it prints depends only on `seed`.
import Foundation
import Glassbox

/// `x` with `digits` decimals, for the printed figures.
func fixed(_ x: Double?, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x ?? .nan) }

// MARK: - Step 1: simulate a voter file with a donor list

let seed: UInt64 = 2024
let table = VoterFileSimulator(rows: 20_000, seed: seed).generate()
print("data: \(table.rowCount) rows, \(table.columnNames.count) columns")

// MARK: - Step 2: fit a positive-unlabelled lookalike model of the donors

let model = LookalikeModel(method: .pu, randomSeed: seed)
let lookalike = try model.fit(formula: "~ log(income) + I((age - 50)/10) + C(party)", on: table, seedColumn: "donor")
let fit = LookalikeInspection(lookalike)
print("fit: \(fit.rows) rows, \(fit.seeds) donors, labelling rate \(fixed(fit.labelFrequency)), positive share \(fixed(fit.positiveShare))")
for coefficient in fit.coefficients {
    // The simulator planted the donor model, so the estimates can be checked against the truth.
    print("coefficient \(coefficient.term) \(fixed(coefficient.estimate)) planted \(fixed(VoterFileSimulator.donorCoefficients[coefficient.term], 3))")
}

// MARK: - Step 3: check that it finds donors it was not shown

let recovery = try lookalike.recovery(on: table, holdout: 0.2, size: 0.1, randomSeed: seed)
print("recovery: AUC \(fixed(recovery.auc)) lift \(fixed(recovery.lift, 2)) recall \(fixed(recovery.recallAtSize))")

// MARK: - Step 4: choose the audience and audit its composition by race

let audience = try lookalike.audienceScores(on: table).audience(size: 0.1)
print("audience: \(audience.count) voters")

var settings = AuditConfiguration()
settings.seed = seed
let composition = try audience.composition(of: table, groups: ["race"], settings: settings)
for group in composition.flatMap(\.groups) where !group.suppressed {
    print("composition race \(group.value) population \(fixed(group.populationShare, 3)) audience \(fixed(group.audienceShare, 3))"
        + " ratio \(fixed(group.audienceRatio, 3)) verdict \(group.verdict ?? "-")")
}
