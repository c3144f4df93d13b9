import GlassboxAudit
import GlassboxCore
import GlassboxExplain
import GlassboxLinearAlgebra
import GlassboxModels
import GlassboxSimulation
import GlassboxTabular

/// The analyses of `glassbox demo` as library steps: simulate a voter file with planted effects, fit the
/// turnout (logistic), persuasion (two-model uplift) and lookalike (PU) models with ``DemoReport``'s formulas,
/// explain the turnout model, audit it and the vendor's score, audit the persuasion targeting and the
/// lookalike audience's composition. ``run(progress:onStep:onWarning:)`` runs every step and returns the
/// ``DemoReport``, which holds every step's result (the models, the explanation, the audits); the public
/// entry point is ``DemoReport/init(simulating:seed:dataPath:commandLine:progress:onStep:onWarning:)``.
package struct DemoPipeline: Sendable {
    /// Number of simulated voters.
    package var rows: Int
    /// Seed of the simulation, permutations, bootstrap and hold-out splits.
    package var seed: UInt64
    /// Where the voter file is (or will be) saved, as the provenance records it.
    package var dataPath: String
    /// The command line the provenance records.
    package var commandLine: [String]

    /// A pipeline of `rows` voters simulated with `seed`; `dataPath` and `commandLine` only go into the provenance.
    package init(rows: Int, seed: UInt64, dataPath: String = "voters.csv", commandLine: [String] = []) {
        self.rows = rows
        self.seed = seed
        self.dataPath = dataPath
        self.commandLine = commandLine
    }

    /// The steps ``run(progress:onStep:onWarning:)`` announces.
    package static let stepCount = 7

    /// The simulated voter file: the table, its CSV rendering (voters.csv) and the CSV's SHA-256.
    package struct VoterFile: Sendable {
        package var table: Table
        package var csv: [UInt8]
        package var sha256: String
    }

    /// The provenance of a model or report made from the voter file (its rows used and dropped).
    package func provenance(_ data: VoterFile, rowsUsed: Int, rowsDropped: Int) -> Provenance {
        Provenance(commandLine: commandLine,
                   data: .init(path: dataPath, sha256: data.sha256, rowsRead: rows, rowsUsed: rowsUsed, rowsDropped: rowsDropped, missingByColumn: [:]),
                   seed: seed, blas: BLASLibrary.path)
    }

    /// The report's provenance: every row of the voter file.
    package func reportProvenance(_ data: VoterFile) -> Provenance {
        provenance(data, rowsUsed: rows, rowsDropped: 0)
    }

    /// Simulates the voter file (``GlassboxSimulation/VoterFileSimulator``).
    package func simulate(progress: ProgressObserver? = nil) -> VoterFile {
        let table = VoterFileSimulator(rows: rows, seed: seed).generate(progress: progress)
        let csv = CSVWriter.render(table)
        return VoterFile(table: table, csv: csv, sha256: SHA256.hexDigest(of: csv))
    }

    /// The turnout model: ``DemoReport/turnoutFormula`` by maximum likelihood.
    package func fitTurnout(_ data: VoterFile, progress: ProgressObserver? = nil) throws -> LogisticModelFile {
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(DemoReport.turnoutFormula), on: data.table)
        let logistic = LogisticRegression()
        let fit = try logistic.fit(x: design.x, y: design.response ?? [], termNames: encoding.termNames, responseName: "voted_2024",
                                   progress: progress)
        return LogisticModelFile(encoding: encoding, model: logistic, fit: fit, weights: nil, cluster: nil,
                                 manifest: provenance(data, rowsUsed: design.x.rows, rowsDropped: design.droppedRowCount))
    }

    /// The turnout model's explanation: permutation importance (AUC, 5 repeats), partial dependence for age,
    /// proxy detection for ``DemoReport/protected``.
    /// `manifest` is the explanation's provenance (default: ``reportProvenance(_:)``).
    package func explainTurnout(_ turnout: LogisticModelFile, data: VoterFile, manifest: Provenance? = nil,
                               progress: ProgressObserver? = nil) throws -> ExplanationReport {
        let options = ExplanationOptions(metric: .auc, repeats: 5, seed: seed, partialDependence: ["age"], gridPoints: 20, iceRows: 0,
                                         protected: [DemoReport.protected], minGroupSize: DemoReport.minGroupSize)
        return try ExplanationReport.explain(turnout, table: data.table, manifest: manifest ?? reportProvenance(data), options: options, progress: progress)
    }

    /// Bias audits by ``DemoReport/protected`` of the turnout model's scores and of the vendor's score column.
    package func auditTurnout(_ turnout: LogisticModelFile, data: VoterFile,
                             progress: ProgressObserver? = nil) throws -> (model: AuditReport, vendor: AuditReport) {
        var config = AuditConfiguration()
        config.decision = DemoReport.decision
        config.bootstrap = DemoReport.bootstrap
        config.seed = seed
        config.minGroupSize = DemoReport.minGroupSize
        let table = data.table
        let model = try BiasAudit.run(try AuditData.from(table: table, scores: try turnout.scores(on: table).values, scoreColumn: nil,
                                                         outcome: "voted_2024", groups: [DemoReport.protected]), configuration: config,
                                      progress: progress)
        let vendor = try BiasAudit.run(try AuditData.from(table: table, scoreColumn: "vendor_turnout_score", outcome: "voted_2024",
                                                          groups: [DemoReport.protected]), configuration: config, progress: progress)
        return (model, vendor)
    }

    /// The persuasion model: a two-model uplift model of ``DemoReport/persuasionFormula`` on the canvass experiment.
    package func fitPersuasion(_ data: VoterFile, progress: ProgressObserver? = nil) throws -> UpliftModelFile {
        let spec = DemoReport.canvass
        let experiment = try UpliftRows(data.table, treatment: spec)
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse(DemoReport.persuasionFormula), on: experiment.table)
        let model = UpliftModel(learner: .twoModel)
        let fit = try model.fit(x: design.x, termNames: encoding.termNames, y: design.response ?? [],
                                arm: design.rowIndices.map { experiment.arms[$0] }, treatments: spec.treated,
                                control: spec.control, responseName: "voted_2024", progress: progress)
        return UpliftModelFile(encoding: encoding, treatment: spec, model: model, fit: fit,
                               manifest: provenance(data, rowsUsed: design.x.rows, rowsDropped: design.droppedRowCount))
    }

    /// Whom targeting the top ``DemoReport/targetingTop`` by the persuasion model's predicted uplift writes off.
    package func auditTargeting(_ persuasion: UpliftModelFile, data: VoterFile, progress: ProgressObserver? = nil) throws -> TargetingReport {
        var config = TargetingConfiguration()
        config.top = DemoReport.targetingTop
        config.bootstrap = DemoReport.bootstrap
        config.metricBootstrap = DemoReport.metricBootstrap
        config.seed = seed
        config.minGroupSize = DemoReport.minGroupSize
        let uplift = try persuasion.arm(DemoReport.canvass.treated[0]).scores(on: data.table).values
        return try TargetingAudit.run(try TargetingData.from(table: data.table, uplift: uplift, upliftColumn: nil, treatment: DemoReport.canvass,
                                                             outcome: "voted_2024", groups: [DemoReport.protected]),
                                      configuration: config, progress: progress)
    }

    /// The lookalike model: PU learning of ``DemoReport/lookalikeFormula`` from the `donor` seed list.
    /// `onWarning` hears the design's warnings.
    package func fitLookalike(_ data: VoterFile, progress: ProgressObserver? = nil,
                             onWarning: ((String) -> Void)? = nil) throws -> LookalikeModelFile {
        let prepared = try LookalikeDesign(data.table, formula: DemoReport.lookalikeFormula, seedColumn: "donor", onWarning: onWarning)
        let model = LookalikeModel(method: .pu, randomSeed: seed)
        let fit = try model.fit(prepared, progress: progress)
        return LookalikeModelFile(encoding: prepared.encoding, seedColumn: "donor", model: model, fit: fit,
                                  manifest: provenance(data, rowsUsed: prepared.design.x.rows, rowsDropped: prepared.design.droppedRowCount))
    }

    /// The make-up by ``DemoReport/protected`` of the lookalike's audience (top ``DemoReport/audienceSize``
    /// of the non-donors) against the donors and the population.
    package func auditComposition(_ lookalike: LookalikeModelFile, data: VoterFile) throws -> [CompositionAudit] {
        let scored = try lookalike.audienceScores(on: data.table)
        let audience = scored.audience(size: DemoReport.audienceSize).members
        var settings = CompositionAudit.Settings()
        settings.bootstrap = DemoReport.bootstrap
        settings.minGroupSize = DemoReport.minGroupSize
        settings.seed = seed
        let scoredRows = scored.scoredRows
        return try CompositionAudit.run(
            attributes: [GroupAttribute(name: DemoReport.protected, column: try data.table.column(named: DemoReport.protected), rows: scoredRows)],
            seeds: scoredRows.map { scored.seeds[$0] }, audience: scoredRows.map { audience[$0] }, settings: settings)
    }

    /// Every step in order; `onStep` hears each step's description as it begins (``stepCount`` in all),
    /// `progress` the long operations within the steps, `onWarning` the lookalike design's warnings.
    package func run(progress: ProgressObserver? = nil, onStep: (String) -> Void = { _ in },
                    onWarning: ((String) -> Void)? = nil) throws -> DemoReport {
        onStep("simulating \(rows) voters (seed \(seed))")
        let data = simulate(progress: progress)
        onStep("fitting the turnout model (logistic)")
        let turnout = try fitTurnout(data, progress: progress)
        onStep("explaining it: permutation importance, partial dependence for age, proxies for \(DemoReport.protected)")
        let provenance = reportProvenance(data)
        let explanation = try explainTurnout(turnout, data: data, manifest: provenance, progress: progress)
        onStep("auditing the turnout model and the vendor's score by \(DemoReport.protected)")
        let audits = try auditTurnout(turnout, data: data, progress: progress)
        onStep("fitting the persuasion model (two-model uplift on the canvass experiment) and auditing its targeting")
        let persuasion = try fitPersuasion(data, progress: progress)
        let targeting = try auditTargeting(persuasion, data: data, progress: progress)
        onStep("fitting the lookalike model (PU learning from donors) and checking its audience's make-up")
        let lookalike = try fitLookalike(data, progress: progress, onWarning: onWarning)
        let composition = try auditComposition(lookalike, data: data)
        onStep("assembling the report")
        return DemoReport(csv: data.csv, sha256: data.sha256, turnout: turnout, explanation: explanation, modelAudit: audits.model,
                          vendorAudit: audits.vendor, persuasion: persuasion, targeting: targeting, lookalike: lookalike,
                          composition: composition, provenance: provenance)
    }
}
