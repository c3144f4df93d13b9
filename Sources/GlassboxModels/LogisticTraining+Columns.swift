import GlassboxTabular

extension LogisticTraining {
    /// Every table column the training reads: the formula's (``Formula/sourceColumns``, response
    /// included), then the weights and cluster columns; nil when the formula does not parse (the fit
    /// reports that error). A reader can parse just these (``CSVOptions/columns``).
    public var columnsRead: [String]? {
        guard let parsed = try? Formula.parse(formula) else { return nil }
        return parsed.sourceColumns + [weightsColumn, clusterColumn].compactMap { $0 }
    }
}
