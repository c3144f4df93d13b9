import Foundation
import GlassboxCore

/// What `inspect` shows of a lookalike model, as a value: method and options, training counts, the
/// labelling rate ĉ for `pu`, the coefficients for `logistic` / `pu` (``LookalikeModelFile/classifiers``' means:
/// the mean over rounds when bagged, as scoring averages the rounds' scores) and, for `similarity`,
/// the standardisation of every feature. The model file keeps no covariance, so there are no
/// standard errors (ĉ's is stored and shown). Its JSON encoding is `inspect --format json`; the text
/// and Markdown renderings live in GlassboxReport.
public struct LookalikeInspection: Sendable, Encodable {
    /// A standardised `similarity` feature as JSON: z = (x − mean) / scale.
    package struct Feature: Sendable, Encodable {
        /// The one-hot or numeric feature column.
        package var feature: String
        /// Its training mean.
        package var mean: Double
        /// Its training standard deviation.
        package var scale: Double
    }

    /// The model file's kind, `"lookalike"`.
    public var kind: String
    /// The feature formula (`~ a + b`).
    public var formula: String
    /// The seed column the model was trained on.
    public var seedColumn: String
    /// Method, penalty, K, bagging, hold-out share and random seed.
    package var options: LookalikeModelFile.Options
    /// Training rows.
    public var rows: Int
    /// Seeds among the training rows.
    public var seeds: Int
    /// `pu`: ĉ, the labelling rate P(on the list | positive) (maximum likelihood of P(s = 1 | x) = c·σ(xᵀβ)).
    public var labelFrequency: Double?
    /// `pu`: the delta-method standard error of ĉ.
    public var labelFrequencyStandardError: Double?
    /// `pu`: the implied share of positives P(s = 1)/ĉ.
    public var positiveShare: Double?
    /// Bagging `pu`: non-seed rows drawn in every round (no out-of-bag score).
    public var rowsNeverOutOfBag: Int?
    /// `pu`: Elkan & Noto's e₁, the mean of ĝ(x) = ĉ·σ(xᵀβ̂) over the held-out seeds (a diagnostic: well
    /// below ĉ means the classes overlap). Not part of the JSON.
    public var labelFrequencyHeldOut: Double?
    /// `pu`: seeds held out to estimate ĉ. Not part of the JSON.
    public var heldOutSeeds: Int?
    /// Bagging `pu`: K, the non-seed rows drawn in each round. Not part of the JSON.
    public var bagSize: Int?
    /// Empty for `similarity`.
    public var coefficients: [CoefficientEstimate]
    /// `similarity`: "seed centroid" or "mean of the K nearest seeds".
    public var similarityTo: String?
    /// `similarity`: every standardised feature z = (x − mean) / scale (the one-hot or numeric feature
    /// column, its training mean and its training standard deviation); empty for the other methods.
    public var features: [(feature: String, mean: Double, scale: Double)] {
        standardisedFeatures.map { (feature: $0.feature, mean: $0.mean, scale: $0.scale) }
    }
    /// ``features`` as written to JSON.
    package var standardisedFeatures: [Feature]
    /// The fit's warnings.
    public var warnings: [String]
    /// Where the model came from.
    public var manifest: Provenance

    /// The fields of `inspect --format json` (the held-out diagnostics and the bag size are shown by
    /// `train lookalike` only).
    enum CodingKeys: String, CodingKey {
        case kind, formula, seedColumn, options, rows, seeds, labelFrequency, labelFrequencyStandardError, positiveShare,
             rowsNeverOutOfBag, coefficients, similarityTo, warnings, manifest
        case standardisedFeatures = "features"
    }

    /// The inspection of a model file.
    public init(_ file: LookalikeModelFile) {
        let fit = file.fit
        kind = file.kind
        formula = file.formula
        seedColumn = file.seedColumn
        options = file.options
        rows = fit.rowCount
        seeds = fit.seedCount
        labelFrequency = fit.labelFrequency
        labelFrequencyStandardError = fit.labelFrequencyStandardError
        positiveShare = fit.positiveShare
        rowsNeverOutOfBag = fit.rowsNeverOutOfBag
        labelFrequencyHeldOut = fit.labelFrequencyHeldOut
        heldOutSeeds = fit.heldOutSeeds
        bagSize = fit.bagSize
        coefficients = zip(fit.terms, fit.meanCoefficients).map { CoefficientEstimate(term: $0, estimate: $1, oddsRatio: $1.map { exp($0) }) }
        similarityTo = fit.similarity.map { index in index.k.map { "mean of the \($0) nearest seeds" } ?? "seed centroid" }
        standardisedFeatures = fit.similarity.map { index in
            index.features.indices.map { Feature(feature: index.features[$0], mean: index.means[$0], scale: index.scales[$0]) }
        } ?? []
        warnings = file.warnings
        manifest = file.manifest
    }
}
