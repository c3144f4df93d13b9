extension DesignEncoding {
    /// Most categorical factors one term may multiply, in a formula or a stored encoding: the column plan
    /// enumerates the 2ᵏ subsets of a term's k categorical factors (patsy's rule) and simplifies them
    /// pairwise, which took 5 s at k = 10 and over a minute at k = 12 (debug build); k = 64 trapped.
    package static let maximumCategoricalFactorsPerTerm = 10

    /// Checks that the encoding is exactly what ``DesignBuilder`` would make from its formula and its factor
    /// codings: one coding per formula factor, with the factor's name and a kind its form allows (`C(x)` is
    /// categorical, a transform numeric, a bare column either), distinct levels and a reference among them
    /// (the `ref=` of `C(x, ref="v")` when the formula gives one), and the design columns (their names,
    /// the factors and level indices each multiplies, and their source columns) equal to the column plan
    /// recomputed from the formula and the codings. Every index the file stores is thus in range and every
    /// name is the one the formula implies.
    ///
    /// Used when a model file is loaded: a file whose encoding was edited (an out-of-range factor or level
    /// index, a renamed or dropped column, a transform that does not match the formula) is refused before
    /// anything reads it. Throws ``TabularError/formula(_:)`` naming the first disagreement.
    ///
    /// - Parameter fullCoding: another layout the caller accepts when the columns are not the regression
    ///   plan: the lookalike `similarity` method stores every level's indicator (`SimilarityEncoding.oneHot`).
    ///   It is called only when the stored column count is at least the number of columns a full coding makes
    ///   (so it never enumerates more columns than the file lists), and its columns must then match exactly.
    package func validate(fullCoding: ((DesignEncoding) -> DesignEncoding)? = nil) throws {
        func fail(_ message: String) -> TabularError { .formula("the design encoding does not match its formula '\(Self.shortened(formula.source))': \(message)") }
        guard factors.count == formula.factors.count else {
            throw fail("it codes \(factors.count) factor(s), the formula has \(formula.factors.count)")
        }
        guard responseName == formula.responseName else {
            throw fail("its response name \(responseName.map { "'\($0)'" } ?? "(none)") is not the formula's \(formula.responseName.map { "'\($0)'" } ?? "(none)")")
        }
        for (i, (factor, coding)) in zip(formula.factors, factors).enumerated() {
            guard coding.name == factor.name else { throw fail("factor \(i + 1) is named '\(coding.name)', the formula's is '\(factor.name)'") }
            switch coding.kind {
            case .numeric:
                if case .categorical = factor { throw fail("'\(factor.label)' is coded as numeric") }
                guard coding.levels.isEmpty, coding.reference == nil else { throw fail("the numeric factor '\(coding.name)' has levels") }
            case .categorical:
                if case .transform = factor { throw fail("the transform '\(factor.name)' is coded as categorical") }
                guard !coding.levels.isEmpty else { throw fail("the categorical factor '\(coding.name)' has no levels") }
                guard Set(coding.levels).count == coding.levels.count else {
                    throw fail("the categorical factor '\(coding.name)' lists a level twice")
                }
                guard let reference = coding.reference, coding.levels.contains(reference) else {
                    throw fail("the reference level of '\(coding.name)' is not one of its levels")
                }
                if case .categorical(_, let stated?) = factor {
                    guard stated == reference else {
                        throw fail("the reference level of '\(coding.name)' is '\(reference)', the formula says '\(stated)'")
                    }
                } else if reference != coding.levels[0] {
                    throw fail("the reference level of '\(coding.name)' is not its first level")
                }
            }
        }
        for term in formula.terms where term.filter({ factors[$0].kind == .categorical }).count > Self.maximumCategoricalFactorsPerTerm {
            throw fail("a term multiplies more than \(Self.maximumCategoricalFactorsPerTerm) categorical factors")
        }
        guard termNames.count == columns.count, termSources.count == columns.count else {
            throw fail("it lists \(termNames.count) term names and \(termSources.count) source lists for \(columns.count) columns")
        }
        guard Set(termNames).count == termNames.count else { throw fail("two design columns have the same name") }
        let planned = DesignBuilder.plan(formula, codings: factors, limit: columns.count)
        if let fullCoding, planned.map({ $0.map(\.parts) }) != columns {
            var count = formula.hasIntercept ? 1 : 0
            for term in formula.terms {
                var product = 1
                for f in term where factors[f].kind == .categorical {
                    let (next, overflow) = product.multipliedReportingOverflow(by: factors[f].levels.count)
                    guard !overflow, next <= columns.count else { throw fail("its factor levels make more design columns than the \(columns.count) stored") }
                    product = next
                }
                count += product
                guard count <= columns.count else { throw fail("its factor levels make more design columns than the \(columns.count) stored") }
            }
            let full = fullCoding(self)
            guard full.termNames == termNames, full.columns == columns, full.termSources == termSources else {
                throw fail("its design columns are neither the formula's regression columns nor its full (one-hot) coding")
            }
            return
        }
        guard let planned, planned.count == columns.count else {
            throw fail("the formula and the factor codings make a different number of design columns than the \(columns.count) stored")
        }
        for (j, column) in planned.enumerated() {
            guard column.name == termNames[j] else {
                throw fail("design column \(j + 1) is named '\(termNames[j])', the formula makes '\(column.name)'")
            }
            guard column.parts == columns[j] else {
                throw fail("design column \(j + 1) ('\(column.name)') has factor or level indices that the formula does not make")
            }
            guard column.sources == termSources[j] else {
                throw fail("design column \(j + 1) ('\(column.name)') lists source columns that the formula does not read")
            }
        }
    }

    /// `text` cut to its first 200 characters (with "…"), for messages about texts read from a file.
    package static func shortened(_ text: String) -> String { text.count > 200 ? String(text.prefix(200)) + "…" : text }
}
