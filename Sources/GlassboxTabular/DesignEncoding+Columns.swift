extension DesignEncoding {
    /// The table columns the formula's response reads (`voted`, or `score` and `cutoff` in
    /// `I(score >= cutoff)`), in first-use order; empty for a formula without a response. With
    /// ``predictorColumns`` these are every column an evaluation on a table needs.
    public var outcomeColumns: [String] { formula.response?.columns ?? [] }
}
