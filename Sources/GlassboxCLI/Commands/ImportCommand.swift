import ArgumentParser
import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxModels

extension TreeModelFormat: ExpressibleByArgument {}

/// `glassbox import xgboost|lightgbm|pmml MODEL --out model.json`: a vendor's tree-ensemble model into a
/// Glassbox model file of kind `treeEnsemble`. A PMML logistic regression (`RegressionModel`,
/// `normalizationMethod="logit"`) is imported into the same kind, as an ensemble of no trees with linear terms:
/// that kind's scoring, explanation (permutation importance, interventional SHAP), audit and report already
/// apply, and it records the original's provenance; a `logistic` model file would claim fit statistics and
/// standard errors that a PMML document does not hold, and has no missing-value replacement.
///
/// An import step rather than reading vendors' files wherever a model is accepted: the result is one
/// versioned file, validated once, that records its original's format, maker version and SHA-256, so every
/// later `score`, `inspect`, `explain`, `audit` and `report` cites the same hashed model, and loading it
/// needs none of the vendors' parsers.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a vendor's tree-ensemble model (XGBoost JSON/UBJSON, LightGBM text, PMML trees or logistic regression) into a Glassbox model file.",
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
            let shape = e.linearTerms.map { "a logistic regression of \($0.terms.count) terms" } ?? "\(e.trees.count) trees"
            try writeLine("wrote \(output.out): \(shape), \(e.features.count) features (\(format.rawValue)\(file.source.makerVersion.map { " " + Escaping.terminal($0) } ?? ""))")
        }
    }
}
