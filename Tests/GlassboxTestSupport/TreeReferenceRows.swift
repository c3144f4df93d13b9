import Foundation

/// The seeded voter-like rows of `Tests/Reference/tree_reference_data.py`, regenerated bit for bit
/// (SplitMix64 and integer arithmetic), so tree fixtures store the makers' predictions but not the rows.
/// Columns: age, income, contacts, county (code, -1 missing), party (code, -1 missing), past. Used by the
/// LightGBM and PMML reference tests (model tests) and the import/score CLI tests.
package enum TreeReferenceRows {
    package static let columns = ["age", "income", "contacts", "county", "party", "past"]

    /// `n` rows of seed `seed`, each as the six column values (NaN for missing numbers).
    package static func rows(seed: UInt64, count n: Int) -> [[Double]] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<n).map { _ in
            let a = next(), b = next(), c = next(), d = next(), e = next(), f = next()
            _ = next()  // the label draw (Python side only)
            return [a % 17 == 0 ? .nan : Double(18 + (a >> 8) % 73),
                    b % 11 == 0 ? .nan : Double((b >> 8) % 4000) / 40.0,
                    Double(c % 6),
                    d % 29 == 0 ? -1 : Double((d >> 8) % 12),
                    e % 31 == 0 ? -1 : Double((e >> 8) % 3),
                    Double(f >> 11) * 0x1p-53]
        }
    }

    /// Rows whose value of a split feature equals the split's threshold: base row `k` (cycled) with
    /// column `name` set to `threshold`, for each `[name, threshold]` pair (the threshold as text: Foundation's
    /// JSON number parser is not correctly rounded).
    package static func thresholdRows(base: [[Double]], splits: [[Any]]) -> [[Double]] {
        splits.enumerated().map { k, pair in
            var row = base[k % base.count]
            row[columns.firstIndex(of: pair[0] as! String)!] = Double(pair[1] as! String)!
            return row
        }
    }

    /// Little-endian float64 values of a fixture file.
    package static func float64s(_ url: URL) throws -> [Double] {
        let data = try Data(contentsOf: url)
        return (0..<(data.count / 8)).map { i in
            Double(bitPattern: UInt64(littleEndian: data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self) }))
        }
    }

    /// County and party levels of the codes (`tree_reference_data.py`).
    package static let countyLevels = (0..<12).map { $0 < 10 ? "C0\($0)" : "C\($0)" }
    package static let partyLevels = ["DEM", "REP", "IND"]

    /// The first `count` rows of seed `seed` as CSV text: numbers in shortest round-trip form, categorical
    /// columns as their levels (or as the codes themselves when `levels` is false), missing values empty.
    package static func csv(seed: UInt64, count: Int, levels: Bool = true) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for row in rows(seed: seed, count: count) {
            out += row.enumerated().map { j, value -> String in
                if value.isNaN { return "" }
                guard j == 3 || j == 4 else { return "\(value)" }
                if value < 0 { return "" }
                return levels ? (j == 3 ? countyLevels : partyLevels)[Int(value)] : "\(Int(value))"
            }.joined(separator: ",") + "\n"
        }
        return out
    }
}
