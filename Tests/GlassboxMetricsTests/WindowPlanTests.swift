import GlassboxCore
import Testing
@testable import GlassboxMetrics

@Suite("Window planning of the bounded audit: key ranges of ≤ M rows by radix refinement")
struct WindowPlanTests {
    static let special: [Double] = [-.infinity, -.greatestFiniteMagnitude, -1, -.leastNormalMagnitude, -.leastNonzeroMagnitude,
                                    -0.0, 0, .leastNonzeroMagnitude, 0x1p-1060, .leastNormalMagnitude, 0.5, 1,
                                    .greatestFiniteMagnitude, .infinity]

    /// Splits `keys` (shuffled first when `shuffle`) into `laneCount` lanes of random lengths, in random lane order.
    static func lanes(_ keys: [UInt64], _ laneCount: Int, shuffle: Bool, _ g: inout SeededGenerator) -> [[UInt64]] {
        var keys = keys
        if shuffle { g.shuffle(&keys) }
        var cuts = (0..<(laneCount - 1)).map { _ in g.nextInt(below: keys.count + 1) } + [0, keys.count]
        cuts.sort()
        var lanes = (0..<laneCount).map { Array(keys[cuts[$0]..<cuts[$0 + 1]]) }
        g.shuffle(&lanes)
        return lanes
    }

    /// Checks `plan` against the sorted keys: coverage (every key in exactly one window, bounds present),
    /// disjoint ascending windows, per-window rows, the ≤ M rule, greedy packing, the window-count and
    /// pass-count bounds.
    static func checkAgainstSort(_ plan: WindowPlan, keys: [UInt64], rowBudget: Int,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let sorted = keys.sorted()
        #expect(plan.count == keys.count && plan.rowBudget == rowBudget, sourceLocation: sourceLocation)
        guard let minimum = sorted.first, let maximum = sorted.last else {
            #expect(plan.windows.isEmpty && plan.passes == 0, sourceLocation: sourceLocation)
            return
        }
        // Walk the sorted keys window by window: each window's rows are exactly the keys in its range.
        var position = 0
        for (j, window) in plan.windows.enumerated() {
            #expect(window.lowerKey <= window.upperKey, "window \(j)", sourceLocation: sourceLocation)
            if j > 0 { #expect(plan.windows[j - 1].upperKey < window.lowerKey, "window \(j) overlaps", sourceLocation: sourceLocation) }
            #expect(position < sorted.count && sorted[position] == window.lowerKey, "window \(j) lower bound not the next key",
                    sourceLocation: sourceLocation)
            var rows = 0
            while position < sorted.count && sorted[position] <= window.upperKey {
                rows += 1
                position += 1
            }
            #expect(rows == window.rows, "window \(j) rows", sourceLocation: sourceLocation)
            #expect(position > 0 && sorted[position - 1] == window.upperKey, "window \(j) upper bound not present",
                    sourceLocation: sourceLocation)
            #expect(window.rows <= rowBudget || window.lowerKey == window.upperKey, "window \(j) over budget",
                    sourceLocation: sourceLocation)
            if j > 0 {
                #expect(plan.windows[j - 1].rows + window.rows > rowBudget, "windows \(j - 1), \(j) not packed",
                        sourceLocation: sourceLocation)
            }
            // A window holding the key of index i is the one windowIndex finds.
            #expect(plan.windowIndex(of: window.lowerKey) == j && plan.windowIndex(of: window.upperKey) == j,
                    sourceLocation: sourceLocation)
        }
        #expect(position == sorted.count, "keys above the last window", sourceLocation: sourceLocation)
        #expect(plan.windows.reduce(0) { $0 + $1.rows } == keys.count, sourceLocation: sourceLocation)
        #expect(plan.windows.count <= WindowPlan.maximumWindowCount(rowBudget: rowBudget, count: keys.count),
                sourceLocation: sourceLocation)
        #expect(plan.windows.count <= 2 * (keys.count / (rowBudget + 1)) + 1, sourceLocation: sourceLocation)
        #expect(plan.passes <= WindowPlan.maximumPasses(minimumKey: minimum, maximumKey: maximum), sourceLocation: sourceLocation)
        #expect(plan.passes <= 8, sourceLocation: sourceLocation)
        if keys.count <= rowBudget || minimum == maximum {
            #expect(plan.windows == [WindowPlan.Window(lowerKey: minimum, upperKey: maximum, rows: keys.count)] && plan.passes == 0,
                    sourceLocation: sourceLocation)
        }
    }

    /// Plans `keys` with lanes of each split and order, checks the plan against the sort and that every
    /// split gives the same plan; returns it.
    @discardableResult
    static func checkedPlan(_ keys: [UInt64], rowBudget: Int, _ g: inout SeededGenerator,
                            sourceLocation: SourceLocation = #_sourceLocation) -> WindowPlan {
        let plan = WindowPlan.plan(rowBudget: rowBudget, lanes: [keys])
        checkAgainstSort(plan, keys: keys, rowBudget: rowBudget, sourceLocation: sourceLocation)
        for laneCount in [2, 5, 17] {
            let split = WindowPlan.plan(rowBudget: rowBudget, lanes: lanes(keys, laneCount, shuffle: true, &g))
            #expect(split == plan, "\(laneCount) lanes", sourceLocation: sourceLocation)
        }
        return plan
    }

    static func dataSets(_ g: inout SeededGenerator) -> [(name: String, values: [Double])] {
        [
            ("continuous", (0..<3000).map { _ in g.nextUniform() }),
            ("3-decimal ties", (0..<3000).map { _ in (g.nextUniform() * 1000).rounded() / 1000 }),
            ("heavy ties (8 values)", (0..<3000).map { _ in Double(g.nextInt(below: 8)) / 8 }),
            ("one long run among continuous", (0..<3000).map { _ in g.nextInt(below: 3) == 0 ? 0.42 : g.nextUniform() }),
            ("±0", (0..<2000).map { _ in g.nextInt(below: 2) == 0 ? -0.0 : 0.0 } + [1, -1]),
            ("specials (±∞, ±0, subnormals)", (0..<3000).map { _ in Self.special[g.nextInt(below: Self.special.count)] }),
            ("subnormals", (0..<3000).map { _ in Double(bitPattern: g.next() & 0x000F_FFFF_FFFF_FFFF) * (g.nextInt(below: 2) == 0 ? 1 : -1) }),
            ("random bits", (0..<3000).compactMap { _ in let x = Double(bitPattern: g.next()); return x.isNaN ? nil : x }),
            ("one distinct key", [Double](repeating: 0.7, count: 500)),
            ("one key", [0.3]),
            ("no keys", []),
        ]
    }

    @Test("plans equal the sort oracle for M = 1, 7, 100, 1000 and M ≥ n, whatever the lanes",
          arguments: [1, 7, 100, 1000, 5000])
    func againstSort(rowBudget: Int) {
        var g = SeededGenerator(seed: UInt64(rowBudget) &* 31 &+ 7)
        for (name, values) in Self.dataSets(&g) {
            let keys = values.map(OrderedKey.key)
            let plan = Self.checkedPlan(keys, rowBudget: rowBudget, &g)
            if values.count > rowBudget, Set(keys).count > 1 {
                #expect(plan.passes >= 1, "\(name)")
            }
        }
    }

    @Test("−0 and +0 are one key: a run of zeros is one window, never split, even beyond M")
    func signedZeros() {
        var g = SeededGenerator(seed: 11)
        let values = (0..<1000).map { _ in g.nextInt(below: 2) == 0 ? -0.0 : 0.0 } + (0..<50).map { _ in g.nextUniform() - 0.5 }
        let keys = values.map(OrderedKey.key)
        let plan = Self.checkedPlan(keys, rowBudget: 10, &g)
        let zero = OrderedKey.key(0)
        let index = try! #require(plan.windowIndex(of: zero))
        #expect(plan.windows[index] == WindowPlan.Window(lowerKey: zero, upperKey: zero, rows: 1000))
        #expect(plan.windowIndex(of: OrderedKey.key(-0.0)) == index)
    }

    @Test("n = 0 gives no window and no scan; n = 1, M ≥ n and one distinct key give one window without a scan")
    func edgeCases() {
        var scans = 0
        let empty = WindowPlan.plan(rowBudget: 5, count: 0, minimumKey: 0, maximumKey: 0) { _ in scans += 1 }
        #expect(empty.windows.isEmpty && empty.passes == 0 && scans == 0)
        #expect(empty.windowIndex(of: 17) == nil)
        #expect(WindowPlan.maximumWindowCount(rowBudget: 5, count: 0) == 0)

        let one = WindowPlan.plan(rowBudget: 1, lanes: [[], [42], []])
        #expect(one.windows == [WindowPlan.Window(lowerKey: 42, upperKey: 42, rows: 1)] && one.passes == 0)
        #expect(one.windowIndex(of: 41) == nil && one.windowIndex(of: 42) == 0 && one.windowIndex(of: 43) == nil)

        let tied = WindowPlan.plan(rowBudget: 3, lanes: [[9, 9, 9], [9, 9]])
        #expect(tied.windows == [WindowPlan.Window(lowerKey: 9, upperKey: 9, rows: 5)] && tied.passes == 0)

        let fits = WindowPlan.plan(rowBudget: 5, lanes: [[1, UInt64.max], [0, 7, 1 << 63]])
        #expect(fits.windows == [WindowPlan.Window(lowerKey: 0, upperKey: .max, rows: 5)] && fits.passes == 0)
    }

    @Test("a small worked example: ties kept whole, adjacent buckets packed greedily")
    func workedExample() {
        // Keys 0…3 in the low digit: counts 2, 1, 4, 1 with M = 3 → [0…1] 3 rows, [2] 4 rows (a run), [3] 1 row.
        let keys: [UInt64] = [0, 0, 1, 2, 2, 2, 2, 3]
        let plan = WindowPlan.plan(rowBudget: 3, lanes: [keys])
        #expect(plan.windows == [WindowPlan.Window(lowerKey: 0, upperKey: 1, rows: 3),
                                 WindowPlan.Window(lowerKey: 2, upperKey: 2, rows: 4),
                                 WindowPlan.Window(lowerKey: 3, upperKey: 3, rows: 1)])
        #expect(plan.passes == 1)
        #expect(plan.windowIndex(of: 1) == 0 && plan.windowIndex(of: 2) == 1 && plan.windowIndex(of: 4) == nil)
    }

    @Test("the scan is called once per pass; 8 passes when neighbours differ in the last bit across the whole key range")
    func scansPerPass() {
        // −∞ and +∞ leave no common prefix; pairs of adjacent doubles keep one bucket open down to the last digit.
        var values: [Double] = [-.infinity, .infinity]
        for x in [0.1, 0.5, 3.0] { values += [Double](repeating: x, count: 4) + [Double](repeating: x.nextUp, count: 4) }
        let keys = values.map(OrderedKey.key)
        var scans = 0
        let plan = WindowPlan.plan(rowBudget: 5, count: keys.count, minimumKey: keys.min()!, maximumKey: keys.max()!) { visit in
            scans += 1
            keys.withUnsafeBufferPointer(visit)
        }
        #expect(scans == plan.passes)
        #expect(plan.passes == 8)
        #expect(WindowPlan.maximumPasses(minimumKey: keys.min()!, maximumKey: keys.max()!) == 8)
        var g = SeededGenerator(seed: 3)
        Self.checkAgainstSort(plan, keys: keys, rowBudget: 5)
        #expect(Self.checkedPlan(keys, rowBudget: 5, &g) == plan)

        // Continuous scores: one scan per pass as well, and fewer passes than digits below the common prefix.
        let continuous = (0..<20_000).map { _ in OrderedKey.key(g.nextUniform()) }
        let chunks = Self.lanes(continuous, 9, shuffle: false, &g)
        scans = 0
        let continuousPlan = WindowPlan.plan(rowBudget: 64, count: continuous.count, minimumKey: continuous.min()!,
                                             maximumKey: continuous.max()!) { visit in
            scans += 1
            for chunk in chunks { chunk.withUnsafeBufferPointer(visit) }
        }
        #expect(scans == continuousPlan.passes && continuousPlan.passes >= 2)
        Self.checkAgainstSort(continuousPlan, keys: continuous, rowBudget: 64)
    }

    @Test("lanes' pass histograms added in any order equal one histogram of all keys")
    func laneHistogramsAdd() {
        var g = SeededGenerator(seed: 21)
        let keys = (0..<5000).map { _ in OrderedKey.key((g.nextUniform() * 200).rounded() / 200) }
        var planner = WindowPlanner(rowBudget: 40, count: keys.count, minimumKey: keys.min()!, maximumKey: keys.max()!)
        var reference = WindowPlanner(rowBudget: 40, count: keys.count, minimumKey: keys.min()!, maximumKey: keys.max()!)
        while !planner.isComplete {
            var whole = reference.emptyHistograms()
            keys.withUnsafeBufferPointer { whole.add($0) }
            var added = planner.emptyHistograms()
            for lane in Self.lanes(keys, 7, shuffle: true, &g) {
                var histograms = planner.emptyHistograms()
                lane.withUnsafeBufferPointer { histograms.add($0) }
                added += histograms
            }
            #expect(added == whole)
            planner.refine(with: added)
            reference.refine(with: whole)
        }
        #expect(planner.plan == reference.plan)
        Self.checkAgainstSort(planner.plan, keys: keys, rowBudget: 40)
    }

    @Test("large tied data (mostly ±0 and ±∞) with small M: window count and pass bounds hold")
    func largeTies() {
        var g = SeededGenerator(seed: 77)
        let values = (0..<60_000).map { _ -> Double in
            switch g.nextInt(below: 10) {
            case 0...3: return g.nextInt(below: 2) == 0 ? -0.0 : 0.0
            case 4: return .infinity
            case 5: return -.infinity
            default: return (g.nextUniform() * 10_000).rounded() / 10_000
            }
        }
        let keys = values.map(OrderedKey.key)
        for rowBudget in [7, 100, 2500] {
            Self.checkedPlan(keys, rowBudget: rowBudget, &g)
        }
    }
}

extension WindowPlanTests {
    @Test("scatter: each window's (key, row) pairs sorted by (key, row) equal the sort oracle, whatever the lane order",
          arguments: [1, 7, 100])
    func scatterAgainstSort(rowBudget: Int) {
        var g = SeededGenerator(seed: 500 + UInt64(rowBudget))
        for (name, values) in Self.dataSets(&g) {
            let keys = values.map(OrderedKey.key)
            let plan = WindowPlan.plan(rowBudget: rowBudget, lanes: [keys])
            // Lanes: contiguous row ranges of random lengths, visited in random order.
            var cuts = (0..<4).map { _ in g.nextInt(below: keys.count + 1) } + [0, keys.count]
            cuts.sort()
            var lanes = (0..<5).map { cuts[$0]..<cuts[$0 + 1] }
            g.shuffle(&lanes)
            var scans = 0
            let order = plan.scatter { visit in
                scans += 1
                for lane in lanes { Array(keys[lane]).withUnsafeBufferPointer { visit(lane.lowerBound, $0) } }
            }
            #expect(scans == 1)
            let oracle = keys.indices.map { (key: keys[$0], row: $0) }.sorted { ($0.key, $0.row) < ($1.key, $1.row) }
            #expect(order.keys == oracle.map(\.key), "\(name)")
            #expect(order.rows == oracle.map(\.row), "\(name)")
            #expect(order.windowStarts.count == plan.windows.count + 1, "\(name)")
            for (j, window) in plan.windows.enumerated() {
                let positions = order.positions(ofWindow: j)
                #expect(positions.count == window.rows, "\(name) window \(j)")
                #expect(positions.allSatisfy { window.lowerKey...window.upperKey ~= order.keys[$0] }, "\(name) window \(j)")
            }
        }
    }
}

extension WindowPlanTests {
    @Test("a short last digit (a common prefix that is not a multiple of 8 bits) and the ends of the key space are refined to single keys")
    func shortDigitAndKeySpaceEnds() {
        var g = SeededGenerator(seed: 77)
        // Doubles in [0.5, 1) share sign and exponent (a common prefix of 12 bits or more), so at most 52 bits are
        // left: 8-bit digits and a short last one separate a double from its neighbour.
        for x in [0.5, 0.75, 0.998] {
            let keys = (Array(repeating: x, count: 4) + Array(repeating: x.nextUp, count: 4) + Array(repeating: 0.999, count: 4)).map(OrderedKey.key)
            let plan = Self.checkedPlan(keys, rowBudget: 5, &g)
            #expect(plan.windows.count == 3, "\(x)")
            // Neighbours differ in the last bit: every digit below the common prefix is needed, the last one short.
            let prefix = (OrderedKey.key(x) ^ OrderedKey.key(0.999)).leadingZeroBitCount
            #expect((64 - prefix) % 8 != 0, "\(x)")
            #expect(plan.passes == (64 - prefix + 7) / 8, "\(x)")
        }
        // Raw keys at both ends of the 64-bit space, one row budget: every key its own window.
        let ends: [UInt64] = [0, 0, 1, 1, .max - 1, .max - 1, .max, .max]
        let plan = Self.checkedPlan(ends, rowBudget: 1, &g)
        #expect(plan.windows.count == 4)
        #expect(plan.passes == 8)
    }
}

// Exit tests need Swift 6.2 or later (Package.swift's tools version is 6.0).
#if compiler(>=6.2)
extension WindowPlanTests {
    @Test("keys that change between passes or since planning stop the planner and the scatter; fewer keys than counted stop the first pass")
    func changedKeysRefused() async {
        await #expect(processExitsWith: .failure) {
            var calls = 0
            let keys: [UInt64] = [0, 0, 1, 2, 2, 2, 2, 3, 300, 301]
            _ = WindowPlan.plan(rowBudget: 3, count: keys.count, minimumKey: 0, maximumKey: 301) { visit in
                calls += 1
                // The second pass drops the 3 from the open bucket {2, 2, 2, 2, 3}.
                (calls == 1 ? keys : keys.filter { $0 != 3 }).withUnsafeBufferPointer(visit)
            }
        }
        await #expect(processExitsWith: .failure) {
            _ = WindowPlan.plan(rowBudget: 3, count: 6, minimumKey: 0, maximumKey: 3) { visit in
                [UInt64]([0, 0, 1, 2, 2]).withUnsafeBufferPointer(visit)
            }
        }
        await #expect(processExitsWith: .failure) {
            let plan = WindowPlan.plan(rowBudget: 2, lanes: [[1, 2, 3, 4]])
            _ = plan.scatter { visit in [UInt64]([1, 2, 3, 5]).withUnsafeBufferPointer { visit(0, $0) } }
        }
    }
}
#endif

extension WindowPlanTests {
    @Test("histogram memory: every pass histograms at most ⌊n/(M + 1)⌋ open buckets, each of one 8-bit digit", arguments: [1, 7, 300])
    func openBucketBound(rowBudget: Int) {
        var g = SeededGenerator(seed: 900 + UInt64(rowBudget))
        let keys = (0..<20_000).map { _ -> UInt64 in
            let x = g.nextInt(below: 4) == 0 ? Self.special[g.nextInt(below: Self.special.count)] : (g.nextUniform() * 5000).rounded() / 5000
            return OrderedKey.key(x)
        }
        var planner = WindowPlanner(rowBudget: rowBudget, count: keys.count, minimumKey: keys.min()!, maximumKey: keys.max()!)
        var passes = 0
        while !planner.isComplete {
            var histograms = planner.emptyHistograms()
            #expect(!histograms.histograms.isEmpty)
            #expect(histograms.histograms.count <= keys.count / (rowBudget + 1), "pass \(passes)")
            #expect(histograms.histograms.allSatisfy { $0.counts.count <= 256 && $0.digitBits <= WindowPlan.digitBits })
            keys.withUnsafeBufferPointer { histograms.add($0) }
            planner.refine(with: histograms)
            passes += 1
        }
        #expect(planner.passes == passes && passes <= 8)
        #expect(planner.plan == WindowPlan.plan(rowBudget: rowBudget, lanes: [keys]))
        Self.checkAgainstSort(planner.plan, keys: keys, rowBudget: rowBudget)
    }
}
