import GlassboxTabular

extension DesignEncoding {
    /// The encoding with every design column that reads a categorical factor as a whole (a part without a
    /// level, as a tree ensemble's one-term-per-feature encoding has) replaced by one indicator column per
    /// level, named `feature[level]`, so a design matrix can be built from it (proxy detection's features).
    /// Columns that already name their levels are kept; an encoding without such columns is returned as is.
    func withLevelIndicators() -> DesignEncoding {
        func whole(_ part: DesignPart) -> Bool { part.level == nil && factors[part.factor].kind == .categorical }
        guard columns.contains(where: { $0.contains(where: whole) }) else { return self }
        var names = [String](), sources = [[String]](), parts = [[DesignPart]]()
        for j in columns.indices {
            guard let k = columns[j].firstIndex(where: whole) else {
                names.append(termNames[j]); sources.append(termSources[j]); parts.append(columns[j])
                continue
            }
            for level in factors[columns[j][k].factor].levels.indices {
                var expanded = columns[j]
                expanded[k] = DesignPart(factor: columns[j][k].factor, level: level)
                names.append("\(termNames[j])[\(factors[columns[j][k].factor].levels[level])]")
                sources.append(termSources[j])
                parts.append(expanded)
            }
        }
        return DesignEncoding(formula: formula, termNames: names, termSources: sources, responseName: responseName,
                              factors: factors, columns: parts)
    }
}
