import Foundation

/// What `inspect` shows of a lookalike model, as a value: method and options, training counts, the
/// labelling rate ĉ for `pu`, the coefficients for `logistic` / `pu` (``LookalikeFit/meanCoefficients``:
/// the mean over rounds when bagged, as scoring averages the rounds' scores) and, for `similarity`,
/// the standardisation of every feature. The model file keeps no covariance, so there are no
/// standard errors (ĉ's is stored and shown). Its JSON encoding is `inspect --format json`; the text
/// and Markdown renderings live in GlassboxReport.
public struct LookalikeInspection: Sendable, Encodable {
    /// A coefficient without a covariance: the estimate and its odds ratio, both nil for an aliased term.
    public struct Coefficient: Sendable, Encodable {
        public var term: String
        public var estimate: Double?
        public var oddsRatio: Double?
    }

    /// A standardised `similarity` feature: z = (x − mean) / scale.
    public struct Feature: Sendable, Encodable {
        public var feature: String
        public var mean: Double
        public var scale: Double
    }

    public var kind: String
    public var formula: String
    public var seedColumn: String
    public var options: LookalikeModelFile.Options
    /// Training rows and seeds among them.
    public var rows: Int
    public var seeds: Int
    public var labelFrequency: Double?
    public var labelFrequencyStandardError: Double?
    public var positiveShare: Double?
    public var rowsNeverOutOfBag: Int?
    /// Empty for `similarity`.
    public var coefficients: [Coefficient]
    /// `similarity`: "seed centroid" or "mean of the K nearest seeds".
    public var similarityTo: String?
    /// Empty unless `similarity`.
    public var features: [Feature]
    public var warnings: [String]
    public var manifest: ModelManifest

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
        coefficients = zip(fit.terms, fit.meanCoefficients).map { Coefficient(term: $0, estimate: $1, oddsRatio: $1.map { exp($0) }) }
        similarityTo = fit.similarity.map { index in index.k.map { "mean of the \($0) nearest seeds" } ?? "seed centroid" }
        features = fit.similarity.map { index in
            index.features.indices.map { Feature(feature: index.features[$0], mean: index.means[$0], scale: index.scales[$0]) }
        } ?? []
        warnings = file.warnings
        manifest = file.manifest
    }
}
