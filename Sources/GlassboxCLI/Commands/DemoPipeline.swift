import GlassboxAudit
import GlassboxExplain
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxReport
import GlassboxSimulation
import GlassboxTabular

/// The analyses of `glassbox demo`, run in memory through the library APIs (no subprocesses).
struct DemoPipeline {
    var rows: Int
    var seed: UInt64
    /// Where voters.csv will be written (recorded in the manifests).
    var dataPath: String

    /// The demo's formulas and settings (``DemoReport``).
    typealias Settings = DemoReport

    func manifest(sha256: String, rowsUsed: Int, rowsDropped: Int) -> Provenance {
        Provenance(commandLine: Array(CommandLine.arguments.dropFirst()),
                      data: .init(path: dataPath, sha256: sha256, rowsRead: rows, rowsUsed: rowsUsed, rowsDropped: rowsDropped, missingByColumn: [:]),
                      seed: seed, blas: BLASLibrary.path)
    }

    func run(_ progress: inout DemoProgress) throws -> DemoReport {
        progress.begin("simulating \(rows) voters (seed \(seed))")
        let table = VoterFileSimulator(rows: rows, seed: seed).generate(progress: progress.observer)
        let csv = CSVWriter.render(table)
        let sha = SHA256.hexDigest(of: csv)

        progress.begin("fitting the turnout model (logistic)")
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(Settings.turnoutFormula), on: table)
        let logistic = LogisticRegression()
        let fit = try logistic.fit(x: design.x, y: design.response ?? [], termNames: encoding.termNames, responseName: "voted_2024",
                                   progress: progress.observer)
        let turnout = LogisticModelFile(encoding: encoding, model: logistic, fit: fit, weights: nil, cluster: nil,
                                        manifest: manifest(sha256: sha, rowsUsed: design.x.rows, rowsDropped: design.droppedRowCount))

        progress.begin("explaining it: permutation importance, partial dependence for age, proxies for \(Settings.protected)")
        let reportManifest = manifest(sha256: sha, rowsUsed: rows, rowsDropped: 0)
        let explanation = try explainLogisticModel(turnout, table: table, manifest: reportManifest,
                                                   settings: ModelExplanationSettings(seed: seed, pd: ["age"], protected: [Settings.protected],
                                                                                     progress: progress.observer))

        progress.begin("auditing the turnout model and the vendor's score by \(Settings.protected)")
        var config = AuditConfiguration()
        config.decision = Settings.decision
        config.bootstrap = Settings.bootstrap
        config.seed = seed
        config.minGroupSize = Settings.minGroupSize
        let modelAudit = try BiasAudit.run(try AuditData.from(table: table, scores: try logisticScores(turnout, table: table), scoreColumn: nil,
                                                              outcome: "voted_2024", groups: [Settings.protected]), configuration: config,
                                           progress: progress.observer)
        let vendorAudit = try BiasAudit.run(try AuditData.from(table: table, scoreColumn: "vendor_turnout_score", outcome: "voted_2024",
                                                               groups: [Settings.protected]), configuration: config,
                                            progress: progress.observer)

        progress.begin("fitting the persuasion model (two-model uplift on the canvass experiment) and auditing its targeting")
        let spec = UpliftTreatment(column: "canvassed", treated: ["1"], control: "0")
        let experiment = try UpliftRows(table, treatment: spec)
        let (upliftEncoding, upliftDesign) = try DesignBuilder.fit(try Formula.parse(Settings.persuasionFormula), on: experiment.table)
        let upliftModel = UpliftModel(learner: .twoModel)
        let upliftFit = try upliftModel.fit(x: upliftDesign.x, termNames: upliftEncoding.termNames, y: upliftDesign.response ?? [],
                                            arm: upliftDesign.rowIndices.map { experiment.arms[$0] }, treatments: spec.treated,
                                            control: spec.control, responseName: "voted_2024", progress: progress.observer)
        let persuasion = UpliftModelFile(encoding: upliftEncoding, treatment: spec, model: upliftModel, fit: upliftFit,
                                         manifest: manifest(sha256: sha, rowsUsed: upliftDesign.x.rows, rowsDropped: upliftDesign.droppedRowCount))
        var targetingConfig = TargetingConfiguration()
        targetingConfig.top = Settings.targetingTop
        targetingConfig.bootstrap = Settings.bootstrap
        targetingConfig.metricBootstrap = Settings.metricBootstrap
        targetingConfig.seed = seed
        targetingConfig.minGroupSize = Settings.minGroupSize
        let targeting = try TargetingAudit.run(try TargetingData.from(table: table, uplift: try upliftScores(persuasion, table: table, treated: "1"),
                                                                      upliftColumn: nil, treatment: spec, outcome: "voted_2024",
                                                                      groups: [Settings.protected]), configuration: targetingConfig,
                                               progress: progress.observer)

        progress.begin("fitting the lookalike model (PU learning from donors) and checking its audience's make-up")
        let prepared = try LookalikeDesign(table: table, formula: Settings.lookalikeFormula, seedColumn: "donor")
        let lookalikeModel = LookalikeModel(method: .pu, randomSeed: seed)
        let lookalikeFit = try lookalikeModel.fit(x: prepared.design.x, termNames: prepared.encoding.termNames,
                                                  interceptIndex: prepared.encoding.interceptIndex, seeds: prepared.seeds,
                                                  progress: progress.observer)
        let lookalike = LookalikeModelFile(encoding: prepared.encoding, seedColumn: "donor", model: lookalikeModel, fit: lookalikeFit,
                                           manifest: manifest(sha256: sha, rowsUsed: prepared.design.x.rows,
                                                              rowsDropped: prepared.design.droppedRowCount))
        let (scores, scored) = try lookalikeScores(lookalike, table: table)
        let donors = try LookalikeSeeds.read(table, column: "donor", requireBoth: true)
        let audience = lookalikeRanks(scores, seeds: donors, size: Settings.audienceSize).audience
        var settings = CompositionAudit.Settings()
        settings.bootstrap = Settings.bootstrap
        settings.minGroupSize = Settings.minGroupSize
        settings.seed = seed
        let scoredRows = scored.rowIndices
        let composition = CompositionAudit.run(
            attributes: [GroupAttribute(name: Settings.protected, column: try table.column(named: Settings.protected), rows: scoredRows)],
            seeds: scoredRows.map { donors[$0] }, audience: scoredRows.map { audience[$0] }, settings: settings)

        progress.begin("assembling the report")
        return DemoReport(csv: csv, sha256: sha, turnout: turnout, explanation: explanation, modelAudit: modelAudit,
                          vendorAudit: vendorAudit, persuasion: persuasion, targeting: targeting, lookalike: lookalike,
                          composition: composition, provenance: reportManifest)
    }
}
