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

    /// Turnout model: the planted formula plus county, as a vendor with geography would fit it. County
    /// has no planted effect on turnout, so its terms should come out near zero, but it is the model
    /// feature that stands in for race (proxy detection must flag it).
    static let turnoutFormula = PlantedTruth.turnoutFormula + " + C(county)"
    /// Persuasion model: outcome model per arm of the randomised canvass, without the treatment column.
    static let persuasionFormula = "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female"
    /// Lookalike features: race is deliberately not one of them.
    static let lookalikeFormula = "~ log(income) + I((age - 50)/10) + C(party) + C(county)"
    static let protected = "race"
    static let decision = DecisionRule.threshold(0.5)
    static let targetingTop = 0.2
    static let audienceSize = 0.1
    static let bootstrap = 1000
    static let metricBootstrap = 100
    static let minGroupSize = 10

    func manifest(sha256: String, rowsUsed: Int, rowsDropped: Int) -> ModelManifest {
        ModelManifest(commandLine: Array(CommandLine.arguments.dropFirst()),
                      data: .init(path: dataPath, sha256: sha256, rowsRead: rows, rowsUsed: rowsUsed, rowsDropped: rowsDropped, missingByColumn: [:]),
                      seed: seed, blas: BLASLibrary.path)
    }

    func run(_ progress: inout DemoProgress) throws -> DemoResults {
        progress.begin("simulating \(rows) voters (seed \(seed))")
        let table = VoterFileSimulator(rows: rows, seed: seed).generate(progress: progress.observer)
        let csv = CSVWriter.render(table)
        let sha = SHA256.hexDigest(of: csv)

        progress.begin("fitting the turnout model (logistic)")
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(Self.turnoutFormula), on: table)
        let logistic = LogisticRegression()
        let fit = try logistic.fit(x: design.x, y: design.response ?? [], termNames: encoding.termNames, responseName: "voted_2024",
                                   progress: progress.observer)
        let turnout = LogisticModelFile(encoding: encoding, model: logistic, fit: fit, weights: nil, cluster: nil,
                                        manifest: manifest(sha256: sha, rowsUsed: design.x.rows, rowsDropped: design.droppedRowCount))
        let inspection = LogisticInspection(turnout)

        progress.begin("explaining it: permutation importance, partial dependence for age, proxies for \(Self.protected)")
        let reportManifest = manifest(sha256: sha, rowsUsed: rows, rowsDropped: 0)
        let explanation = try explainLogisticModel(turnout, table: table, manifest: reportManifest,
                                                   settings: ModelExplanationSettings(seed: seed, pd: ["age"], protected: [Self.protected],
                                                                                     progress: progress.observer))

        progress.begin("auditing the turnout model and the vendor's score by \(Self.protected)")
        var config = AuditConfiguration()
        config.decision = Self.decision
        config.bootstrap = Self.bootstrap
        config.seed = seed
        config.minGroupSize = Self.minGroupSize
        let modelAudit = try BiasAudit.run(try AuditData.from(table: table, scores: try logisticScores(turnout, table: table), scoreColumn: nil,
                                                              outcome: "voted_2024", groups: [Self.protected]), configuration: config,
                                           progress: progress.observer)
        let vendorAudit = try BiasAudit.run(try AuditData.from(table: table, scoreColumn: "vendor_turnout_score", outcome: "voted_2024",
                                                               groups: [Self.protected]), configuration: config,
                                            progress: progress.observer)

        progress.begin("fitting the persuasion model (two-model uplift on the canvass experiment) and auditing its targeting")
        let spec = UpliftTreatment(column: "canvassed", treated: ["1"], control: "0")
        let experiment = try UpliftRows(table, treatment: spec)
        let (upliftEncoding, upliftDesign) = try DesignBuilder.fit(try Formula.parse(Self.persuasionFormula), on: experiment.table)
        let upliftModel = UpliftModel(learner: .twoModel)
        let upliftFit = try upliftModel.fit(x: upliftDesign.x, termNames: upliftEncoding.termNames, y: upliftDesign.response ?? [],
                                            arm: upliftDesign.rowIndices.map { experiment.arms[$0] }, treatments: spec.treated,
                                            control: spec.control, responseName: "voted_2024", progress: progress.observer)
        let persuasion = UpliftModelFile(encoding: upliftEncoding, treatment: spec, model: upliftModel, fit: upliftFit,
                                         manifest: manifest(sha256: sha, rowsUsed: upliftDesign.x.rows, rowsDropped: upliftDesign.droppedRowCount))
        var targetingConfig = TargetingConfiguration()
        targetingConfig.top = Self.targetingTop
        targetingConfig.bootstrap = Self.bootstrap
        targetingConfig.metricBootstrap = Self.metricBootstrap
        targetingConfig.seed = seed
        targetingConfig.minGroupSize = Self.minGroupSize
        let targeting = try TargetingAudit.run(try TargetingData.from(table: table, uplift: try upliftScores(persuasion, table: table, treated: "1"),
                                                                      upliftColumn: nil, treatment: spec, outcome: "voted_2024",
                                                                      groups: [Self.protected]), configuration: targetingConfig,
                                               progress: progress.observer)

        progress.begin("fitting the lookalike model (PU learning from donors) and checking its audience's make-up")
        let prepared = try LookalikeDesign(table: table, formula: Self.lookalikeFormula, seedColumn: "donor")
        let lookalikeModel = LookalikeModel(method: .pu, randomSeed: seed)
        let lookalikeFit = try lookalikeModel.fit(x: prepared.design.x, termNames: prepared.encoding.termNames,
                                                  interceptIndex: prepared.encoding.interceptIndex, seeds: prepared.seeds,
                                                  progress: progress.observer)
        let lookalike = LookalikeModelFile(encoding: prepared.encoding, seedColumn: "donor", model: lookalikeModel, fit: lookalikeFit,
                                           manifest: manifest(sha256: sha, rowsUsed: prepared.design.x.rows,
                                                              rowsDropped: prepared.design.droppedRowCount))
        let (scores, scored) = try lookalikeScores(lookalike, table: table)
        let donors = try LookalikeSeeds.read(table, column: "donor", requireBoth: true)
        let audience = lookalikeRanks(scores, seeds: donors, size: Self.audienceSize).audience
        var settings = CompositionAudit.Settings()
        settings.bootstrap = Self.bootstrap
        settings.minGroupSize = Self.minGroupSize
        settings.seed = seed
        let scoredRows = scored.rowIndices
        let composition = CompositionAudit.run(
            attributes: [GroupAttribute(name: Self.protected, column: try table.column(named: Self.protected), rows: scoredRows)],
            seeds: scoredRows.map { donors[$0] }, audience: scoredRows.map { audience[$0] }, settings: settings)

        progress.begin("assembling the report")
        let results = DemoResults(csv: csv, sha256: sha, turnout: turnout, inspection: inspection, explanation: explanation,
                                  modelAudit: modelAudit, vendorAudit: vendorAudit, persuasion: persuasion, targeting: targeting,
                                  lookalike: lookalike, composition: composition, manifest: reportManifest)
        return results
    }
}
