extension ExplanationReport {
    /// The rows an explanation was computed on when it ran on a seeded uniform sample of the data
    /// (`--sample N`) instead of every row: the JSON field `sample`, and the sentence ``statement`` in
    /// Markdown and HTML.
    public struct RowSample: Sendable, Encodable, Equatable {
        /// Rows in the sample.
        public var rows: Int
        /// Data rows in the file the sample was drawn from.
        public var of: Int
        /// Seed of the sampling generator.
        public var seed: UInt64
        /// "computed on a seeded uniform sample of N of M rows (seed S)".
        public var statement: String

        /// The sample of `rows` of `of` rows drawn with `seed`.
        public init(rows: Int, of: Int, seed: UInt64) {
            self.rows = rows
            self.of = of
            self.seed = seed
            statement = "computed on a seeded uniform sample of \(rows) of \(of) rows (seed \(seed))"
        }
    }
}
