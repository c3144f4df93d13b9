/// Column layout of a design: term order and the coding of each categorical factor in each term,
/// following patsy exactly (`patsy/build.py: _make_subterm_infos`, `patsy/redundancy.py`).
///
/// 1. Terms are grouped into buckets by the set of numeric factors they contain; buckets are in
///    order of first appearance, except that the bucket with no numeric factor (which holds the
///    intercept) comes first. Within a bucket terms are stably sorted by degree (factor count).
/// 2. Within a bucket, each term is expanded into the subterms of its categorical factors
///    (`a:b → 1 + a⁻ + b⁻ + a⁻:b⁻`, shortest first), those already used by an earlier term of the
///    bucket are dropped, and the rest are merged greedily (`1 + a⁻ → a⁺`), where `⁻` is treatment
///    (reduced-rank) coding and `⁺` full-rank coding (a column per level). This is why, without an
///    intercept, the first categorical main effect gets a column per level.
/// 3. Within a subterm, the left-most factor varies fastest (as R).
extension DesignBuilder {
    struct PlannedColumn {
        var name: String
        var parts: [DesignPart]
        var sources: [String]
    }

    private struct ExpandedFactor: Hashable {
        var factor: Int
        var full: Bool
    }

    /// Subsets of `items` ordered by size, then by the positions of their members (patsy's `_subsets_sorted`).
    private static func sortedSubsets(_ items: [Int]) -> [[Int]] {
        var subsets = [[Int]]()
        for mask in 0..<(1 << items.count) {
            subsets.append((0..<items.count).filter { mask & (1 << $0) != 0 })
        }
        subsets.sort { a, b in a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b) }
        return subsets.map { $0.map { items[$0] } }
    }

    /// patsy's `_simplify_subterms`: repeatedly let a longer subterm absorb a shorter one that
    /// differs from it by one reduced factor, turning that factor full-rank.
    private static func simplify(_ subterms: inout [Set<ExpandedFactor>]) {
        outer: while true {
            for shortIndex in subterms.indices {
                let short = subterms[shortIndex]
                for longIndex in (shortIndex + 1)..<subterms.count {
                    let long = subterms[longIndex]
                    if long.count - short.count == 1 && long.isSuperset(of: short) {
                        let extra = long.subtracting(short).first!
                        var merged = short
                        merged.insert(ExpandedFactor(factor: extra.factor, full: true))
                        subterms[longIndex] = merged
                        subterms.remove(at: shortIndex)
                        continue outer
                    }
                }
            }
            return
        }
    }

    /// The most design columns a plan may have (for fitting, ``maximumFitColumns`` is lower):
    /// interactions of categoricals multiply their levels (`C(a):C(b):C(c)` with 300 levels each
    /// is 27 million columns), and the plan is refused before those columns are listed.
    static let maximumPlannedColumns = 1_000_000

    /// The design columns of `formula` given each factor's coding; a term that would add more than
    /// ``maximumPlannedColumns`` columns is refused, naming it, before its columns are listed.
    static func plan(_ formula: Formula, codings: [FactorCoding]) throws -> [PlannedColumn] {
        try plan(formula, codings: codings, limit: .max, refuseBeyond: maximumPlannedColumns)!
    }

    /// The plan, or nil as soon as more than `limit` columns would be planned, before any of them is
    /// enumerated (a tampered model file must not make the plan enumerate billions of columns).
    static func plan(_ formula: Formula, codings: [FactorCoding], limit: Int) -> [PlannedColumn]? {
        try? plan(formula, codings: codings, limit: limit, refuseBeyond: .max)
    }

    private static func plan(_ formula: Formula, codings: [FactorCoding], limit: Int, refuseBeyond maximum: Int) throws -> [PlannedColumn]? {
        let allTerms = (formula.hasIntercept ? [[Int]()] : []) + formula.terms
        let isNumeric = codings.map { $0.kind == .numeric }

        var bucketKeys = [Set<Int>]()
        var buckets = [Set<Int>: [[Int]]]()
        for term in allTerms {
            let key = Set(term.filter { isNumeric[$0] })
            if buckets[key] == nil { bucketKeys.append(key) }
            buckets[key, default: []].append(term)
        }
        if let empty = bucketKeys.firstIndex(of: []) {
            bucketKeys.remove(at: empty)
            bucketKeys.insert([], at: 0)
        }

        var columns = [PlannedColumn]()
        for key in bucketKeys {
            let terms = buckets[key]!.enumerated()
                .sorted { $0.element.count != $1.element.count ? $0.element.count < $1.element.count : $0.offset < $1.offset }
                .map(\.element)
            var used = Set<Set<Int>>()
            for term in terms {
                let categorical = term.filter { !isNumeric[$0] }
                // The plan enumerates the 2ᵏ subsets of a term's k categorical factors (patsy's rule) and
                // simplifies them pairwise: bound k before that work (it hung at k = 25 and trapped at 64).
                let most = DesignEncoding.maximumCategoricalFactorsPerTerm
                guard categorical.count <= most else {
                    if maximum == .max { return nil }
                    let label = term.map { formula.factors[$0].label }.joined(separator: ":")
                    throw TabularError.formula("the term '\(label)' interacts \(categorical.count) categorical factors, more than the limit of \(most) (its coding enumerates 2^k combinations of them); leave some out of the interaction")
                }
                var subterms = [Set<ExpandedFactor>]()
                for subset in sortedSubsets(categorical) where !used.contains(Set(subset)) {
                    used.insert(Set(subset))
                    subterms.append(Set(subset.map { ExpandedFactor(factor: $0, full: false) }))
                }
                simplify(&subterms)
                for subterm in subterms {
                    let count = subtermColumnCount(term: term, subterm: subterm, codings: codings)
                    if count > maximum - columns.count {
                        let label = term.map { formula.factors[$0].label }.joined(separator: ":")
                        throw TabularError.formula("the term '\(label)' would add \(count == .max ? "more than \(maximum)" : String(count)) design columns (its categorical levels multiply), more than the limit of \(maximum); group rare levels into fewer categories or leave the interaction out")
                    }
                    guard let more = subtermColumns(term: term, subterm: subterm, formula: formula, codings: codings,
                                                    limit: limit - columns.count) else { return nil }
                    columns += more
                }
            }
        }
        return columns
    }

    /// How many columns ``subtermColumns(term:subterm:formula:codings:limit:)`` would list (`Int.max` on overflow).
    private static func subtermColumnCount(term: [Int], subterm: Set<ExpandedFactor>, codings: [FactorCoding]) -> Int {
        var count = 1
        for f in term where codings[f].kind == .categorical {
            guard let expanded = subterm.first(where: { $0.factor == f }) else { continue }
            let coding = codings[f]
            let hasReference = coding.reference.flatMap { coding.levels.firstIndex(of: $0) } != nil
            let levels = expanded.full || !hasReference ? coding.levels.count : coding.levels.count - 1
            let (product, overflow) = count.multipliedReportingOverflow(by: levels)
            if overflow { return .max }
            count = product
        }
        return count
    }

    private static func subtermColumns(term: [Int], subterm: Set<ExpandedFactor>, formula: Formula,
                                       codings: [FactorCoding], limit: Int) -> [PlannedColumn]? {
        // Each factor of the subterm, in term order, with the levels it contributes (nil = numeric).
        var choices = [(factor: Int, levels: [Int?])]()
        for f in term {
            let coding = codings[f]
            if coding.kind == .numeric {
                choices.append((f, [nil]))
            } else if let expanded = subterm.first(where: { $0.factor == f }) {
                let reference = coding.reference.flatMap { coding.levels.firstIndex(of: $0) }
                let levels = coding.levels.indices.filter { expanded.full || $0 != reference }
                choices.append((f, levels.map { Optional($0) }))
            }
        }
        var sources = [String]()
        for (f, _) in choices {
            for c in formula.factors[f].columns where !sources.contains(c) { sources.append(c) }
        }
        if choices.isEmpty { return limit >= 1 ? [PlannedColumn(name: "(Intercept)", parts: [], sources: [])] : nil }
        if choices.contains(where: { $0.levels.isEmpty }) { return [] }
        var total = 1
        for choice in choices {
            let (product, overflow) = total.multipliedReportingOverflow(by: choice.levels.count)
            if overflow || product > limit { return nil }
            total = product
        }

        // Odometer with the left-most factor turning fastest.
        var counters = Array(repeating: 0, count: choices.count)
        var out = [PlannedColumn]()
        while true {
            var parts = [DesignPart]()
            var names = [String]()
            for (k, choice) in choices.enumerated() {
                let level = choice.levels[counters[k]]
                parts.append(DesignPart(factor: choice.factor, level: level))
                let coding = codings[choice.factor]
                names.append(level.map { "\(coding.name)[\(coding.levels[$0])]" } ?? coding.name)
            }
            out.append(PlannedColumn(name: names.joined(separator: ":"), parts: parts, sources: sources))
            var k = 0
            while k < counters.count {
                counters[k] += 1
                if counters[k] < choices[k].levels.count { break }
                counters[k] = 0
                k += 1
            }
            if k == counters.count { return out }
        }
    }
}
