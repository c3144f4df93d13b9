import Foundation

/// The library's error messages name its own parameters (`tau`, `minGroupSize`, `repeats`,
/// `CSVOptions.missingTokens`, `force: true`); the command line shows the options that set them. One table,
/// applied to every library error message the CLI prints (``classify(_:)``), keeps the CLI's wording.
enum OptionWording {
    /// A message that starts with a library parameter name starts with its option instead.
    static let leadingParameters: [(parameter: String, option: String)] = [
        ("tau ", "--tau "), ("minGroupSize ", "--min-group-size "), ("bootstrap ", "--bootstrap "),
        ("confidenceLevel ", "--confidence "), ("top ", "--top "), ("threshold ", "--threshold "),
        ("reference names ", "--reference names "), ("repeats ", "--repeats "), ("maxRows ", "--max-rows "),
        ("perTerm ", "--per-term "), ("gridPoints ", "--grid "),
    ]

    /// Phrases inside a message that name a library parameter.
    static let phrases: [(library: String, cli: String)] = [
        ("below minGroupSize ", "below --min-group-size "),
        ("use the logloss or brier metric", "use --metric logloss or brier"),
        ("also a feature of the model's formula", "also a feature of --formula"),
        ("(pass force: true to replace it)", "(use --force to replace it)"),
        ("(CSVOptions.missingTokens)", "(--na)"),
    ]

    /// `message` in the command line's words.
    static func cli(_ message: String) -> String {
        var text = message
        for (parameter, option) in leadingParameters where text.hasPrefix(parameter) {
            text = option + text.dropFirst(parameter.count)
            break
        }
        for (library, cli) in phrases { text = text.replacingOccurrences(of: library, with: cli) }
        return text
    }
}
