import ArgumentParser
import Foundation
import GlassboxCore
import GlassboxModels
import GlassboxReport

enum InspectFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
}

/// What `inspect` prints of a model of any kind: plain text, Markdown and JSON renderings.
protocol ModelInspection: Encodable {
    func text() -> String
    func markdown() -> String
    func json() throws -> [UInt8]
}

/// A coefficient of a model file without a covariance (uplift components, lookalike classifiers): the
/// estimate and, for a logit, its odds ratio. Both nil for an aliased term (in every round, for a bagged one).
struct InspectedCoefficient: Encodable {
    var term: String
    var estimate: Double?
    var oddsRatio: Double?
}

extension ModelInspection {
    /// Sorted keys and non-finite numbers as strings, so the output is stable and valid JSON.
    func json() throws -> [UInt8] {
        try JSONFormat.encode(self, nonFinite: .asStrings)
    }
}

extension LogisticInspection: ModelInspection {}

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a saved model's coefficients, standard errors and fit statistics (uplift models: every arm's components; lookalike models: method, ĉ, coefficients or standardised features)."
    )

    @Argument(help: "Model file written by 'glassbox train'.")
    var model: String
    @Option(help: "Output format: text (like statsmodels' summary), markdown or json.")
    var format: InspectFormat = .text
    @OptionGroup var output: ResultOutputOptions

    func run() throws {
        try runReportingErrors {
            let inspection: any ModelInspection
            switch try AnyModel.load(path: model) {
            case .lookalike(let file): inspection = LookalikeInspection(file)
            case .uplift(let file): inspection = UpliftInspection(file)
            case .logistic(let file): inspection = LogisticInspection(file)
            case .treeEnsemble(let file): inspection = TreeEnsembleInspection(file)
            }
            let bytes: [UInt8]
            switch format {
            case .text: bytes = Array(inspection.text().utf8)
            case .markdown: bytes = Array(inspection.markdown().utf8)
            case .json: bytes = try inspection.json()
            }
            try output.preflight(inputs: [model])
            try output.write(bytes)
        }
    }
}
