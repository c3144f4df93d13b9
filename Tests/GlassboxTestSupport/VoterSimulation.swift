/// SplitMix64 (Steele, Lea & Flood 2014): the generator Tests/Reference/make_xgboost_reference.py uses, so Swift
/// tests regenerate its data bit for bit.
package struct SplitMix64 {
    package var state: UInt64
    package init(state: UInt64) { self.state = state }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform double in [0, 1) from the top 53 bits.
    package mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// The seeded voter-file rows of Tests/Reference/make_xgboost_reference.py (eight draws per row): age, income
/// (10% missing, NaN), county (12 levels, 5% missing, nil), party (3 levels), history (0–4, 8% missing).
package struct XGBoostReferenceRows {
    package static let counties = (0..<12).map { "county_" + ($0 < 10 ? "0" : "") + String($0) }
    package static let parties = ["D", "I", "R"]

    package var age = [Double](), income = [Double](), history = [Double]()
    package var county = [String?](), party = [String?]()

    package init() {}

    /// `rows` rows drawn from `seed`.
    package static func simulate(seed: UInt64, rows: Int) -> XGBoostReferenceRows {
        var g = SplitMix64(state: seed)
        var out = XGBoostReferenceRows()
        for _ in 0..<rows {
            let u = (0..<8).map { _ in g.uniform() }
            out.age.append(18 + (u[0] * 73).rounded(.down))
            out.income.append(u[2] < 0.1 ? .nan : (u[1] * 1_500_000).rounded(.down) / 10)
            out.county.append(u[4] < 0.05 ? nil : counties[Int((u[3] * 12).rounded(.down))])
            out.party.append(parties[Int((u[5] * 3).rounded(.down))])
            out.history.append(u[7] < 0.08 ? .nan : (u[6] * 5).rounded(.down))
        }
        return out
    }
}
