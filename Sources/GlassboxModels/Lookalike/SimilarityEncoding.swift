import GlassboxLinearAlgebra
import GlassboxTabular

/// Full one-hot coding of a feature formula, the feature space of the `similarity` method.
///
/// Regression designs use treatment coding: a categorical factor with levels ℓ₀ < … < ℓₘ gets the
/// indicators 1[b = ℓ₁], …, 1[b = ℓₘ], and the reference ℓ₀ is the all-zero pattern. That is fine
/// for a linear predictor (the intercept absorbs ℓ₀) but not for cosine similarity: after
/// standardising, two rows that share the reference level agree only through the negative
/// z-scores of the other levels' indicators, while two rows that share ℓ₁ also agree on ℓ₁'s own
/// indicator, so how much "same level" counts depends on which level the sort order made the
/// reference. With one-hot coding every level ℓ gets its indicator 1[b = ℓ], standardised like any
/// feature (zᵢℓ = (1[bᵢ = ℓ] − pℓ)/√(pℓ(1 − pℓ)), pℓ the training share of ℓ), so the similarity is
/// invariant to the level order and to `ref=`, as in the usual k-nearest-neighbour practice
/// (scikit-learn's `OneHotEncoder(drop=None)` before `NearestNeighbors`).
///
/// Columns, in formula order (an `(Intercept)` column first when the formula has one; similarity
/// ignores it): a numeric factor is its values; a categorical factor one indicator per training
/// level; an interaction is the product of its factors' columns over every combination of levels
/// (the left-most factor varying fastest), so `C(b):a` gives `b[ℓ]:a` for every level ℓ. A
/// combination never observed is a constant (all-zero) column and is rejected as a constant feature.
/// Names follow the design's convention (`b[ℓ]`, `b[ℓ]:a`). The encoding is saved in the model file,
/// so ``DesignBuilder/apply(_:to:requireResponse:extraColumns:)`` rebuilds the same columns at
/// scoring, and a level not seen in training is ``TabularError/unseenLevel(column:level:known:)``.
package enum SimilarityEncoding {
    /// The one-hot encoding of the formula and factor codings of `encoding` (idempotent).
    public static func oneHot(_ encoding: DesignEncoding) -> DesignEncoding {
        let formula = encoding.formula
        let codings = encoding.factors
        var names = [String](), sources = [[String]](), columns = [[DesignPart]]()
        if formula.hasIntercept {
            names.append("(Intercept)")
            sources.append([])
            columns.append([])
        }
        for term in formula.terms {
            let choices: [[Int?]] = term.map { f in codings[f].kind == .numeric ? [nil] : codings[f].levels.indices.map { $0 } }
            var termSources = [String]()
            for f in term { for c in formula.factors[f].columns where !termSources.contains(c) { termSources.append(c) } }
            if choices.contains(where: \.isEmpty) { continue }
            // Odometer with the left-most factor turning fastest (as the design builder and R).
            var counters = [Int](repeating: 0, count: term.count)
            while true {
                var parts = [DesignPart](), labels = [String]()
                for (k, f) in term.enumerated() {
                    let level = choices[k][counters[k]]
                    parts.append(DesignPart(factor: f, level: level))
                    labels.append(level.map { "\(codings[f].name)[\(codings[f].levels[$0])]" } ?? codings[f].name)
                }
                names.append(labels.joined(separator: ":"))
                sources.append(termSources)
                columns.append(parts)
                var k = 0
                while k < counters.count {
                    counters[k] += 1
                    if counters[k] < choices[k].count { break }
                    counters[k] = 0
                    k += 1
                }
                if k == counters.count { break }
            }
        }
        return DesignEncoding(formula: formula, termNames: names, termSources: sources, responseName: encoding.responseName,
                              factors: codings, columns: columns)
    }

    /// Whether `encoding` is its own one-hot coding (true for a formula without categorical factors
    /// whose design keeps the formula's term order).
    public static func isOneHot(_ encoding: DesignEncoding) -> Bool { oneHot(encoding) == encoding }

    /// Learns the factor codings (levels, missing-row rule, checks) as ``DesignBuilder/fit(_:on:extraColumns:)``
    /// does and returns the one-hot encoding and its design matrix on the same rows. When the
    /// treatment design already is one-hot (numeric features only) it is returned as built, with no
    /// second pass over the table.
    public static func fit(_ formula: Formula, on table: Table) throws -> (DesignEncoding, DesignMatrix) {
        let (treatment, design) = try DesignBuilder.fit(formula, on: table)
        let encoding = oneHot(treatment)
        if encoding == treatment { return (treatment, design) }
        var oneHotDesign = try DesignBuilder.apply(encoding, to: table, requireResponse: true)
        oneHotDesign.warnings = design.warnings
        return (encoding, oneHotDesign)
    }
}
