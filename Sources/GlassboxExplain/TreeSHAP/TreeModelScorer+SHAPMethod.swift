import GlassboxCore
import GlassboxModels

extension TreeModelScorer {
    /// The TreeSHAP values of every row of `matrix` by `method`, and the background rows an interventional
    /// method used. The background is drawn from the rows of `matrix` without replacement by a generator
    /// seeded with `seed` (a partial Fisher–Yates shuffle, the chosen rows then taken in data order), or is
    /// every row when there are no more than asked for.
    /// Path-dependent TreeSHAP of a model without node covers (a PMML tree without `recordCount`s, a PMML
    /// regression's linear terms) is refused naming the interventional method: covers taken from the explained
    /// rows instead would make the values depend on which rows are explained and equal no maker's, while
    /// interventional TreeSHAP against a background sample is exact and needs no covers.
    /// - Throws: ``ExplainError/invalidOption(_:)`` for fewer than one background row, or path-dependent
    ///   TreeSHAP of a model without node covers; ``ExplainError/invalidData(_:)`` from TreeSHAP.
    func treeSHAPValues(_ matrix: TreeFeatureMatrix, method: TreeSHAPMethod, seed: UInt64) throws -> (values: TreeSHAPValues, backgroundRows: Int?) {
        switch method {
        case .pathDependent:
            if model.ensemble.hasLinearTerms {
                throw ExplainError.invalidOption("path-dependent TreeSHAP needs the training distribution the node covers record, and this model's linear terms (a PMML regression) have none; use \(parameter: .treeSHAP, values: ["interventional"], wording: "interventional TreeSHAP (treeSHAP: .interventional)") against a background sample")
            }
            do {
                return (try TreeSHAP.pathDependent(model.ensemble, rows: matrix.values), nil)
            } catch ExplainError.invalidData(let message) where message.contains("has no cover") {
                let what = message.prefix { $0 != ";" }
                throw ExplainError.invalidOption("\(what): the model file records no training counts (node covers, PMML recordCount), which path-dependent TreeSHAP needs; use \(parameter: .treeSHAP, values: ["interventional"], wording: "interventional TreeSHAP (treeSHAP: .interventional)") against a background sample")
            }
        case .interventional(let wanted):
            guard wanted >= 1 else { throw ExplainError.invalidOption("\(parameter: .backgroundRows) must be at least 1, got \(wanted)") }
            let chosen = Self.backgroundRows(count: matrix.rows, wanted: wanted, seed: seed)
            let p = matrix.columns
            var background = [Double]()
            background.reserveCapacity(chosen.count * p)
            for r in chosen { background.append(contentsOf: matrix.values[(r * p)..<(r * p + p)]) }
            return (try TreeSHAP.interventional(model.ensemble, rows: matrix.values, background: background), chosen.count)
        }
    }

    /// `wanted` of `count` row indices drawn without replacement with `seed`, in increasing order (all when
    /// `wanted ≥ count`).
    static func backgroundRows(count: Int, wanted: Int, seed: UInt64) -> [Int] {
        guard wanted < count else { return Array(0..<count) }
        var generator = SeededGenerator(seed: seed, stream: backgroundStream)
        var order = Array(0..<count)
        for i in 0..<wanted {
            let j = i + Int(generator.next() % UInt64(count - i))
            order.swapAt(i, j)
        }
        return order[0..<wanted].sorted()
    }

    /// The generator stream of the background draw (apart from the permutations' and the listed rows' streams).
    static let backgroundStream: UInt64 = 0x7472_6565_6267
}
