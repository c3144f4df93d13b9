import GlassboxAudit

/// The bias audit's decision from `--top F` or `--threshold T` (default: threshold 0.5); the commands
/// refuse both together before this.
func decisionRule(top: Double?, threshold: Double?) -> DecisionRule {
    top.map(DecisionRule.top) ?? .threshold(threshold ?? 0.5)
}

/// `--reference COL=VALUE` options (each checked to hold "=" by the command's validation) as the
/// reference value of each attribute; a later option for the same column wins.
func referenceGroups(_ options: [String]) -> [String: String] {
    var references = [String: String]()
    for option in options {
        let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        references[String(parts[0])] = String(parts[1])
    }
    return references
}
