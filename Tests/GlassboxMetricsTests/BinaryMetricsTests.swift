import Testing
@testable import GlassboxMetrics

@Suite("Binary metrics")
struct BinaryMetricsTests {
    @Test("AUC counts ties one half and equals the pairwise definition")
    func aucPairwise() throws {
        let s: [Double] = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2]
        let y: [Double] = [0, 0, 1, 1, 1, 0, 1, 0]
        let w: [Double] = [1, 2, 1, 0.5, 3, 1, 1, 2]
        var num = 0.0, pos = 0.0, neg = 0.0
        for i in s.indices where y[i] == 1 { pos += w[i] }
        for i in s.indices where y[i] == 0 { neg += w[i] }
        for i in s.indices where y[i] == 1 {
            for j in s.indices where y[j] == 0 {
                num += w[i] * w[j] * (s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0)
            }
        }
        let auc = try #require(BinaryMetrics.auc(scores: s, outcomes: y, weights: w))
        #expect(abs(auc - num / (pos * neg)) < 1e-15)
        #expect(BinaryMetrics.auc(scores: [1, 2], outcomes: [1, 1]) == nil)
        #expect(BinaryMetrics.auc(scores: [1, 1, 1, 1], outcomes: [1, 0, 1, 0]) == 0.5)
    }

    @Test("log loss, Brier and accuracy on a hand-checked example")
    func others() {
        let p: [Double] = [0.9, 0.2, 0.6, 0.0]
        let y: [Double] = [1, 0, 0, 0]
        #expect(abs(BinaryMetrics.brier(probabilities: p, outcomes: y) - (0.01 + 0.04 + 0.36 + 0) / 4) < 1e-15)
        let expected = -(log(0.9) + log(0.8) + log(0.4) + log1p(-Double.ulpOfOne)) / 4
        #expect(abs(BinaryMetrics.logLoss(probabilities: p, outcomes: y) - expected) < 1e-15)
        #expect(BinaryMetrics.accuracy(scores: p, outcomes: y) == 0.75)
    }
}

#if canImport(Glibc)
import Glibc
#endif
