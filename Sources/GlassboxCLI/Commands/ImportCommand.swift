import ArgumentParser
import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels

extension TreeModelFormat: ExpressibleByArgument {}

/// `glassbox import xgboost|lightgbm|pmml MODEL --out model.json`: a vendor's tree-ensemble model into a
/// Glassbox model file of kind `treeEnsemble`.
///
/// An import step rather than reading vendors' files wherever a model is accepted: the result is one
/// versioned file, validated once, that records its original's format, maker version and SHA-256, so every
/// later `score`, `inspect`, `explain`, `audit` and `report` cites the same hashed model, and loading it
/// needs none of the vendors' parsers.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a vendor's tree-ensemble model (XGBoost JSON/UBJSON, LightGBM text, PMML) into a Glassbox model file.",
        discussion: """
        The model file keeps the original's format, maker version, objective, file name and SHA-256. Its \
        features are matched by name to data columns when it is scored. Unsupported constructs (multiclass, \
        ranking objectives, DART with dropped trees, linear boosters) are refused with a message naming them.
        """
    )

    @Argument(help: "The format: xgboost, lightgbm or pmml.")
    var format: TreeModelFormat
    @Argument(help: "The vendor's model file.")
    var model: String
    @Option(help: "The outcome column the model predicts (for evaluations and audits).")
    var outcome: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingErrors {
            try output.preflight(inputs: [model])
            try FileCheck.requireReadableFile(model)
            let bytes = try FileCheck.readBytes(model)
            let manifest = Provenance(commandLine: Array(CommandLine.arguments.dropFirst()), data: nil, blas: BLASLibrary.path)
            let file = try TreeEnsembleModelFile.importing(format, bytes: bytes, fileName: URL(fileURLWithPath: model).lastPathComponent,
                                                           outcome: outcome, manifest: manifest)
            try output.write(try file.encoded())
            let e = file.ensemble
            try writeLine("wrote \(output.out): \(e.trees.count) trees, \(e.features.count) features (\(format.rawValue)\(file.source.makerVersion.map { " " + $0 } ?? ""))")
        }
    }
}
