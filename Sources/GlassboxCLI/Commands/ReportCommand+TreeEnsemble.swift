import Foundation
import GlassboxAudit
import GlassboxModels
import GlassboxReport

extension ReportCommand {
    /// The notebook recipe of a tree ensemble's report: the original model file is looked for beside the model
    /// file (where `glassbox import` users keep it), under the name the model file records, and opened relative to
    /// the notebook's folder as the other inputs are. A recorded name that is not a plain file name (an edited
    /// model file) names no original: the notebook then says the checks that need it are skipped.
    func treeEnsembleRecipe(_ file: TreeEnsembleModelFile, modelPath: String, sha256: String, delimiter: String,
                            outcome: String?, decision: DecisionRule?) -> NotebookRecipe {
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
        return recipe
    }
}
