import Foundation
import GlassboxTabular
@testable import GlassboxModels

/// The seeded voter-file simulation of Tests/Reference/make_xgboost_reference.py, regenerated bit for bit
/// (splitmix64, eight draws per row), and its "threshold rows".
enum XGBoostReferenceData {
    static let counties = (0..<12).map { "county_" + ($0 < 10 ? "0" : "") + String($0) }
    static let parties = ["D", "I", "R"]

    struct Rows {
        var age = [Double](), income = [Double](), history = [Double]()
        var county = [String?](), party = [String?]()
    }

    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    }

    static func simulate(seed: UInt64, rows: Int) -> Rows {
        var g = SplitMix64(state: seed)
        var out = Rows()
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

    /// The scored rows followed by the threshold rows of `ensemble`, as the script builds them.
    static func scoredRows(for ensemble: TreeEnsemble) -> Rows {
        let scored = simulate(seed: 2026, rows: 50_000)
        var rows = scored
        var seen = Set<String>()
        var picks = [(String, Double)]()
        for tree in ensemble.trees {
            for node in tree.nodes where !node.isLeaf && node.rule != .categoryIn {
                let name = ensemble.features[Int(node.feature)].name
                if seen.insert("\(name)|\(node.threshold)").inserted { picks.append((name, node.threshold)) }
            }
        }
        for (k, (name, t)) in picks.enumerated() {
            for value in [t, t.nextDown, t - 1e-9 * abs(t)] {
                let r = k % 1000
                rows.age.append(name == "age" ? value : scored.age[r])
                rows.income.append(name == "income" ? value : scored.income[r])
                rows.history.append(name == "history" ? value : scored.history[r])
                rows.county.append(scored.county[r])
                rows.party.append(scored.party[r])
            }
        }
        return rows
    }

    static func table(_ rows: Rows, columns: [String]) throws -> Table {
        var table = Table(rowCount: rows.age.count)
        for name in columns {
            switch name {
            case "age": try table.append(name: name, column: .numeric(rows.age))
            case "income": try table.append(name: name, column: .numeric(rows.income))
            case "history": try table.append(name: name, column: .numeric(rows.history))
            case "county": try table.append(name: name, column: .categorical(CategoricalColumn(values: rows.county)))
            default: try table.append(name: name, column: .categorical(CategoricalColumn(values: rows.party)))
            }
        }
        return table
    }
}
