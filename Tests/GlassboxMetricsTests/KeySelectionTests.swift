import GlassboxCore
import GlassboxTestSupport
import Testing
@testable import GlassboxMetrics

@Suite("Order-preserving keys and radix selection by rank")
struct KeySelectionTests {
    static let special: [Double] = [-.infinity, -.greatestFiniteMagnitude, -1, -.leastNonzeroMagnitude, -0.0, 0,
                                    .leastNonzeroMagnitude, .leastNormalMagnitude, 0.5, 1, .greatestFiniteMagnitude, .infinity]

    @Test("key order is numeric order; −0 and +0 share a key; value inverts key")
    func orderedKeys() {
        var g = SeededGenerator(seed: 5)
        var values = Self.special
        for _ in 0..<2000 {
            let x = Double(bitPattern: g.next())
            if !x.isNaN { values.append(x) }
        }
        for a in values {
            #expect(OrderedKey.value(OrderedKey.key(a)) == a)
            for _ in 0..<5 {
                let b = values[g.nextInt(below: values.count)]
                #expect((a < b) == (OrderedKey.key(a) < OrderedKey.key(b)), "\(a) vs \(b)")
                #expect((a == b) == (OrderedKey.key(a) == OrderedKey.key(b)), "\(a) vs \(b)")
            }
        }
        #expect(OrderedKey.key(-0.0) == OrderedKey.key(0))
        #expect(OrderedKey.value(OrderedKey.key(-0.0)).sign == .plus)
        #expect(BinaryMetrics.orderedKey(0.25) == OrderedKey.key(0.25))
    }

    /// Splits `keys` into `laneCount` contiguous lanes of random lengths.
    static func lanes(_ keys: [UInt64], _ laneCount: Int, _ g: inout SeededGenerator) -> [[UInt64]] {
        var cuts = (0..<(laneCount - 1)).map { _ in g.nextInt(below: keys.count + 1) } + [0, keys.count]
        cuts.sort()
        return (0..<laneCount).map { Array(keys[cuts[$0]..<cuts[$0 + 1]]) }
    }

    /// Checks every target against the sorted keys: the key at the rank, keys below it, keys equal to it.
    static func checkAgainstSort(_ values: [Double], ranks: [Int], digitBits: Int, laneCount: Int, _ g: inout SeededGenerator,
                                 sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let keys = values.map(OrderedKey.key)
        let sorted = keys.sorted()
        let (targets, passes) = KeySelection.select(ranks: ranks, lanes: lanes(keys, laneCount, &g), digitBits: digitBits)
        for target in targets {
            let expected = sorted[target.rank]
            let below = sorted.firstIndex(of: expected)!
            let tied = sorted.lastIndex(of: expected)! - below + 1
            #expect(target.key == expected, "rank \(target.rank)", sourceLocation: sourceLocation)
            #expect(target.countBelow == below && target.tied == tied, "rank \(target.rank)", sourceLocation: sourceLocation)
        }
        return passes
    }

    @Test("every rank of small data sets (continuous, tied, all equal, ±0, ±∞, two values) equals the sorted keys", arguments: [8, 11, 16])
    func everyRank(digitBits: Int) {
        var g = SeededGenerator(seed: UInt64(digitBits))
        let dataSets: [[Double]] = [
            (0..<300).map { _ in g.nextUniform() },
            (0..<300).map { _ in (g.nextUniform() * 1000).rounded() / 1000 },
            [Double](repeating: 0.7, count: 50),
            (0..<200).map { _ in g.nextInt(below: 2) == 0 ? -0.0 : 0.0 } + [1, -1],
            (0..<200).map { _ in Self.special[g.nextInt(below: Self.special.count)] },
            (0..<200).map { _ in g.nextInt(below: 2) == 0 ? 0.25 : 0.75 },
            (0..<300).map { _ in Double(bitPattern: g.next() & ~(0x7FF << 52) | (UInt64(g.nextInt(below: 2046)) << 52)) },
            [42],
        ]
        for values in dataSets {
            let lanes = 1 + g.nextInt(below: 4)
            _ = Self.checkAgainstSort(values, ranks: Array(values.indices), digitBits: digitBits, laneCount: lanes, &g)
        }
    }

    @Test("continuous scores need at most ⌈(64 − common prefix)/digit bits⌉ passes; 3-decimal ties resolve in ≤ 2")
    func passCounts() {
        var g = SeededGenerator(seed: 99)
        let continuous = (0..<50_000).map { _ in g.nextUniform() }
        let keys = continuous.map(OrderedKey.key)
        let common = (keys.min()! ^ keys.max()!).leadingZeroBitCount
        let ranks = (0..<20).map { _ in g.nextInt(below: continuous.count) } + [0, continuous.count - 1]
        let passes = Self.checkAgainstSort(continuous, ranks: ranks, digitBits: 11, laneCount: 3, &g)
        #expect(passes <= (64 - common + 10) / 11)
        let tied = (0..<50_000).map { _ in (g.nextUniform() * 1000).rounded() / 1000 }
        #expect(Self.checkAgainstSort(tied, ranks: ranks, digitBits: 16, laneCount: 2, &g) <= 2)
    }

    @Test("lane histograms add to the single-lane histogram, in any order")
    func histogramsMerge() {
        var g = SeededGenerator(seed: 3)
        let keys = (0..<5000).map { _ in OrderedKey.key(g.nextNormal()) }
        var whole = KeyHistogram(prefix: 1, prefixBits: 1, digitBits: 11)
        for k in keys { whole.add(k) }
        var parts = Self.lanes(keys, 5, &g).map { lane -> KeyHistogram in
            var h = KeyHistogram(prefix: 1, prefixBits: 1, digitBits: 11)
            for k in lane { h.add(k) }
            return h
        }
        g.shuffle(&parts)
        var merged = KeyHistogram(prefix: 1, prefixBits: 1, digitBits: 11)
        for p in parts { merged += p }
        #expect(merged == whole)
        #expect(whole.counts.reduce(0, +) == keys.count(where: { $0 >> 63 == 1 }), "only keys of the bucket (x ≥ 0) are counted")
    }
}
