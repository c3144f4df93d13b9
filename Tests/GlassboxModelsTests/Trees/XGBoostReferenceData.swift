import Foundation
import GlassboxTabular
import GlassboxTestSupport
@testable import GlassboxModels

/// The seeded voter-file simulation of Tests/Reference/make_xgboost_reference.py, regenerated bit for bit
/// (``XGBoostReferenceRows``), its "threshold rows" and tables of them.
enum XGBoostReferenceData {
    typealias Rows = XGBoostReferenceRows
    static let counties = XGBoostReferenceRows.counties

    static func simulate(seed: UInt64, rows: Int) -> Rows { XGBoostReferenceRows.simulate(seed: seed, rows: rows) }

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
