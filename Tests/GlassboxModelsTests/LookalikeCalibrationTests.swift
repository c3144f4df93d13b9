import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxMetrics
import GlassboxTabular
import Testing
@testable import GlassboxModels

@Suite("Lookalike pu: the scaled-logistic (SCAR) model recovers c and gives calibrated probabilities")
struct LookalikeCalibrationTests {
    static let terms = ["(Intercept)", "x1", "x2"]

    /// Independent SCAR log-likelihood, one row at a time: Σ s·log(cσ) + (1 − s)·log(1 − cσ).
    static func logLikelihood(_ x: Matrix, _ s: [Bool], beta: [Double], c: Double) -> Double {
        var total = 0.0
        for i in 0..<x.rows {
            var eta = 0.0
            for j in 0..<x.columns { eta += x[i, j] * beta[j] }
            let q = c / (1 + exp(-eta))
            total += s[i] ? log(q) : log1p(-q)
        }
        return total
    }

    @Test("planted c = 0.3, 100k rows: ĉ within 3 SE, e₁ as predicted, calibrated deciles, AUC at the Bayes rate")
    func planted() throws {
        let c = 0.3
        let data = PlantedPU(rows: 100_000, c: c, seed: 7)
        let model = LookalikeModel(method: .pu, holdout: 0.3, randomSeed: 3)
        let fit = try model.fit(x: data.x, termNames: Self.terms, interceptIndex: 0, seeds: data.seeds)
        #expect(fit.warnings.isEmpty, "\(fit.warnings)")
        let cHat = try #require(fit.labelFrequency)
        let se = try #require(fit.labelFrequencyStandardError)
        #expect(se > 0 && se < 0.01, "SE(ĉ) = \(se)")
        #expect(abs(cHat - c) < 3 * se, "ĉ = \(cHat) ± \(se)")

        // Elkan–Noto's e₁, the mean of ĝ = ĉ·σ(xβ̂) over the held-out seeds, estimates c·E[P(y = 1 | x) | y = 1]
        // (below c here, where the classes overlap a little). Its SE combines the spread of ĝ over those seeds
        // (sd/√n_h) with the estimation error of ĝ, dominated by that of ĉ (σ ≈ 1 on most seeds).
        var rng = SeededGenerator(seed: 3)
        let held = LookalikeModel.stratifiedSplit(data.seeds, share: 0.3, rng: &rng).1.filter { data.seeds[$0] }
        let beta = fit.classifiers[0].map { $0 ?? 0 }
        let g = LogisticRegression.linearPredictor(x: LookalikeModel.rows(data.x, held), beta: beta).map { cHat * logistic($0) }
        let e1 = try #require(fit.labelFrequencyHeldOut)
        #expect(abs(e1 - g.reduce(0, +) / Double(g.count)) < 1e-12)
        let variance = g.map { ($0 - e1) * ($0 - e1) }.reduce(0, +) / Double(g.count - 1)
        let seE1 = (se * se + variance / Double(g.count)).squareRoot()
        let positives = data.y.indices.filter { data.y[$0] == 1 }
        let e1Target = c * positives.reduce(0.0) { $0 + data.truth[$1] } / Double(positives.count)
        #expect(abs(e1 - e1Target) < 3 * seE1, "e₁ = \(e1) ± \(seE1), c·E[P(y=1|x) | y=1] = \(e1Target)")
        #expect(try #require(fit.positiveShare) == Double(data.seeds.filter { $0 }.count) / Double(data.seeds.count) / cHat)

        // Calibration against the true P(positive | x), by deciles of the score.
        let p = try fit.score(data.x)
        #expect(p.allSatisfy { $0 >= 0 && $0 <= 1 })
        let order = p.indices.sorted { p[$0] < p[$1] }
        var errors = [Double]()
        for d in 0..<10 {
            let slice = order[(d * order.count / 10)..<((d + 1) * order.count / 10)]
            let meanScore = slice.reduce(0.0) { $0 + p[$1] } / Double(slice.count)
            let meanTruth = slice.reduce(0.0) { $0 + data.truth[$1] } / Double(slice.count)
            errors.append(abs(meanScore - meanTruth))
        }
        let mace = errors.reduce(0, +) / 10
        #expect(mace < 0.02, "mean absolute calibration error \(mace), by decile \(errors)")
        // Slope of the least-squares line of the true probability on the score.
        let n = Double(p.count)
        let meanP = p.reduce(0, +) / n, meanT = data.truth.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in p.indices { sxy += (p[i] - meanP) * (data.truth[i] - meanT); sxx += (p[i] - meanP) * (p[i] - meanP) }
        #expect(abs(sxy / sxx - 1) < 0.1, "calibration slope \(sxy / sxx)")
        #expect(abs(meanP - meanT) < 0.01, "mean score \(meanP) vs mean P(positive | x) \(meanT)")

        let bayes = try #require(BinaryMetrics.auc(scores: data.truth, outcomes: data.y))
        let recovered = try #require(BinaryMetrics.auc(scores: p, outcomes: data.y))
        #expect(abs(bayes - recovered) < 0.005, "AUC \(recovered) vs Bayes \(bayes)")
        #expect(fit.heldOutSeeds == held.count)
    }

    @Test("the ML fit is a maximum of an independently coded SCAR likelihood; its SE matches a numerical Hessian")
    func stationary() throws {
        // Overlapping classes (μ = 0.6) and c = 0.5, so c is identified only through the model's shape.
        let data = PlantedPU(rows: 8_000, c: 0.5, prior: 0.5, mu: 0.6, seed: 21)
        let y = data.seeds.map { $0 ? 1.0 : 0.0 }
        let start = try LogisticRegression().fit(x: data.x, y: y, termNames: Self.terms, responseName: "s")
        let (beta, fit) = try LookalikeModel.scaledLogistic(x: data.x, y: y, start: LookalikeModel.coefficients(start), penalty: .none,
                                                            hasIntercept: true)
        #expect(fit.converged)
        let phi = beta.map { $0! } + [log(fit.labelFrequency / (1 - fit.labelFrequency))]
        func ell(_ v: [Double]) -> Double { Self.logLikelihood(data.x, data.seeds, beta: Array(v.prefix(3)), c: 1 / (1 + exp(-v[3]))) }
        #expect(abs(ell(phi) - fit.logLikelihood) < 1e-8 * abs(fit.logLikelihood))
        let h = 1e-4
        var hessian = Matrix(rows: 4, columns: 4)
        for j in 0..<4 {
            var up = phi, down = phi
            up[j] += h; down[j] -= h
            let gradient = (ell(up) - ell(down)) / (2 * h)
            #expect(abs(gradient) < 1e-4, "∂ℓ/∂φ\(j) = \(gradient)")
            for k in 0..<4 {
                var pp = phi, pm = phi, mp = phi, mm = phi
                pp[j] += h; pp[k] += h; pm[j] += h; pm[k] -= h; mp[j] -= h; mp[k] += h; mm[j] -= h; mm[k] -= h
                hessian[j, k] = -(ell(pp) - ell(pm) - ell(mp) + ell(mm)) / (4 * h * h)
            }
        }
        let inverse = try Cholesky(hessian).inverse()
        let c = fit.labelFrequency
        let numericSE = c * (1 - c) * inverse[3, 3].squareRoot()
        #expect(abs(fit.labelFrequencyStandardError / numericSE - 1) < 1e-3, "SE \(fit.labelFrequencyStandardError) vs \(numericSE)")
        #expect(abs(c - 0.5) < 3 * fit.labelFrequencyStandardError, "ĉ = \(c) ± \(fit.labelFrequencyStandardError)")
    }

    @Test("a pu model file keeps ĉ and e₁, rejects a tampered one, and an older file without it scores g/ĉ")
    func modelFile() throws {
        let data = PlantedPU(rows: 4_000, c: 0.4, seed: 5)
        let model = LookalikeModel(method: .pu, randomSeed: 9)
        let fit = try model.fit(x: data.x, termNames: Self.terms, interceptIndex: 0, seeds: data.seeds)
        let encoding = try DesignBuilder.fit(try Formula.parse("~ x1 + x2"),
                                             on: try Table(names: ["x1", "x2"], columns: [.numeric(data.x.column(1)), .numeric(data.x.column(2))])).0
        let file = LookalikeModelFile(encoding: encoding, seedColumn: "s", model: model, fit: fit,
                                      manifest: Provenance(commandLine: [], data: nil, blas: "test", environment: ["SOURCE_DATE_EPOCH": "0"]))
        let bytes = try file.encoded()
        let loaded = try LookalikeModelFile.load(bytes: bytes, path: "m.json")
        #expect(loaded == file)
        let e1 = try #require(fit.labelFrequencyHeldOut)
        let cML = try #require(fit.labelFrequency)
        let text = String(decoding: bytes, as: UTF8.self)
        let tampered = text.replacingOccurrences(of: "\"labelFrequencyHeldOut\" : \(e1)", with: "\"labelFrequencyHeldOut\" : 1.5")
        #expect(tampered != text)
        #expect(throws: ModelError.self) { try LookalikeModelFile.load(bytes: Array(tampered.utf8), path: "m.json") }
        // Scores are σ(xβ̂) = ĝ/ĉ.
        let eta = LogisticRegression.linearPredictor(x: data.x, beta: fit.classifiers[0].map { $0 ?? 0 })
        let scores = try loaded.fit.score(data.x)
        for i in stride(from: 0, to: data.x.rows, by: 97) {
            #expect(abs(scores[i] - min(1, cML * logistic(eta[i]) / cML)) < 1e-12)
        }
        // A file written before the scaled-logistic model: no labelFrequencyHeldOut, g/ĉ clipped.
        var legacy = fit
        legacy.labelFrequencyHeldOut = nil
        legacy.labelFrequencyStandardError = nil
        let c = try #require(legacy.labelFrequency)
        let legacyScores = try legacy.score(data.x)
        for i in stride(from: 0, to: data.x.rows, by: 97) {
            #expect(abs(legacyScores[i] - min(1, logistic(eta[i]) / c)) < 1e-12)
        }
        var wrong = file
        wrong.options.method = .logistic
        wrong.fit.method = .logistic
        #expect(throws: ModelError.self) { try LookalikeModelFile.load(bytes: try wrong.encoded(), path: "m.json") }
    }

    @Test("pu supports no L1 penalty; an L2 penalty shrinks the slopes")
    func penalties() throws {
        let data = PlantedPU(rows: 5_000, c: 0.3, seed: 13)
        #expect(throws: ModelError.self) {
            try LookalikeModel(method: .pu, penalty: .l1(1)).fit(x: data.x, termNames: Self.terms, interceptIndex: 0, seeds: data.seeds)
        }
        let plain = try LookalikeModel(method: .pu).fit(x: data.x, termNames: Self.terms, interceptIndex: 0, seeds: data.seeds)
        let ridge = try LookalikeModel(method: .pu, penalty: .l2(200)).fit(x: data.x, termNames: Self.terms, interceptIndex: 0, seeds: data.seeds)
        for j in 1...2 { #expect(abs(ridge.classifiers[0][j]!) < abs(plain.classifiers[0][j]!)) }
    }
}
