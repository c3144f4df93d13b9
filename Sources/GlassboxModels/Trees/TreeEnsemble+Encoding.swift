import GlassboxTabular

extension TreeEnsemble {
    /// A design encoding naming the model's inputs for the explainers: one term per feature, named as the
    /// feature (the formula `outcome ~ 0 + \`f₁\` + \`f₂\` + …`, each name back-quoted), a numeric factor for a
    /// numeric feature and a categorical factor holding the levels for a categorical one. Trees do not score
    /// through it (they read the feature columns directly, ``featureMatrix(_:)``); it tells explainers which
    /// columns the model reads. Names holding a back quote cannot be written in a formula and are left out.
    public func designEncoding(outcome: String? = nil) -> DesignEncoding {
        let quotable = features.filter { !$0.name.contains("`") }
        let lhs = outcome.flatMap { $0.contains("`") ? nil : "`\($0)` " } ?? ""
        let text = lhs + "~ 0" + quotable.map { " + `\($0.name)`" }.joined()
        let formula = (try? Formula.parse(text)) ?? (try! Formula.parse("~ 0"))
        let names = formula.factors.count == quotable.count ? quotable.map(\.name) : []
        let codings = names.indices.map { j -> FactorCoding in
            if case .categorical(let levels) = quotable[j].kind { return FactorCoding(name: names[j], kind: .categorical, levels: levels) }
            return FactorCoding(name: names[j], kind: .numeric)
        }
        return DesignEncoding(formula: formula, termNames: names, termSources: names.map { [$0] },
                              responseName: formula.responseName, factors: codings,
                              columns: names.indices.map { [DesignPart(factor: $0)] })
    }
}
