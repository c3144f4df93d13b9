import GlassboxLinearAlgebra

/// The fitted state of the `similarity` method: how features are standardised, and the seed list in
/// standardised, unit-length form.
///
/// Each design column except the intercept is a feature. The design is the one-hot coding of the
/// formula (``SimilarityEncoding``): a categorical column enters through an indicator for *every*
/// level, so the reference level is not an all-zero pattern. Feature j of a row is
/// zⱼ = (xⱼ − meanⱼ) / sdⱼ with the mean and population standard deviation over the training rows
/// (for a level's indicator: (1[b = ℓ] − pℓ)/√(pℓ(1 − pℓ)), pℓ its training share), and the row vector
/// is divided by its Euclidean norm: uᵢ = zᵢ/‖zᵢ‖ (a zero vector stays zero, and scores 0). Cosine
/// similarity of two rows is then the dot product of their unit vectors, cos(a, b) = uₐ·u_b.
/// Model files written before one-hot coding (``coding`` absent) hold treatment-coded features
/// (reference level dropped); they still load and score with the columns they were fitted on.
package struct SimilarityIndex: Sendable, Codable, Equatable {
    /// How categorical columns were coded in the features.
    package enum Coding: String, Sendable, Codable {
        /// The regression design's treatment coding (reference level dropped): written by ``LookalikeModelFile``
        /// when the encoding it is given is not one-hot (library callers that pass a treatment design).
        case treatment
        /// Every level gets an indicator (``SimilarityEncoding``): what `train lookalike` writes.
        case oneHot
    }

    /// Design column index of every feature.
    public var columns: [Int]
    public var features: [String]
    public var means: [Double]
    public var scales: [Double]
    /// nil: similarity to the centroid; else the mean similarity to the K most similar seeds.
    public var k: Int?
    /// The unit-length mean of the seeds' unit vectors (the direction the centroid score compares to).
    public var centroid: [Double]
    /// Seeds' unit vectors, row-major (seedCount × features), kept for K-nearest scoring only.
    public var seeds: [Double]
    public var seedCount: Int
    /// The coding of categorical features; nil in files written before one-hot coding (treatment).
    public var coding: Coding? = nil

    /// Learns the standardisation from `x` and stores the seeds. Throws for a constant feature.
    public static func fit(x: Matrix, termNames: [String], interceptIndex: Int?, seeds: [Bool], k: Int?) throws -> SimilarityIndex {
        let columns = (0..<x.columns).filter { $0 != interceptIndex }
        guard !columns.isEmpty else { throw ModelError.noFeatures }
        var means = [Double](), scales = [Double]()
        for j in columns {
            let base = j * x.rows
            var mean = 0.0
            for i in 0..<x.rows { mean += x.storage[base + i] }
            mean /= Double(x.rows)
            var ss = 0.0
            for i in 0..<x.rows { let d = x.storage[base + i] - mean; ss += d * d }
            let sd = (ss / Double(x.rows)).squareRoot()
            guard mean.isFinite && sd.isFinite else {
                // The sum of squares overflowed: values near 1e154 or beyond.
                var largest = 0.0
                for i in 0..<x.rows { largest = max(largest, abs(x.storage[base + i])) }
                throw ModelError.numericalOverflow(term: termNames[j], value: largest)
            }
            guard sd > 1e-12 * max(1, abs(mean)) else { throw ModelError.constantFeature(term: termNames[j]) }
            means.append(mean)
            scales.append(sd)
        }
        var index = SimilarityIndex(columns: columns, features: columns.map { termNames[$0] }, means: means, scales: scales, k: k,
                                    centroid: [], seeds: [], seedCount: 0)
        let seedRows = seeds.indices.filter { seeds[$0] }
        if let k, k > seedRows.count { throw ModelError.kTooLarge(k: k, seeds: seedRows.count) }
        let units = index.unitRows(x, rows: seedRows)
        let p = columns.count
        var centre = [Double](repeating: 0, count: p)
        for r in 0..<seedRows.count { for j in 0..<p { centre[j] += units[r * p + j] } }
        index.centroid = Self.normalised(centre)
        index.seedCount = seedRows.count
        if k != nil { index.seeds = units }
        return index
    }

    /// Unit vectors of the given rows of `x` (all rows when nil), row-major, O(rows·p).
    public func unitRows(_ x: Matrix, rows: [Int]? = nil) -> [Double] {
        let p = columns.count
        let count = rows?.count ?? x.rows
        var out = [Double](repeating: 0, count: count * p)
        x.storage.withUnsafeBufferPointer { source in
            for (f, j) in columns.enumerated() {
                let base = j * x.rows, mean = means[f], scale = 1 / scales[f]
                for r in 0..<count {
                    let i = rows?[r] ?? r
                    out[r * p + f] = (source[base + i] - mean) * scale
                }
            }
        }
        for r in 0..<count {
            var ss = 0.0
            for f in 0..<p { ss += out[r * p + f] * out[r * p + f] }
            let inv = ss > 0 ? 1 / ss.squareRoot() : 0
            for f in 0..<p { out[r * p + f] *= inv }
        }
        return out
    }

    /// Similarity score of every row of `x`: cosine to the centroid, or the mean of the K largest
    /// cosines to the seeds (`NearestSeeds`).
    public func score(_ x: Matrix) throws -> [Double] {
        guard x.columns > (columns.max() ?? -1) else {
            throw ModelError.dimensionMismatch("design has \(x.columns) columns, the similarity index needs \(columns.count) features")
        }
        let units = unitRows(x)
        if let k {
            return NearestSeeds.search(rows: units, seeds: seeds, features: columns.count, k: k).meanSimilarity
        }
        let p = columns.count
        return (0..<x.rows).map { r in
            var s = 0.0
            for f in 0..<p { s += units[r * p + f] * centroid[f] }
            return s
        }
    }

    /// Per-feature contributions to each listed row's score; they add up to the score. Centroid:
    /// uⱼ·cⱼ; K nearest: (1/K)·Σₖ uⱼ·sₖⱼ over the row's K nearest seeds. Row-major (rows × features).
    public func contributions(_ x: Matrix, rows: [Int]) -> [Double] {
        let p = columns.count
        let units = unitRows(x, rows: rows)
        var out = [Double](repeating: 0, count: rows.count * p)
        if let k {
            let found = NearestSeeds.search(rows: units, seeds: seeds, features: p, k: k)
            for r in 0..<rows.count {
                for slot in 0..<k {
                    let s = Int(found.neighbours[r * k + slot])
                    for f in 0..<p { out[r * p + f] += units[r * p + f] * seeds[s * p + f] / Double(k) }
                }
            }
        } else {
            for r in 0..<rows.count { for f in 0..<p { out[r * p + f] = units[r * p + f] * centroid[f] } }
        }
        return out
    }

    static func normalised(_ v: [Double]) -> [Double] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }
}
