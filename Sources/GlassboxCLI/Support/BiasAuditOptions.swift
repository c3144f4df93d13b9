import ArgumentParser

/// The bias audit's decision, reference, bootstrap and suppression options, declared once for
/// `glassbox audit` and `glassbox merge audit` (same names, defaults and help in both).
struct BiasAuditOptions: ParsableArguments {
    @Flag(help: "Also audit every combination of the group attributes (at most 1,048,576 combinations present).")
    var intersect = false
    @Option(help: "Positive when score >= T (default 0.5).")
    var threshold: Double?
    @Option(help: "Select the highest-scoring fraction F of rows instead of a threshold.")
    var top: Double?
    @Option(help: "Reference group as COL=VALUE (repeatable; default: each attribute's largest group).")
    var reference: [String] = []
    @Option(help: "Bootstrap replicates (0: verdicts from point estimates only).")
    var bootstrap = 1000
    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 1
    @Option(help: "Confidence level of the intervals.")
    var confidence = 0.95
    @Option(help: "Multiple-comparison adjustment of the confidence level: none or bonferroni.")
    var adjust: String = "none"
    @Option(help: "Aequitas' tau: a ratio passes within [tau, 1/tau].")
    var tau = 0.8
    @Option(help: "Suppress groups with fewer rows.")
    var minGroupSize = 10
}
