import ArgumentParser
import GlassboxCore
import Models

enum InspectFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
}

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a saved model's coefficients, standard errors and fit statistics (uplift models: every arm's components; lookalike models: method, ĉ, coefficients or standardised features)."
    )

    @Argument(help: "Model file written by 'glassbox train'.")
    var model: String
    @Option(help: "Output format: text (like statsmodels' summary), markdown or json.")
    var format: InspectFormat = .text
    @Option(help: "Write to this file instead of standard output.")
    var out: String?
    @Flag(help: "Replace --out if it exists.")
    var force = false

    func run() throws {
        try runReportingErrors {
            let bytes: [UInt8]
            let kind = try modelKind(model)
            if kind == LookalikeModelFile.kindName {
                let inspection = LookalikeInspection(try loadLookalikeModel(model))
                switch format {
                case .text: bytes = Array(inspection.text().utf8)
                case .markdown: bytes = Array(inspection.markdown().utf8)
                case .json: bytes = try inspection.json()
                }
            } else if kind == UpliftModelFile.kindName {
                let inspection = UpliftInspection(try loadUpliftModel(model))
                switch format {
                case .text: bytes = Array(inspection.text().utf8)
                case .markdown: bytes = Array(inspection.markdown().utf8)
                case .json: bytes = try inspection.json()
                }
            } else {
                let inspection = LogisticInspection(try loadLogisticModel(model))
                switch format {
                case .text: bytes = Array(inspection.text().utf8)
                case .markdown: bytes = Array(inspection.markdown().utf8)
                case .json: bytes = try inspection.json()
                }
            }
            if let out {
                try preflightOutput(out, force: force, inputs: [model])
                try AtomicFile.write(bytes, to: out, force: force)
            } else {
                print(String(decoding: bytes, as: UTF8.self), terminator: "")
            }
        }
    }
}
