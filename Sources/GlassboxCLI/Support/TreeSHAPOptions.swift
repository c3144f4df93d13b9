import Foundation
import ArgumentParser
import GlassboxExplain

/// `--shap-method path-dependent|interventional` and `--background N`: which exact TreeSHAP `explain --shap`
/// and `report` compute for a tree-ensemble model (``TreeSHAPMethod``).
struct TreeSHAPOptions: ParsableArguments {
    /// The command-line names of ``TreeSHAPMethod``'s cases.
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case pathDependent = "path-dependent"
        case interventional
    }

    /// Background rows when `--background` is not given (shap's usual background size).
    static let defaultBackground = 100

    @Option(name: .customLong("shap-method"), help: "TreeSHAP of a tree model: path-dependent (default; XGBoost's pred_contribs, LightGBM's pred_contrib; needs the model's node covers) or interventional (against --background rows of the data).")
    var choice: Choice?
    @Option(name: .customLong("background"), help: "Interventional TreeSHAP: background rows drawn from the data with --seed (default 100; every row when the data has fewer).")
    var background: Int?

    /// Whether either option was given.
    var given: Bool { choice != nil || background != nil }

    /// The method the options select.
    var method: TreeSHAPMethod {
        choice == .interventional ? .interventional(backgroundRows: background ?? Self.defaultBackground) : .pathDependent
    }

    /// A TreeSHAP refusal in the command's terms: the library's remedy "use interventional TreeSHAP with
    /// background data" names the options that select it.
    static func message(_ libraryMessage: String) -> String {
        libraryMessage.replacingOccurrences(of: "use interventional TreeSHAP with background data",
                                            with: "use --shap-method interventional (with --background rows)")
    }

    func validate() throws {
        if let background {
            guard choice == .interventional else { throw ValidationError("--background does not apply here: it sets interventional TreeSHAP; it needs --shap-method interventional") }
            guard background >= 1 else { throw ValidationError("--background must be at least 1, got \(background)") }
        }
    }
}
