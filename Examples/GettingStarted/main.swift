// glassbox-example: the getting-started walk-through of the Glassbox library, step by step.
//
// Usage: glassbox-example [OUTPUT-DIRECTORY]   (default: a new temporary directory)
//
// Each `// MARK: -` step below is printed verbatim in the DocC article
// Sources/Glassbox/Glassbox.docc/GettingStarted.md (a test checks that they agree), so edit both together.
// Every figure it prints depends only on `seed`.
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
let simulated = VoterFileSimulator(rows: 20_000, seed: seed).generate()
try AtomicFile.write(CSVWriter.render(simulated), to: csvPath, force: true)

let csv = try CSVReader.read(path: csvPath)
let table = csv.table
print("data: \(table.rowCount) rows, \(table.columnNames.count) columns, SHA-256 \(csv.sha256.prefix(16))…")

// MARK: - Step 2: fit a logistic turnout model with robust (HC1) standard errors

let formula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female + canvassed + canvassed:voted_2022"
let (encoding, design) = try DesignBuilder.fit(try Formula.parse(formula), on: table)
let model = LogisticRegression(covariance: .hc1)
let fit = try model.fit(x: design.x, y: design.response ?? [], termNames: encoding.termNames, responseName: "voted_2024")

print("model: \(design.x.rows) rows used, \(design.droppedRowCount) dropped, converged: \(fit.converged), AIC \(fixed(fit.aic, 2))")
for row in fit.coefficientTable() {
    // The simulator planted these coefficients, so the estimates can be checked against the truth.
    let planted = PlantedTruth.turnoutCoefficients[row.term]
    print("coefficient \(row.term) estimate \(fixed(row.estimate)) se \(fixed(row.stdError)) planted \(fixed(planted, 3))")
}

// A model file keeps the encoding, the fit and a manifest (input SHA-256, rows, seed, BLAS, time).
let manifest = Provenance(
    commandLine: Array(CommandLine.arguments.dropFirst()),
    data: .init(path: csvPath, sha256: csv.sha256, rowsRead: table.rowCount, rowsUsed: design.x.rows,
                rowsDropped: design.droppedRowCount, missingByColumn: design.droppedByColumn),
    seed: seed, blas: BLASLibrary.path)
let turnout = LogisticModelFile(encoding: encoding, model: model, fit: fit, weights: nil, cluster: nil, manifest: manifest)
try AtomicFile.write(try turnout.encoded(), to: outputDirectory + "/turnout.json", force: true)

// MARK: - Step 3: explain it with permutation importance and exact linear SHAP

let scorer = LogisticScorer(model: turnout)
let explainData = try ExplainData.forModel(encoding, table: table, weights: nil, withOutcome: true)
let importance = try PermutationImportance.compute(
    scorer: scorer, data: explainData, options: PermutationImportanceOptions(metric: .auc, repeats: 5, seed: seed))
let shap = try LinearSHAP.compute(scorer: scorer, data: explainData, listRows: 0, seed: seed)

var explanation = ExplanationReport(rowsUsed: explainData.table.rowCount, rowsDropped: explainData.rowsDropped, manifest: manifest)
explanation.setImportance(importance)
explanation.shap = shap

print("importance: baseline AUC \(fixed(importance.baseline))")
for feature in importance.permutationImportance {
    print("importance \(feature.feature) mean \(fixed(feature.mean)) std \(fixed(feature.std))")
}
for feature in shap.features {
    print("shap \(feature.feature) meanAbs \(fixed(feature.meanAbs))")
}

// MARK: - Step 4: audit the model's scores and the vendor's score by race

// The model's predicted probability for each row of the table (NaN for a dropped row: the audit skips it).
var scores = [Double](repeating: .nan, count: table.rowCount)
for (k, p) in try fit.predictProbabilities(design.x).enumerated() { scores[design.rowIndices[k]] = p }

var configuration = AuditConfiguration()
configuration.decision = .top(0.3)   // contact the 30 % most likely voters
configuration.bootstrap = 200
configuration.seed = seed
let modelAudit = try BiasAudit.run(
    try AuditData.from(table: table, scores: scores, scoreColumn: nil, outcome: "voted_2024", groups: ["race"]),
    configuration: configuration)
let vendorAudit = try BiasAudit.run(
    try AuditData.from(table: table, scoreColumn: "vendor_turnout_score", outcome: "voted_2024", groups: ["race"]),
    configuration: configuration)

for (name, audit) in [("model", modelAudit), ("vendor", vendorAudit)] {
    for group in audit.attributes[0].groups where !group.suppressed {
        let verdict = group.isReference ? "reference" : group.verdicts[.tprParity]?.rawValue ?? "none"
        print("audit \(name) \(group.value) n \(group.n) selectionRate \(fixed(group.rates[.selectionRate]))"
              + " tpr \(fixed(group.rates[.tpr])) tprRatio \(fixed(group.disparities[.tpr]?.ratio)) verdict \(verdict)")
    }
}

// MARK: - Step 5: render one report as HTML and JSON

var document = ReportDocument.combined(
    title: "Getting started with Glassbox: a turnout model, explained and audited",
    subtitle: "Formula: \(formula)",
    inspection: LogisticInspection(turnout), explanation: explanation, audits: [modelAudit],
    manifest: Provenance(manifest))
document.sections += ReportSection.audit(vendorAudit, idPrefix: "vendor-audit", title: "Bias audit of the vendor score by race")
document.makeSectionIDsUnique()

try AtomicFile.write(document.html(), to: outputDirectory + "/report.html", force: true)
try AtomicFile.write(document.json(), to: outputDirectory + "/report.json", force: true)
print("report: \(outputDirectory)/report.html")
