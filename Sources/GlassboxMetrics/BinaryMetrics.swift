#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Metrics of a score against a binary outcome, with optional case weights, defined as
/// scikit-learn defines them so numbers can be checked against it.
public enum BinaryMetrics {
    /// Area under the ROC curve, ties counted one half (Mann–Whitney):
    /// AUC = Σ_{i∈pos} Σ_{j∈neg} wᵢwⱼ [1(sᵢ > sⱼ) + ½·1(sᵢ = sⱼ)] / (W₊ W₋),
    /// equal to scikit-learn's `roc_auc_score(y, s, sample_weight=w)`. O(n log n).
    /// Returns nil when either class has zero weight (AUC is undefined).
    public static func auc(scores: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double? {
        let n = scores.count
        precondition(outcomes.count == n && (weights?.count ?? n) == n, "lengths differ")
        let order = (0..<n).sorted { scores[$0] < scores[$1] }
        var negativeBelow = 0.0, numerator = 0.0, totalPositive = 0.0
        var i = 0
        while i < n {
            var j = i, positive = 0.0, negative = 0.0
            let s = scores[order[i]]
            while j < n && scores[order[j]] == s {
                let k = order[j]
                let w = weights?[k] ?? 1
                if outcomes[k] == 1 { positive += w } else { negative += w }
                j += 1
            }
            numerator += positive * (negativeBelow + 0.5 * negative)
            negativeBelow += negative
            totalPositive += positive
            i = j
        }
        guard totalPositive > 0, negativeBelow > 0 else { return nil }
        return numerator / (totalPositive * negativeBelow)
    }

    /// Weighted mean log loss −Σ wᵢ[yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] / Σ wᵢ with pᵢ clipped to
    /// [ε, 1 − ε], ε = machine epsilon, as scikit-learn's `log_loss`.
    public static func logLoss(probabilities: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double {
        let eps = Double.ulpOfOne
        var total = 0.0, weight = 0.0
        for i in probabilities.indices {
            let p = min(max(probabilities[i], eps), 1 - eps)
            let w = weights?[i] ?? 1
            total -= w * (outcomes[i] == 1 ? log(p) : log1p(-p))
            weight += w
        }
        return total / weight
    }

    /// Weighted Brier score Σ wᵢ(yᵢ − pᵢ)² / Σ wᵢ (scikit-learn's `brier_score_loss`).
    public static func brier(probabilities: [Double], outcomes: [Double], weights: [Double]? = nil) -> Double {
        var total = 0.0, weight = 0.0
        for i in probabilities.indices {
            let d = outcomes[i] - probabilities[i]
            let w = weights?[i] ?? 1
            total += w * d * d
            weight += w
        }
        return total / weight
    }

    /// Weighted accuracy of the decisions `score ≥ threshold` (scikit-learn's `accuracy_score`).
    public static func accuracy(scores: [Double], outcomes: [Double], threshold: Double = 0.5, weights: [Double]? = nil) -> Double {
        var correct = 0.0, weight = 0.0
        for i in scores.indices {
            let w = weights?[i] ?? 1
            if (scores[i] >= threshold ? 1.0 : 0.0) == outcomes[i] { correct += w }
            weight += w
        }
        return correct / weight
    }
}
