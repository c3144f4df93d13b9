/// A SHAP dependence plot as aggregates (shareable: no row's own value): how a feature's SHAP value φ moves
/// with the feature's value, as shap's `dependence_plot` shows it, summarised per bin of the feature — for a
/// categorical feature one bin per level, for a numeric one up to ``SHAPDependence/maximumBins`` bins of about
/// equal row counts (equal values never split). Bins with fewer rows than the explanation's minimum group size
/// are left out. Rows whose value of the feature is missing (a tree ensemble explains them too) are in no bin:
/// a missing value has no place on the feature's axis, and their φ still count in the feature's mean |φ|.
public struct SHAPDependence: Sendable, Codable, Equatable {
    /// One bin of the feature's values.
    public struct Bin: Sendable, Codable, Equatable {
        /// The level, or the bin's value range `lo–hi`.
        public var label: String
        /// The mean feature value of the bin's rows (nil for a level).
        public var value: Double?
        /// Rows in the bin.
        public var rows: Int
        /// Mean φ of the bin's rows (margin scale).
        public var meanPhi: Double
        /// Smallest and largest φ in the bin.
        public var minPhi: Double
        public var maxPhi: Double
    }

    /// Numeric features are cut into at most this many bins.
    public static let maximumBins = 12

    /// The feature.
    public var feature: String
    /// Whether the feature is categorical (bins are levels).
    public var categorical: Bool
    /// The bins, in level order or by increasing value.
    public var bins: [Bin]

    /// The dependence of `phi` (one per row) on `values` (the feature's value per row: a number, or a level's
    /// code into `levels` for a categorical feature, `levels` nil for a numeric one), dropping bins with fewer
    /// than `minimumRows` rows.
    static func summarize(feature: String, values: [Double], phi: [Double], levels: [String]?, minimumRows: Int) -> SHAPDependence {
        func bin(_ label: String, value: Double?, _ rows: [Int]) -> Bin {
            let phis = rows.map { phi[$0] }
            return Bin(label: label, value: value, rows: rows.count, meanPhi: phis.reduce(0, +) / Double(rows.count),
                       minPhi: phis.min() ?? 0, maxPhi: phis.max() ?? 0)
        }
        var bins = [Bin]()
        if let levels {
            var byCode = [Int: [Int]]()
            for (i, v) in values.enumerated() where v.isFinite && v >= 0 && v < 2_147_483_648 {
                byCode[Int(v), default: []].append(i)
            }
            for code in byCode.keys.sorted() {
                let label = code < levels.count ? levels[code] : String(code)
                bins.append(bin(label, value: nil, byCode[code]!))
            }
        } else {
            let order = values.indices.filter { !values[$0].isNaN }.sorted { values[$0] < values[$1] }
            let target = max(1, (order.count + maximumBins - 1) / maximumBins)
            var start = 0
            while start < order.count {
                var end = min(order.count, start + target)
                while end < order.count && values[order[end]] == values[order[end - 1]] { end += 1 }
                let rows = Array(order[start..<end])
                let lo = values[rows.first!], hi = values[rows.last!]
                let mean = rows.reduce(0) { $0 + values[$1] } / Double(rows.count)
                bins.append(bin(lo == hi ? "\(lo)" : "\(lo)–\(hi)", value: mean, rows))
                start = end
            }
        }
        return SHAPDependence(feature: feature, categorical: levels != nil, bins: bins.filter { $0.rows >= max(1, minimumRows) })
    }
}
