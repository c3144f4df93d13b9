import Testing
@testable import GlassboxTabular

/// The vectorised NaN / non-finite count equals the value-by-value count for every length around the
/// vector width and every placement of NaN, ±∞, ±0 and ordinary values.
@Suite struct NonFiniteCountTests {
    @Test func vectorCountsEqualScalarCounts() {
        let pool: [Double] = [1, .nan, .infinity, -.infinity, 0, -0.0, 2.5, -1e308, .nan]
        for n in 0..<14 {
            for shift in 0..<pool.count {
                let values = (0..<n).map { pool[($0 * 5 + shift) % pool.count] }
                let expected = (values.filter(\.isNaN).count, values.filter { !$0.isFinite }.count)
                let counted = values.withUnsafeBufferPointer { DesignBuilder.nonFiniteCounts($0) }
                #expect(counted.missing == expected.0 && counted.nonFinite == expected.1, "n = \(n), shift = \(shift)")
            }
        }
    }
}
