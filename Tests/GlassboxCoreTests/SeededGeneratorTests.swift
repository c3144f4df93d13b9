import Testing
@testable import GlassboxCore

@Suite("Seeded randomness and the normal distribution")
struct SeededGeneratorTests {
    @Test("the same seed gives the same stream; streams and seeds differ")
    func determinism() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xs = (0..<100).map { _ in a.next() }
        #expect(xs == (0..<100).map { _ in b.next() })
        #expect(xs != (0..<100).map { _ in c.next() })
        var s1 = SeededGenerator(seed: 42, stream: 1), s2 = SeededGenerator(seed: 42, stream: 2)
        #expect(s1.next() != s2.next())
    }

    @Test("uniform draws lie in [0, 1) with mean ½; nextInt is unbiased and in range; shuffle is a permutation")
    func draws() {
        var g = SeededGenerator(seed: 7)
        var sum = 0.0
        for _ in 0..<100_000 {
            let u = g.nextUniform()
            #expect(u >= 0 && u < 1)
            sum += u
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.005)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[g.nextInt(below: 7)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
        var values = Array(0..<1000)
        g.shuffle(&values)
        #expect(values.sorted() == Array(0..<1000) && values != Array(0..<1000))
    }

    @Test("normal draws have mean 0 and variance 1")
    func normal() {
        var g = SeededGenerator(seed: 3)
        let xs = (0..<200_000).map { _ in g.nextNormal() }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        #expect(abs(mean) < 0.01 && abs(variance - 1) < 0.01)
    }

    @Test("normal quantile and tail probabilities match known values (scipy.stats.norm)")
    func quantiles() {
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-15)
        #expect(abs(NormalDistribution.quantile(0.5)) < 1e-16)
        #expect(abs(NormalDistribution.quantile(1e-10) - -6.361340902404056) < 1e-12)
        #expect(abs(NormalDistribution.cdf(1.959963984540054) - 0.975) < 1e-15)
        #expect(abs(NormalDistribution.twoSidedPValue(3) - 0.0026997960632601866) < 1e-17)
        for p in stride(from: 0.001, to: 1.0, by: 0.0137) {
            #expect(abs(NormalDistribution.cdf(NormalDistribution.quantile(p)) - p) < 1e-14)
        }
    }
}
