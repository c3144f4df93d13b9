import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxMetrics

/// How well a lookalike method recovers seed members it was not shown.
///
/// A seeded share `holdout` of the seeds is relabelled as ordinary rows; the model is refitted on the
/// remaining seeds; every row that is not a training seed (the held-out seeds plus the rest) is a
/// candidate and is scored. Reported: the AUC of held-out seeds (1) against the other candidates (0),
/// ties counting one half (scikit-learn's `roc_auc_score`); with the audience = the top `size` share of
/// candidates (⌈size · candidates⌉ rows, ties broken by row order), precision = held-out seeds in
/// the audience / audience size, recall = held-out seeds in the audience / held-out seeds, and
/// lift = precision / (held-out seeds / candidates), the gain over a random audience of the same size.
/// The unlabelled rows contain unlisted positives, so these are lower bounds on recovery of true positives.
/// For bagging PU the candidates are scored out of bag (each by the rounds that did not draw it):
/// a classifier never scores a row it was trained on as a negative.
public struct LookalikeEvaluation: Sendable, Equatable, Codable {
    public var heldOutSeeds: Int
    public var trainingSeeds: Int
    public var candidates: Int
    public var audienceSize: Int
    public var auc: Double?
    public var precisionAtSize: Double
    public var recallAtSize: Double
    public var lift: Double
    public var baseRate: Double

    /// `progress` hears of the refit (bagging rounds or Newton iterations).
    package static func run(_ model: LookalikeModel, x: Matrix, termNames: [String], interceptIndex: Int?, seeds: [Bool],
                           holdout: Double, size: Double, seed: UInt64, progress: ProgressObserver? = nil) throws -> LookalikeEvaluation {
        guard holdout > 0, holdout < 1 else { throw ModelError.invalidSetting("\(parameter: .holdout) must be in (0, 1), got \(holdout)") }
        guard size > 0, size <= 1 else { throw ModelError.invalidSetting("\(parameter: .size) must be in (0, 1], got \(size)") }
        var rng = SeededGenerator(seed: seed, stream: 0x10_0C_A1)
        var seedRows = seeds.indices.filter { seeds[$0] }
        rng.shuffle(&seedRows)
        let heldCount = Int((holdout * Double(seedRows.count)).rounded())
        guard heldCount >= 1, heldCount < seedRows.count else {
            throw ModelError.tooFewSeedsToHoldOut(seeds: seedRows.count, share: holdout)
        }
        var training = seeds
        var held = [Bool](repeating: false, count: seeds.count)
        for i in seedRows.prefix(heldCount) { training[i] = false; held[i] = true }
        // Candidates are training rows of the refit (unlabelled there): bagging PU scores them out of bag.
        let scores = try model.fitWithTrainingScores(x: x, termNames: termNames, interceptIndex: interceptIndex, seeds: training,
                                                     progress: progress).training.scores
        let candidates = seeds.indices.filter { !training[$0] }
        let candidateScores = candidates.map { scores[$0] }
        let labels = candidates.map { held[$0] ? 1.0 : 0.0 }
        let audience = Self.topShare(candidateScores, share: size)
        var hits = 0
        for k in audience where held[candidates[k]] { hits += 1 }
        let precision = Double(hits) / Double(audience.count)
        let base = Double(heldCount) / Double(candidates.count)
        return LookalikeEvaluation(heldOutSeeds: heldCount, trainingSeeds: seedRows.count - heldCount, candidates: candidates.count,
                                   audienceSize: audience.count, auc: BinaryMetrics.auc(scores: candidateScores, outcomes: labels),
                                   precisionAtSize: precision, recallAtSize: Double(hits) / Double(heldCount),
                                   lift: precision / base, baseRate: base)
    }

    /// Indices of the top ⌈share · n⌉ scores (NaN never selected), highest first, ties by index.
    package static func topShare(_ scores: [Double], share: Double) -> [Int] {
        let valid = scores.indices.filter { !scores[$0].isNaN }
        let count = min(valid.count, Int((share * Double(valid.count)).rounded(.up)))
        let order = valid.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return Array(order.prefix(count))
    }
}
