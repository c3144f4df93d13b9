import GlassboxTabular

extension ScoringModel {
    /// The table columns the model's outcome reads (``DesignEncoding/outcomeColumns``);
    /// with ``inputColumns`` every column an evaluation of the model on a table needs.
    public var outcomeColumns: [String] { encoding.outcomeColumns }
}
