import GlassboxCore

extension DemoReport {
    /// The steps ``init(simulating:seed:dataPath:commandLine:progress:onStep:onWarning:)`` announces.
    public static let stepCount = DemoPipeline.stepCount

    /// Everything `glassbox demo` computes, in order: simulates `rows` voters with `seed` (planted effects),
    /// fits the turnout (logistic), persuasion (two-model uplift) and lookalike (PU) models with this type's
    /// formulas, explains the turnout model, audits it and the vendor's score, audits the persuasion
    /// targeting and the lookalike audience's composition.
    ///
    /// ```swift
    /// let demo = try DemoReport(simulating: 20_000, seed: 7)
    /// print(demo.summary(rows: 20_000, seed: 7))
    /// let html = demo.document.html()
    /// ```
    /// - Parameters:
    ///   - rows: the number of simulated voters.
    ///   - seed: the seed of the simulation, permutations, bootstrap and hold-out splits.
    ///   - dataPath: where the voter file is (or will be) saved; only the provenance records it.
    ///   - commandLine: the command line the provenance records.
    ///   - progress: hears the long operations within the steps.
    ///   - onStep: hears each step's description as it begins (``stepCount`` in all).
    ///   - onWarning: hears the lookalike design's warnings.
    public init(simulating rows: Int, seed: UInt64, dataPath: String = "voters.csv", commandLine: [String] = [],
                progress: ProgressObserver? = nil, onStep: (String) -> Void = { _ in }, onWarning: ((String) -> Void)? = nil) throws {
        self = try DemoPipeline(rows: rows, seed: seed, dataPath: dataPath, commandLine: commandLine)
            .run(progress: progress, onStep: onStep, onWarning: onWarning)
    }
}
