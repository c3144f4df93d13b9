extension ExplanationReport {
    /// Markdown for the surrogate and proxy sections (empty when absent).
    func markdownExtraSections() -> String { "" }
}
