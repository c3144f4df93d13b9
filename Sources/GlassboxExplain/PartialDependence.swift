import GlassboxCore
import GlassboxTabular

/// Partial dependence (Friedman 2001) and individual conditional expectation (ICE; Goldstein et al.
/// 2015) curves of one feature.
///
/// Privacy: ICE curves are off unless asked for (``ExplanationOptions/iceRows``), and then belong to synthetic
/// rows drawn independently per column from the published grids and levels, flagged by
/// ``iceSynthetic``. The curve of a real row, with the published coefficients, decodes exactly to that
/// row's values (for a turnout model, a person's vote history), so real rows are never used.
public struct PartialDependence: Sendable, Codable, Equatable {
    /// The column varied.
    public var feature: String
    /// `numeric` or `categorical`.
    public var kind: String
    /// Grid values of a numeric feature.
    public var grid: [Double]?
    /// Levels of a categorical feature (every level the model knows, sorted).
    public var levels: [String]?
    /// PD(v) = Σᵢ wᵢ f(xᵢ with the feature set to v) / Σᵢ wᵢ, one per grid point or level.
    public var average: [Double]
    /// Input row numbers of real-row ICE curves. Always nil: ICE curves are drawn for synthetic rows
    /// only (see ``iceSynthetic``); the field stays for the JSON contract.
    public var iceRows: [Int]?
    /// f(xᵢ with the feature set to v) for each ICE row (outer) and grid point (inner).
    public var ice: [[Double]]?
    /// True when ICE curves are present: they belong to synthetic rows, never to rows of the data.
    /// A real row's
    /// curve, with the published coefficients, decodes to that person's values.
    public var iceSynthetic: Bool?
    /// Whether ICE curves are centred (each minus its value at the first grid point).
    public var centered: Bool
}

/// Computes partial dependence exactly as scikit-learn's `partial_dependence(method="brute")`:
/// every row's feature is set to each grid value, the rows are scored, and the scores are averaged
/// (weighted by case weights). The numeric grid is scikit-learn's `_grid_from_X`: the sorted unique
/// values when there are fewer than `gridPoints` of them, otherwise `gridPoints` equally spaced points
/// (NumPy `linspace`) between the `percentiles` of the column computed with SciPy's `mquantiles`
/// (α = β = 0.4). Categorical features use every level. Complexity: O(grid × cost of scoring n rows).
package enum PartialDependenceCalculator {
    /// `progress` hears of each grid point (or level) scored.
    package static func compute(scorer: any Scorer, data: ExplainData, feature: String,
                                options: ExplanationOptions = .init(), progress: ProgressObserver? = nil) throws -> PartialDependence {
        guard scorer.featureColumns.contains(feature) else {
            throw ExplainError.unknownFeature(feature, available: scorer.featureColumns)
        }
        guard options.gridPoints >= 2 else { throw ExplainError.invalidOption("\(parameter: .gridPoints) must be at least 2, got \(options.gridPoints)") }
        let table = data.table
        let n = table.rowCount
        let column = try table.column(named: feature)
        var settings = [Column]()
        var grid: [Double]?, levels: [String]?
        switch column {
        case .numeric(let values):
            // The grid comes from the present values (a tree model's rows keep their missing inputs).
            let g = numericGrid(values.filter { !$0.isNaN }, points: options.gridPoints, percentiles: options.percentiles)
            grid = g
            settings = g.map { .numeric([Double](repeating: $0, count: n)) }
        case .categorical(let c):
            var known = c.levels
            if let linear = scorer as? any LinearPredictorScorer,
               let coding = linear.encoding.factors.first(where: { $0.kind == .categorical && $0.name == feature }) {
                known = coding.levels
            }
            levels = known
            settings = known.map { .categorical(CategoricalColumn(levels: [$0], codes: [Int32](repeating: 0, count: n))) }
        }
        let weights = data.weights
        let totalWeight = weights?.reduce(0, +) ?? Double(n)
        let synthetic = options.iceRows > 0 ? try syntheticRows(scorer: scorer, data: data, count: options.iceRows, options: options) : nil
        var average = [Double](), ice = [[Double]](repeating: [], count: options.iceRows)
        let counter = progress?.start("partial dependence (\(feature))", total: settings.count, unit: "grid points")
        defer { counter?.finish() }
        for setting in settings {
            defer { counter?.advance() }
            let s = try scorer.scores(try table.replacing(feature, with: setting))
            var total = 0.0
            if let w = weights { for i in 0..<n { total += w[i] * s[i] } } else { for v in s { total += v } }
            average.append(total / totalWeight)
            if let synthetic {
                let value: Column
                switch setting {
                case .numeric(let v): value = .numeric([Double](repeating: v[0], count: synthetic.rowCount))
                case .categorical(let c): value = .categorical(CategoricalColumn(levels: c.levels, codes: [Int32](repeating: 0, count: synthetic.rowCount)))
                }
                let curve = try scorer.scores(try synthetic.replacing(feature, with: value))
                for k in 0..<synthetic.rowCount { ice[k].append(curve[k]) }
            }
        }
        if options.centered { ice = ice.map { curve in curve.map { $0 - curve[0] } } }
        return PartialDependence(feature: feature, kind: grid == nil ? "categorical" : "numeric", grid: grid, levels: levels,
                                 average: average, iceRows: nil, ice: synthetic == nil ? nil : ice, iceSynthetic: synthetic == nil ? nil : true,
                                 centered: options.centered)
    }

    /// `count` synthetic rows for ICE curves (seeded): each feature column is drawn independently and
    /// uniformly from a published grid — a numeric column from its partial-dependence grid
    /// (``numericGrid(_:points:percentiles:)``: percentiles of the column, or its distinct values when
    /// there are fewer than `gridPoints`), a categorical column from the levels the model knows. No row
    /// of the data is copied, and no combination of a person's values appears: a synthetic row's ICE
    /// curve, decoded with the coefficients, gives back only grid values.
    package static func syntheticRows(scorer: any Scorer, data: ExplainData, count: Int, options: ExplanationOptions) throws -> Table {
        var generator = SeededGenerator(seed: options.seed, stream: 0x1CE)
        var names = [String](), columns = [Column]()
        for feature in scorer.featureColumns {
            switch try data.table.column(named: feature) {
            case .numeric(let values):
                let grid = numericGrid(values.filter { !$0.isNaN }, points: options.gridPoints, percentiles: options.percentiles)
                guard !grid.isEmpty else { continue }
                columns.append(.numeric((0..<count).map { _ in grid[generator.nextInt(below: grid.count)] }))
            case .categorical(let c):
                var known = c.levels
                if let linear = scorer as? any LinearPredictorScorer,
                   let coding = linear.encoding.factors.first(where: { $0.kind == .categorical && $0.name == feature }) {
                    known = coding.levels
                }
                guard !known.isEmpty else { continue }
                columns.append(.categorical(CategoricalColumn(levels: known, codes: (0..<count).map { _ in Int32(generator.nextInt(below: known.count)) })))
            }
            names.append(feature)
        }
        return try Table(names: names, columns: columns)
    }

    /// scikit-learn's numeric grid (see the type's documentation).
    package static func numericGrid(_ values: [Double], points: Int, percentiles: (Double, Double)) -> [Double] {
        let sorted = values.sorted()
        var unique = [Double]()
        for v in sorted where unique.last != v { unique.append(v) }
        if unique.count < points { return unique }
        let lo = mquantile(sorted, percentiles.0), hi = mquantile(sorted, percentiles.1)
        let step = (hi - lo) / Double(points - 1)
        var grid = (0..<points).map { Double($0) * step + lo }
        grid[points - 1] = hi
        return grid
    }

    /// SciPy's `mstats.mquantiles(x, prob=p)` with its defaults α = β = 0.4 (Hyndman & Fan type 5-like):
    /// aleph = n·p + α + p(1 − α − β), k = ⌊clip(aleph, 1, n − 1)⌋, γ = clip(aleph − k, 0, 1),
    /// q = (1 − γ)·x₍ₖ₎ + γ·x₍ₖ₊₁₎ on the sorted values (1-based).
    static func mquantile(_ sorted: [Double], _ p: Double) -> Double {
        let n = Double(sorted.count)
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let m = 0.4 + p * (1 - 0.4 - 0.4)
        let aleph = n * p + m
        let k = floor(min(max(aleph, 1), n - 1))
        let gamma = min(max(aleph - k, 0), 1)
        let i = Int(k)
        return (1 - gamma) * sorted[i - 1] + gamma * sorted[i]
    }

    /// `count` distinct rows drawn without replacement (seeded), ascending.
    static func sampleRows(n: Int, count: Int, seed: UInt64) -> [Int] {
        guard count > 0 else { return [] }
        guard count < n else { return Array(0..<n) }
        var generator = SeededGenerator(seed: seed, stream: 0x1CE)
        var pool = Array(0..<n)
        for i in 0..<count { pool.swapAt(i, i + generator.nextInt(below: n - i)) }
        return pool[0..<count].sorted()
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
