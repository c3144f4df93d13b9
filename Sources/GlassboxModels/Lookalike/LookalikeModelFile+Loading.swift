import Foundation
import GlassboxTabular

extension LookalikeModelFile: ModelFileFormat {
    package static let knownFields: Set<String> = ["schemaVersion", "kind", "formula", "encoding", "seedColumn", "options", "fit",
                                           "warnings", "manifest"]

    /// Reads and validates a lookalike model file: JSON syntax, schema version, kind, known fields, then
    /// the structure (terms match the encoding, classifiers and similarity index are consistent and
    /// finite). Each failure names the file and the problem.
    public static func load(bytes: [UInt8], path: String) throws -> LookalikeModelFile {
        try loadValidated(bytes: bytes, path: path)
    }

    package func validate(path: String) throws {
        func fail(_ message: String) -> ModelError { .invalidModelFile("\(path): \(message)") }
        // The similarity method stores the one-hot coding of its features (every level's indicator).
        let oneHot: ((DesignEncoding) -> DesignEncoding)? = options.method == .similarity ? { SimilarityEncoding.oneHot($0) } : nil
        try ModelFileHeader.validateEncoding(formula: formula, encoding: encoding, path: path, fullCoding: oneHot)
        guard fit.method == options.method else { throw fail("the fit's method does not match the options") }
        guard fit.terms == encoding.termNames else { throw fail("the fit's terms do not match the design encoding") }
        guard ["none", "l1", "l2"].contains(options.penalty) else { throw fail("unknown penalty '\(options.penalty)'") }
        guard options.bagging >= 0, options.holdout.isFinite, options.holdout >= 0, options.holdout < 1, fit.rowCount >= 0,
              fit.seedCount >= 0, fit.seedCount <= fit.rowCount else {
            throw fail("the bagging rounds, holdout share or training counts are out of range")
        }
        guard options.lambda.isFinite && options.lambda >= 0 else { throw fail("the penalty λ is not a non-negative number") }
        if !(options.method == .pu && options.bagging == 0),
           fit.labelFrequency != nil || fit.labelFrequencyHeldOut != nil || fit.labelFrequencyStandardError != nil {
            throw fail("label frequencies belong only to a pu model without bagging")
        }
        switch options.method {
        case .logistic, .pu:
            guard !fit.classifiers.isEmpty else { throw fail("a \(options.method.rawValue) model needs at least one classifier") }
            for beta in fit.classifiers {
                guard beta.count == fit.terms.count else { throw fail("a classifier has \(beta.count) coefficients for \(fit.terms.count) terms") }
                if beta.contains(where: { $0.map { !$0.isFinite } ?? false }) { throw fail("a classifier has a non-finite coefficient") }
            }
            if options.bagging > 0 {
                guard options.method == .pu, fit.classifiers.count == options.bagging else {
                    throw fail("a bagging model needs a pu method and one classifier per round (\(options.bagging))")
                }
                if let k = options.bagSize, k < 1 { throw fail("the bag size must be at least 1, got \(k)") }
            } else if options.bagSize != nil || fit.bagSize != nil || fit.rowsNeverOutOfBag != nil {
                throw fail("a bag size belongs only to a bagging model")
            }
            if options.method == .pu && options.bagging == 0 {
                guard let c = fit.labelFrequency, c > 0, c <= 1 else { throw fail("a pu model needs a label frequency ĉ in (0, 1]") }
                if let e1 = fit.labelFrequencyHeldOut, !(e1 > 0 && e1 <= 1) {
                    throw fail("the held-out label frequency labelFrequencyHeldOut must be in (0, 1], got \(e1)")
                }
                if let se = fit.labelFrequencyStandardError, !(se.isFinite && se >= 0) {
                    throw fail("labelFrequencyStandardError must be a non-negative number, got \(se)")
                }
            }
        case .similarity:
            guard let index = fit.similarity else { throw fail("a similarity model has no similarity index") }
            let p = index.columns.count
            guard p > 0, index.features.count == p, index.means.count == p, index.scales.count == p, index.centroid.count == p,
                  index.columns.allSatisfy({ $0 >= 0 && $0 < fit.terms.count }) else {
                throw fail("the similarity index's feature lists do not agree")
            }
            if index.coding == .oneHot && !SimilarityEncoding.isOneHot(encoding) {
                throw fail("the similarity index says its features are one-hot coded, but the design encoding is not (was it edited?)")
            }
            guard index.features == index.columns.map({ fit.terms[$0] }) else {
                throw fail("the similarity index's feature names are not the design columns it indexes")
            }
            guard index.scales.allSatisfy({ $0.isFinite && $0 > 0 }), index.means.allSatisfy(\.isFinite) else {
                throw fail("the similarity index has an invalid mean or scale")
            }
            if let k = index.k {
                let (size, overflow) = index.seedCount.multipliedReportingOverflow(by: p)
                guard k >= 1, k <= index.seedCount, !overflow, index.seeds.count == size, index.seeds.allSatisfy(\.isFinite) else {
                    throw fail("the similarity index's seed vectors do not match K = \(k) and \(index.seedCount) seeds")
                }
            }
        }
    }
}
