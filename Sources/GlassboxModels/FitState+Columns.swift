import GlassboxTabular

extension LogisticFitState {
    /// The table columns a partition's partial reads (``LogisticTraining/columnsRead``: the formula's,
    /// response included, then the weights and cluster columns); nil, every column, when the formula does
    /// not parse (the partial then reports that error). The same for every state of one fit.
    package var partitionColumns: [String]? { training.training.columnsRead }
}

extension UpliftFitState {
    /// The table columns a partition's partial reads: the formula's (``Formula/sourceColumns``, response
    /// included), then the treatment column. The same for every state of one fit. Throws the formula's
    /// parse error.
    package func partitionColumns() throws -> [String] {
        try Formula.parse(training.formula).sourceColumns + [training.treatment.column]
    }
}
