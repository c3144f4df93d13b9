/// Shapley coalition weights `w(s, d) = s! (d − 1 − s)! / d!`: the weight of a coalition of `s` other
/// players in a game of `d` players (Shapley 1953). Stored for `d ≤ maximumPlayers`, computed by the
/// product `1 / (d · C(d − 1, s))` so no factorial overflows.
struct ShapleyWeights: Sendable {
    let maximumPlayers: Int
    private let table: [Double]

    init(maximumPlayers: Int) {
        self.maximumPlayers = maximumPlayers
        var table = [Double](repeating: 0, count: (maximumPlayers + 1) * (maximumPlayers + 1))
        for d in 1...max(1, maximumPlayers) where d <= maximumPlayers {
            for s in 0..<d { table[d * (maximumPlayers + 1) + s] = 1 / (Double(d) * ShapleyWeights.binomial(d - 1, s)) }
        }
        self.table = table
    }

    /// `w(s, d)` for `0 ≤ s < d ≤ maximumPlayers`.
    @inline(__always)
    func weight(coalition s: Int, players d: Int) -> Double { table[d * (maximumPlayers + 1) + s] }

    /// `C(n, k)` as a double, by the multiplicative formula.
    static func binomial(_ n: Int, _ k: Int) -> Double {
        let k = min(k, n - k)
        guard k > 0 else { return 1 }
        var result = 1.0
        for i in 0..<k { result = result * Double(n - i) / Double(i + 1) }
        return result.rounded()
    }
}
