// glassbox-example: the getting-started walk-through of the Glassbox library, step by step.
// Usage: glassbox-example [OUTPUT-DIRECTORY]   (default: a new temporary directory)
// Each `// MARK: -` step is printed verbatim in Sources/Glassbox/Glassbox.docc/GettingStarted.md (a test
// checks that they agree), so edit both together. Every figure it prints depends only on `seed`.
import Foundation
import Glassbox

// MARK: - Step 0: where to write

let outputDirectory = CommandLine.arguments.dropFirst().first
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-example-\(UUID().uuidString)").path
try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
// Glassbox splits rows across cores itself; keep OpenBLAS (when installed) from competing with it.
BLASLibrary.useSingleThreadedBLAS()

/// `x` with `digits` decimals, for the printed figures.
func fixed(_ x: Double?, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x ?? .nan) }

// MARK: - Step 1: simulate a voter file and load it as a CSV

let seed: UInt64 = 2024
let csvPath = outputDirectory + "/voters.csv"
try Data(VoterFileSimulator(rows: 20_000, seed: seed).generate().csvBytes()).write(to: URL(fileURLWithPath: csvPath))
let csv = try CSVReader.read(path: csvPath)
let table = csv.table
print("data: \(table.rowCount) rows, \(table.columnNames.count) columns, SHA-256 \(csv.sha256.prefix(16))…")

// MARK: - Step 2: fit a logistic turnout model with robust (HC1) standard errors

let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female + canvassed + canvassed:voted_2022"
let provenance = Provenance(commandLine: Array(CommandLine.arguments.dropFirst()), data: .init(path: csvPath, sha256: csv.sha256,
    rowsRead: table.rowCount, rowsUsed: 0, rowsDropped: 0, missingByColumn: [:]), seed: seed, blas: BLASLibrary.path)
let turnout = try LogisticTraining(formula: formula, covariance: .hc1).fit(table, provenance: provenance)
let fit = turnout.fit
print("model: \(turnout.manifest.data?.rowsUsed ?? 0) rows used, converged: \(fit.converged), AIC \(fixed(fit.aic, 2))")
for row in turnout.coefficientTable() {   // the simulator planted these coefficients: check the estimates against them
    let planted = VoterFileSimulator.turnoutCoefficients[row.term]
    print("coefficient \(row.term) estimate \(fixed(row.estimate)) se \(fixed(row.stdError)) planted \(fixed(planted, 3))")
}
try Data(try turnout.encoded()).write(to: URL(fileURLWithPath: outputDirectory + "/turnout.json"))

// MARK: - Step 3: explain it with permutation importance and exact linear SHAP

let explanation = try ExplanationReport.explain(turnout, table: table, manifest: turnout.manifest, options: ExplanationOptions(
    metric: .auc, repeats: 5, seed: seed, shap: true))
print("importance: baseline AUC \(fixed(explanation.baseline))")
for feature in explanation.permutationImportance ?? [] { print("importance \(feature.feature) mean \(fixed(feature.mean)) std \(fixed(feature.std))") }
for feature in explanation.shap?.features ?? [] { print("shap \(feature.feature) meanAbs \(fixed(feature.meanAbs))") }

// MARK: - Step 4: audit the model's scores and the vendor's score by race

var configuration = AuditConfiguration()
configuration.decision = .top(0.3)   // contact the 30 % most likely voters
(configuration.bootstrap, configuration.seed) = (200, seed)
let scores = try turnout.scores(on: table).values   // NaN for a row the model cannot score: the audit skips it
let modelAudit = try table.biasAudit(scores: scores, scoreColumn: nil, outcome: .column("voted_2024"), groups: ["race"],
    configuration: configuration)
let vendorAudit = try table.biasAudit(scoreColumn: "vendor_turnout_score", outcome: .expression("I(voted_2024 >= 1)"),
    groups: ["race"], configuration: configuration)
for (name, audit) in [("model", modelAudit), ("vendor", vendorAudit)] {
    for group in audit.attributes[0].groups where !group.suppressed {
        let verdict = group.isReference ? "reference" : group.verdict(for: .tpr)?.rawValue ?? "none"
        print("audit \(name) \(group.value) n \(group.n) selectionRate \(fixed(group.rates[.selectionRate]))"
              + " tpr \(fixed(group.rates[.tpr])) tprRatio \(fixed(group.disparities[.tpr]?.ratio)) verdict \(verdict)")
    }
}

// MARK: - Step 5: render one report as HTML and JSON

var document = ReportDocument.combined(title: "Getting started with Glassbox: a turnout model, explained and audited",
    subtitle: "Formula: \(formula)", inspection: LogisticInspection(turnout), explanation: explanation, audits: [modelAudit],
    manifest: turnout.manifest)
document.appendAudit(vendorAudit, idPrefix: "vendor-audit", title: "Bias audit of the vendor score by race")
try document.html().write(toFile: outputDirectory + "/report.html", atomically: true, encoding: .utf8)
try document.json().write(toFile: outputDirectory + "/report.json", atomically: true, encoding: .utf8)
print("report: \(outputDirectory)/report.html")
