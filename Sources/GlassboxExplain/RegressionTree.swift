/// A CART regression tree (Breiman et al. 1984) fitted by exhaustive least-squares splits, as
/// scikit-learn's `DecisionTreeRegressor` (squared error, thresholds at midpoints between adjacent
/// distinct values, ties broken by the first feature and the smallest threshold).
/// Complexity: O(depth × features × n log n).
struct RegressionTree: Sendable {
    indirect enum Node: Sendable {
        case leaf(value: Double, count: Int)
        case split(feature: Int, threshold: Double, left: Node, right: Node, gain: Double, count: Int)
    }
    var root: Node
    /// SSE reduction contributed by each feature.
    var gains: [Double]

    /// Fits columns `features` of `x` (column-major n×p storage) to `y` on `rows`.
    static func fit(x: [Double], n: Int, features: [Int], y: [Double], rows: [Int], maxDepth: Int, minLeaf: Int) -> RegressionTree {
        var gains = [Double](repeating: 0, count: features.count)
        let root = grow(x: x, n: n, features: features, y: y, rows: rows, depth: 0, maxDepth: maxDepth, minLeaf: minLeaf, gains: &gains)
        return RegressionTree(root: root, gains: gains)
    }

    private static func grow(x: [Double], n: Int, features: [Int], y: [Double], rows: [Int], depth: Int, maxDepth: Int,
                             minLeaf: Int, gains: inout [Double]) -> Node {
        let total = rows.reduce(0) { $0 + y[$1] }
        let count = rows.count
        let mean = total / Double(count)
        guard depth < maxDepth, count >= 2 * minLeaf else { return .leaf(value: mean, count: count) }
        let sst = rows.reduce(0) { $0 + (y[$1] - mean) * (y[$1] - mean) }
        guard sst > 0 else { return .leaf(value: mean, count: count) }
        var best: (gain: Double, f: Int, threshold: Double)?
        for (f, j) in features.enumerated() {
            let sorted = rows.sorted { x[j * n + $0] < x[j * n + $1] }
            var leftSum = 0.0
            for k in 0..<(count - 1) {
                leftSum += y[sorted[k]]
                let v = x[j * n + sorted[k]], next = x[j * n + sorted[k + 1]]
                let left = k + 1
                guard v < next, left >= minLeaf, count - left >= minLeaf else { continue }
                let rightSum = total - leftSum
                let gain = leftSum * leftSum / Double(left) + rightSum * rightSum / Double(count - left) - total * total / Double(count)
                if best == nil || gain > best!.gain * (1 + 1e-12) { best = (gain, f, v / 2 + next / 2) }
            }
        }
        guard let best, best.gain > 1e-12 * sst else { return .leaf(value: mean, count: count) }
        gains[best.f] += best.gain
        let j = features[best.f]
        let left = rows.filter { x[j * n + $0] <= best.threshold }, right = rows.filter { x[j * n + $0] > best.threshold }
        return .split(feature: best.f, threshold: best.threshold,
                      left: grow(x: x, n: n, features: features, y: y, rows: left, depth: depth + 1, maxDepth: maxDepth, minLeaf: minLeaf, gains: &gains),
                      right: grow(x: x, n: n, features: features, y: y, rows: right, depth: depth + 1, maxDepth: maxDepth, minLeaf: minLeaf, gains: &gains),
                      gain: best.gain, count: count)
    }

    /// The prediction for row `i` of `x`.
    func predict(x: [Double], n: Int, features: [Int], row i: Int) -> Double {
        var node = root
        while true {
            switch node {
            case .leaf(let value, _): return value
            case let .split(f, threshold, left, right, _, _): node = x[features[f] * n + i] <= threshold ? left : right
            }
        }
    }

    /// One readable rule per leaf: "a <= 4.5 and b > 1.5 → 0.62 (n = 120)".
    func rules(names: [String], format: (Double) -> String) -> [(conditions: [String], prediction: Double, rows: Int)] {
        var out = [(conditions: [String], prediction: Double, rows: Int)]()
        func walk(_ node: Node, _ conditions: [String]) {
            switch node {
            case let .leaf(value, count):
                out.append((conditions: conditions, prediction: value, rows: count))
            case let .split(f, threshold, left, right, _, _):
                walk(left, conditions + ["\(names[f]) <= \(format(threshold))"])
                walk(right, conditions + ["\(names[f]) > \(format(threshold))"])
            }
        }
        walk(root, [])
        return out
    }
}
