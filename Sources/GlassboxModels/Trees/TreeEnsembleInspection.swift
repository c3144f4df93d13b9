import Foundation
import GlassboxCore

/// What there is to see in an imported tree ensemble: where it came from, its shape (trees, depth, leaves)
/// and the features it splits on with XGBoost's importance measures (`Booster.get_score`): `weight` (splits
/// on the feature), `total_gain` and `total_cover` (the splits' loss reductions and Hessian sums) and their
/// averages `gain` and `cover`. This is `glassbox inspect`'s JSON for a tree-ensemble model.
public struct TreeEnsembleInspection: Sendable, Encodable {
    /// One feature's importance; features the trees never split on are listed with zeros.
    public struct FeatureImportance: Sendable, Encodable, Equatable {
        /// The feature's name.
        public var feature: String
        /// `numeric` or `categorical`.
        public var kind: String
        /// Splits on the feature (`get_score(importance_type="weight")`).
        public var weight: Int
        /// Σ gain of those splits (`total_gain`).
        public var totalGain: Double
        /// Σ cover of those splits (`total_cover`).
        public var totalCover: Double
        /// `totalGain / weight` (`gain`); 0 when unused.
        public var gain: Double
        /// `totalCover / weight` (`cover`); 0 when unused.
        public var cover: Double
    }

    /// A coefficient of the model's linear terms (a PMML logistic regression imported as an ensemble of no trees).
    public struct LinearTerm: Sendable, Encodable, Equatable {
        /// The feature's name.
        public var feature: String
        /// The level the coefficient applies to (a categorical feature), nil for a numeric feature's slope.
        public var level: String?
        /// The coefficient on the margin (log-odds) scale.
        public var coefficient: Double
    }

    /// `"treeEnsemble"`.
    public var kind: String
    /// The original model file.
    public var source: TreeEnsembleModelFile.Source
    /// The outcome column named at import, if any.
    public var outcome: String?
    /// `logistic` or `identity`.
    public var link: String
    /// `sum` or `average`.
    public var combination: String
    /// `float32` or `float64`.
    public var comparison: String
    /// The margin before any tree (XGBoost's `base_score` on the margin scale).
    public var baseMargin: Double
    /// Number of trees.
    public var trees: Int
    /// The deepest leaf's depth (a stump has depth 1).
    public var maximumDepth: Int
    /// Leaves over all trees.
    public var leaves: Int
    /// Splits over all trees (the sum of the features' `weight`).
    public var splits: Int
    /// Features the trees split on at least once (surrogate splits included; their ``FeatureImportance/weight``
    /// counts primary splits only).
    public var featuresUsed: Int
    /// Every feature, in the model's order.
    public var features: [FeatureImportance]
    /// The linear terms in the maker's order (a PMML regression); nil for a tree model.
    public var linearTerms: [LinearTerm]?
    /// The import's provenance.
    public var manifest: Provenance

    /// The inspection of an imported model.
    public init(_ file: TreeEnsembleModelFile) {
        let e = file.ensemble
        kind = file.kind
        source = file.source
        outcome = file.outcome
        link = e.link.rawValue
        combination = e.combination.rawValue
        comparison = e.comparison.rawValue
        baseMargin = e.baseMargin
        trees = e.trees.count
        var weight = [Int](repeating: 0, count: e.features.count)
        var gain = [Double](repeating: 0, count: e.features.count), cover = gain
        var depthMax = 0, leafCount = 0
        var surrogateFeatures = Set<Int>()
        for tree in e.trees {
            var depth = [Int](repeating: 0, count: tree.nodes.count)
            for (i, node) in tree.nodes.enumerated() {
                if node.isLeaf { leafCount += 1; depthMax = max(depthMax, depth[i]); continue }
                depth[Int(node.left)] = depth[i] + 1
                depth[Int(node.right)] = depth[i] + 1
                let f = Int(node.feature)
                weight[f] += 1
                for surrogate in node.surrogates ?? [] { surrogateFeatures.insert(Int(surrogate.feature)) }
                gain[f] += node.gain
                cover[f] += node.cover
            }
        }
        maximumDepth = depthMax
        leaves = leafCount
        splits = weight.reduce(0, +)
        let linearFeatures = Set(e.linearTerms?.terms.map { Int($0.feature) } ?? [])
        featuresUsed = weight.indices.filter { weight[$0] > 0 || linearFeatures.contains($0) || surrogateFeatures.contains($0) }.count
        linearTerms = e.linearTerms?.terms.map { term in
            var level: String?
            if let code = term.code, case .categorical(let levels) = e.features[Int(term.feature)].kind {
                level = Int(code) < levels.count ? levels[Int(code)] : String(code)
            }
            return LinearTerm(feature: e.features[Int(term.feature)].name, level: level, coefficient: term.coefficient)
        }
        features = e.features.indices.map { j in
            let kind: String = if case .categorical = e.features[j].kind { "categorical" } else { "numeric" }
            return FeatureImportance(feature: e.features[j].name, kind: kind, weight: weight[j], totalGain: gain[j], totalCover: cover[j],
                                     gain: weight[j] > 0 ? gain[j] / Double(weight[j]) : 0,
                                     cover: weight[j] > 0 ? cover[j] / Double(weight[j]) : 0)
        }
        manifest = file.manifest
    }

    /// Plain text: the source, the shape and the importance table sorted by total gain.
    public func text() -> String {
        var out = "Tree ensemble imported from \(Escaping.terminal(source.fileName)) (\(source.format.rawValue)"
        out += source.makerVersion.map { " \(Escaping.terminal($0))" } ?? ""
        out += source.objective.map { ", \(Escaping.terminal($0))" } ?? ""
        out += ")\nSHA-256: \(source.sha256)\n"
        if let outcome { out += "Outcome: \(Escaping.terminal(outcome))\n" }
        out += "Trees: \(trees)   maximum depth: \(maximumDepth)   leaves: \(leaves)   splits: \(splits)\n"
        out += "Link: \(link)   combination: \(combination)   comparison: \(comparison)   base margin: \(baseMargin)\n"
        out += "Features: \(features.count), used: \(featuresUsed)\n\n"
        let rows = ranked.map { f in
            [Escaping.terminal(f.feature), f.kind, String(f.weight), Self.number(f.totalGain), Self.number(f.gain),
             Self.number(f.totalCover), Self.number(f.cover)]
        }
        let header = ["feature", "kind", "weight", "total_gain", "gain", "total_cover", "cover"]
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, s in
                let pad = String(repeating: " ", count: widths[c] - s.count)
                return c < 2 ? s + pad : pad + s
            }.joined(separator: "  ")
        }
        out += line(header) + "\n" + rows.map(line).joined(separator: "\n") + "\n"
        if let linearTerms {
            out += "\nLinear terms (log-odds):\n"
            for t in linearTerms {
                out += "  \(Escaping.terminal(t.feature))\(t.level.map { " = " + Escaping.terminal($0) } ?? "")  \(Self.number(t.coefficient))\n"
            }
        }
        return out
    }

    /// Markdown: the same content as ``text()``, the table as a Markdown table.
    public func markdown() -> String {
        var out = "# Tree ensemble\n\n"
        out += "- Source: \(Escaping.markdown(source.fileName)) (\(source.format.rawValue)"
        out += (source.makerVersion.map { " \(Escaping.markdown($0))" } ?? "") + (source.objective.map { ", \(Escaping.markdown($0))" } ?? "") + ")\n"
        out += "- SHA-256: `\(source.sha256)`\n"
        if let outcome { out += "- Outcome: \(Escaping.markdown(outcome))\n" }
        out += "- Trees: \(trees); maximum depth: \(maximumDepth); leaves: \(leaves); splits: \(splits)\n"
        out += "- Link: \(link); combination: \(combination); comparison: \(comparison); base margin: \(baseMargin)\n"
        out += "- Features: \(features.count), used: \(featuresUsed)\n\n"
        out += "| feature | kind | weight | total_gain | gain | total_cover | cover |\n|---|---|---:|---:|---:|---:|---:|\n"
        for f in ranked {
            out += "| \(Escaping.markdown(f.feature)) | \(f.kind) | \(f.weight) | \(Self.number(f.totalGain)) | \(Self.number(f.gain)) | \(Self.number(f.totalCover)) | \(Self.number(f.cover)) |\n"
        }
        if let linearTerms {
            out += "\n| feature | level | coefficient (log-odds) |\n|---|---|---:|\n"
            for t in linearTerms {
                out += "| \(Escaping.markdown(t.feature)) | \(t.level.map(Escaping.markdown) ?? "") | \(Self.number(t.coefficient)) |\n"
            }
        }
        return out
    }

    /// Features by total gain, largest first (ties in model order).
    var ranked: [FeatureImportance] {
        features.enumerated().sorted { a, b in a.element.totalGain != b.element.totalGain ? a.element.totalGain > b.element.totalGain : a.offset < b.offset }.map(\.element)
    }

    private static func number(_ x: Double) -> String { String(format: "%.6g", x) }
}
