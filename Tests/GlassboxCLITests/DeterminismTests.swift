import Foundation
import Testing
import GlassboxTestSupport

/// Same inputs, options, seed and `SOURCE_DATE_EPOCH` give byte-identical outputs, whatever the
/// number of BLAS threads. Every run happens in its own directory with the same relative paths, so
/// the manifests (which record the command line and data path) can be compared byte for byte.
@Suite("glassbox determinism", .serialized)
struct DeterminismTests {
    static let outputs = ["voters.csv", "m.json", "e.json", "a.json", "s.csv"]

    /// simulate → train logistic → explain (permutation importance, PD, SHAP, proxies) → audit with
    /// a bootstrap → score, with the environment given; returns each output's bytes.
    func pipeline(_ environment: [String: String]) throws -> [String: Data] {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let env = environment.merging(["SOURCE_DATE_EPOCH": "1700000000"]) { a, _ in a }
        let steps: [[String]] = [
            ["simulate", "--rows", "30000", "--seed", "11", "--out", "voters.csv"],
            ["train", "logistic", "--data", "voters.csv", "--formula", "voted_2024 ~ age + I(age^2) + female + C(race) + voted_2020 + party + log(income)",
             "--weights", "weight", "--robust", "hc1", "--out", "m.json"],
            ["explain", "m.json", "--data", "voters.csv", "--repeats", "3", "--seed", "7", "--pd", "age", "--shap", "--protected", "county",
             "--format", "json", "--out", "e.json"],
            ["audit", "--data", "voters.csv", "--model", "m.json", "--outcome", "voted_2024", "--group", "race", "--group", "female", "--intersect",
             "--bootstrap", "200", "--seed", "3", "--format", "json", "--out", "a.json"],
            ["score", "m.json", "--data", "voters.csv", "--id", "voter_id", "--out", "s.csv"],
        ]
        for step in steps {
            let r = try GlassboxProcess.run(step, in: scratch.url, environment: env)
            try #require(r.status == 0, "\(step.prefix(2)): \(r.stderr)")
        }
        var bytes = [String: Data]()
        for name in Self.outputs { bytes[name] = try Data(contentsOf: URL(fileURLWithPath: scratch.path(name))) }
        return bytes
    }

    @Test("two runs with the same seed and SOURCE_DATE_EPOCH are byte-identical; so are 1 and 2 BLAS threads")
    func identical() throws {
        let one = try pipeline(["OPENBLAS_NUM_THREADS": "1"])
        let again = try pipeline(["OPENBLAS_NUM_THREADS": "1"])
        let two = try pipeline(["OPENBLAS_NUM_THREADS": "2"])
        for name in Self.outputs {
            let reference = try #require(one[name])
            #expect(reference.count > 100, "\(name) is not empty")
            #expect(again[name] == reference, "\(name) differs between two identical runs")
            #expect(two[name] == reference, "\(name) differs between OPENBLAS_NUM_THREADS=1 and 2")
        }
    }

    @Test("a different seed changes the seeded outputs (the check above is not vacuous)")
    func seedMatters() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let env = ["SOURCE_DATE_EPOCH": "1700000000"]
        for seed in ["1", "2"] {
            try #require(try GlassboxProcess.run(["simulate", "--rows", "2000", "--seed", seed, "--out", "v\(seed).csv"], in: scratch.url, environment: env).status == 0)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("v1.csv"))) != Data(contentsOf: URL(fileURLWithPath: scratch.path("v2.csv"))))
    }
}
