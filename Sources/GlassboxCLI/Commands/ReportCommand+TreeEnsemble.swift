import Foundation
import GlassboxAudit
import GlassboxModels
import GlassboxReport
import GlassboxTabular

extension ReportCommand {
    /// The notebook recipe of a tree ensemble's report: the original model file is looked for beside the model
    /// file (where `glassbox import` users keep it), under the name the model file records, and opened relative to
    /// the notebook's folder as the other inputs are. A recorded name that is not a plain file name (an edited
    /// model file) names no original: the notebook then says the checks that need it are skipped.
    /// The data's missing model inputs, which the explanation of a tree keeps, change how the notebook re-derives
    /// the explained rows (``NotebookRecipe/TreeEnsembleCheck/missingInputsKept``).
    func treeEnsembleRecipe(_ file: TreeEnsembleModelFile, modelPath: String, sha256: String, delimiter: String,
                            outcome: String?, decision: DecisionRule?, table: Table) -> NotebookRecipe {
        let name = file.source.fileName
        var original: String?
        if !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") {
            let folder = (modelPath as NSString).deletingLastPathComponent
            let path = folder.isEmpty ? name : folder + "/" + name
            original = NotebookRecipe.relativePath(of: path, fromFolderOf: output.out, cwd: FileManager.default.currentDirectoryPath)
        }
        var recipe = NotebookRecipe(dataPath: input.data, sha256: sha256, delimiter: delimiter, treeEnsembleOriginal: original,
                                    outcome: outcome, groups: group, decision: decision)
        recipe.treeEnsemble?.linearTerms = file.ensemble.hasLinearTerms
        recipe.treeEnsemble?.interventionalSHAP = treeSHAP.choice == .interventional
        recipe.treeEnsemble?.pmml = file.source.format == .pmml
        recipe.treeEnsemble?.surrogateSplits = file.ensemble.hasSurrogateSplits
        recipe.treeEnsemble?.missingInputsKept = file.inputColumns.contains { name in
            guard let column = try? table.column(named: name) else { return false }
            return (0..<table.rowCount).contains { column.isMissing($0) }
        }
        return recipe
    }
}
