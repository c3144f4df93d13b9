import GlassboxCore
import GlassboxMetrics
import GlassboxTabular

/// Permutation importance of an uplift model's input columns with the Qini coefficient as metric,
/// defined as scikit-learn's `permutation_importance`: for each source column j and repeat r, the
/// column is shuffled across rows, and importance_{j,r} = Qini(original) − Qini(shuffled), so bigger means
/// the model's targeting leans more on that column. Reported per column: mean, standard deviation
/// (population, as NumPy's `std`) and the values. Qini is scikit-uplift's `qini_auc_score`.
///
/// Complexity: O(columns × repeats × (design rebuild + n log n)). Shuffles use
/// `SeededGenerator(seed:, stream: j·repeats + r)`, so results are reproducible and order-free.
/// Reference: Breiman (2001) "Random forests", *Machine Learning* 45: 5–32; scikit-learn
/// `sklearn.inspection.permutation_importance`.
public enum UpliftPermutationImportance {
    public struct Feature: Sendable, Codable, Equatable {
        public var feature: String
        public var mean: Double
        public var std: Double
        public var values: [Double]
    }

    public struct Result: Sendable, Codable, Equatable {
        public var metric: String
        public var repeats: Int
        public var baseline: Double
        public var permutationImportance: [Feature]
    }

    /// - Parameters:
    ///   - table: the evaluation rows (every model column present), aligned with `outcomes` and `treatment`.
    ///   - treated: which arm of the model to explain.
    ///   - progress: hears of each (column, repeat) done.
    public static func compute(encoding: DesignEncoding, fit: UpliftFit, treated: String, table: Table, outcomes: [Double],
                               treatment: [Double], repeats: Int, seed: UInt64, progress: ProgressObserver? = nil) throws -> Result {
        guard let armIndex = fit.arms.firstIndex(where: { $0.treated == treated }) else {
            throw ModelError.unsupportedOption("the model has no treatment '\(treated)'")
        }
        guard repeats > 0 else { throw ModelError.unsupportedOption("permutation importance needs at least one repeat") }
        func qini(_ t: Table) throws -> Double {
            let design = try DesignBuilder.apply(encoding, to: t, requireResponse: false)
            guard design.rowIndices.count == t.rowCount else {
                throw ModelError.unsupportedOption("permutation importance needs rows without missing model values")
            }
            let uplift = try fit.predict(design.x)[armIndex].uplift
            return try UpliftMetrics.qiniAuc(outcomes: outcomes, uplift: uplift, treatment: treatment)
        }
        let baseline = try qini(table)
        let counter = progress?.start("uplift permutation importance", total: encoding.predictorColumns.count * repeats, unit: "repeats")
        defer { counter?.finish() }
        var features = [Feature]()
        for (j, name) in encoding.predictorColumns.enumerated() {
            guard let index = table.index(ofColumn: name) else { throw TabularError.unknownColumn(name, available: table.columnNames) }
            var values = [Double]()
            for r in 0..<repeats {
                defer { counter?.advance() }
                var generator = SeededGenerator(seed: seed, stream: UInt64(j * repeats + r))
                var columns = table.columns
                switch columns[index] {
                case .numeric(var v):
                    generator.shuffle(&v)
                    columns[index] = .numeric(v)
                case .categorical(var c):
                    generator.shuffle(&c.codes)
                    columns[index] = .categorical(c)
                }
                values.append(baseline - (try qini(try Table(names: table.columnNames, columns: columns))))
            }
            let mean = values.reduce(0, +) / Double(repeats)
            let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats)).squareRoot()
            features.append(Feature(feature: name, mean: mean, std: std, values: values))
        }
        return Result(metric: "qini", repeats: repeats, baseline: baseline, permutationImportance: features)
    }
}
