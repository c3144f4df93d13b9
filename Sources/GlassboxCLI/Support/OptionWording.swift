import GlassboxAudit
import GlassboxCore
import GlassboxExplain
import GlassboxModels
import GlassboxTabular

/// The library's error messages name its own parameters (`tau`, `minGroupSize`, `repeats`,
/// `CSVOptions.missingTokens`, `force: true`) and keep each mention as a value
/// (``ParameterMentioningError``); the command line names the options that set them instead.
enum OptionWording {
    /// Each library parameter a message may mention → the mention in the command line's words.
    static let options: [Parameter: @Sendable (ParameterMessage.Mention) -> String] = [
        .tau: option("--tau"), .minGroupSize: option("--min-group-size"), .bootstrap: option("--bootstrap"),
        .confidenceLevel: option("--confidence"), .top: option("--top"), .threshold: option("--threshold"),
        .references: option("--reference"), .intersect: option("--intersect"), .repeats: option("--repeats"), .maxRows: option("--max-rows"),
        .perTerm: option("--per-term"), .gridPoints: option("--grid"), .formula: option("--formula"),
        .missingTokens: option("--na"), .k: option("--k"), .holdout: option("--holdout"), .size: option("--size"),
        .bagSize: option("--bag-size"), .method: option("--method"),
        .treeSHAP: { mention in "--shap-method " + mention.values.joined(separator: " or ") }, .backgroundRows: option("--background"),
        .penalty: { mention in "--" + mention.values.joined(separator: " ") },
        .metric: { mention in "--metric " + mention.values.joined(separator: " or ") },
        .force: { _ in "use --force" },
    ]

    /// A mention worded as `name`.
    private static func option(_ name: String) -> @Sendable (ParameterMessage.Mention) -> String {
        { _ in name }
    }

    /// The message of `error` in the command line's words, or nil when it mentions no parameter.
    static func message(of error: Error) -> String? {
        guard let error = error as? ParameterMentioningError else { return nil }
        return error.message.rendered { options[$0.parameter]?($0) }
    }
}
