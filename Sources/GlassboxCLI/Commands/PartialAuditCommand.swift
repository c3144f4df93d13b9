import ArgumentParser
import GlassboxAudit
import GlassboxModels
import GlassboxTabular

/// `glassbox partial audit`: one partition's audit rows (``AuditPartial``) for `glassbox merge audit`.
struct PartialAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "One partition's audit partial (scores, outcomes, weights, group labels of its complete rows) for 'glassbox merge audit'.",
        discussion: """
        Reads the partition like 'glassbox audit' (the same --score or --model, --outcome, --group and \
        --weights) and writes the audit's inputs of its complete rows as JSON. 'glassbox merge audit' \
        concatenates the partials in partition order and runs the audit once, so its output is the one \
        'glassbox audit' writes on the whole data. The decision rule, references, bootstrap and output \
        format are options of 'glassbox merge audit'.
        """
    )

    @OptionGroup var input: DataOptions
    @Option(help: "Numeric score column to audit.")
    var score: String?
    @Option(help: "Score the data with this model file first (instead of --score).")
    var model: String?
    @Option(help: "Binary (0/1) outcome column.")
    var outcome: String
    @Option(help: "Group attribute column (repeatable).")
    var group: [String] = []
    @Option(help: "Case (survey) weights column.")
    var weights: String?
    @OptionGroup var output: ResultOutputOptions

    func validate() throws {
        if (score == nil) == (model == nil) { throw ValidationError("give exactly one of --score COL or --model M.json") }
        if group.isEmpty { throw ValidationError("give at least one --group COL") }
    }

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: [input.data] + (model.map { [$0] } ?? []))
            let modelFile = try model.map(LogisticModelFile.load(path:))
            let needed = Set([score, outcome, weights].compactMap { $0 } + group + (modelFile?.inputColumns ?? []))
            let table = try input.read(columns: needed).table
            let modelScores = try modelFile.map { try $0.scores(on: table).values }
            let partial = try table.auditPartial(scores: modelScores, scoreColumn: score, outcome: .column(outcome), groups: group, weights: weights)
            try output.write(try partial.encoded())
        }
    }
}
