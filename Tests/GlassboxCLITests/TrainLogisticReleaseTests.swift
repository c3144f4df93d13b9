import Foundation
import Testing
import GlassboxTestSupport

/// `train logistic` hands the table over to the design builder, which frees each column once copied into
/// the design (issue 15's memory target). The model file must be the one the build before that change
/// wrote: `Tests/Fixtures/golden/train-logistic-release-model.json` was made by that build with
///
///     SOURCE_DATE_EPOCH=1700000000 OPENBLAS_NUM_THREADS=1 glassbox train logistic --data train-logistic-release.csv \
///       --formula 'y ~ x + I(x^2) + C(g) + x:C(g) + z + C(k) + I(k * z) + I(k + 0):x' --weights w \
///       --out train-logistic-release-model.json
///
/// (missing values in x, z and g drop 29 of 400 rows; k is read by C(k), I(k * z) and I(k + 0):x).
@Suite("train logistic: the released table gives the model file of before")
struct TrainLogisticReleaseTests {
    static let formula = "y ~ x + I(x^2) + C(g) + x:C(g) + z + C(k) + I(k * z) + I(k + 0):x"

    @Test("interactions, I(…), C(…) and missing values: the model file is unchanged")
    func modelFileUnchanged() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try FileManager.default.copyItem(at: Repository.url("Tests/Fixtures/golden/train-logistic-release.csv"),
                                         to: dir.url.appendingPathComponent("train-logistic-release.csv"))
        let r = try GlassboxProcess.run(["train", "logistic", "--data", "train-logistic-release.csv", "--formula", Self.formula,
                                         "--weights", "w", "--out", "train-logistic-release-model.json"],
                                        in: dir.url, environment: ["SOURCE_DATE_EPOCH": "1700000000", "OPENBLAS_NUM_THREADS": "1"])
        try #require(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("29 of 400 rows dropped for missing values"))
        let fresh = try String(contentsOfFile: dir.path("train-logistic-release-model.json"), encoding: .utf8)
        let committed = try String(contentsOf: Repository.url("Tests/Fixtures/golden/train-logistic-release-model.json"), encoding: .utf8)
        // Every text the same and every number within 1e-12: another BLAS library or kernel
        // (OPENBLAS_CORETYPE) may change a fitted number in the last bits.
        #expect(BundledArtifactsTests.agree(fresh, committed), "first difference at character \(BundledArtifactsTests.firstDifference(fresh, committed))")
    }
}
