import Foundation
import GlassboxCore
import GlassboxLinearAlgebra
import GlassboxTabular
import Testing
@testable import GlassboxModels

@Suite("Model files")
struct ModelFileTests {
    func sampleFile(covariance: CovarianceType = .nonrobust) throws -> LogisticModelFile {
        var rng = SeededGenerator(seed: 21)
        let n = 400
        let x = (0..<n).map { _ in rng.nextNormal() }
        let g = (0..<n).map { _ in ["a", "b", "c"][rng.nextInt(below: 3)] }
        let y = (0..<n).map { i in rng.nextUniform() < 1 / (1 + exp(-(0.3 + 0.7 * x[i]))) ? 1.0 : 0.0 }
        let table = try Table(names: ["y", "x", "g"], columns: [.numeric(y), .numeric(x), .categorical(CategoricalColumn(values: g))])
        let (encoding, design) = try DesignBuilder.fit(try Formula.parse("y ~ x + C(g, ref=\"b\") + x:C(g, ref=\"b\")"), on: table)
        let model = LogisticRegression(covariance: covariance)
        let fit = try model.fit(x: design.x, y: design.response!, termNames: encoding.termNames)
        let manifest = Provenance(commandLine: ["train"], data: nil, blas: "test", environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        return LogisticModelFile(encoding: encoding, model: model, fit: fit, weights: nil, cluster: nil, manifest: manifest)
    }

    @Test("saving and loading round-trips every double bit for bit")
    func roundTrip() throws {
        let file = try sampleFile(covariance: .hc1)
        let loaded = try LogisticModelFile.load(bytes: try file.encoded(), path: "m.json")
        #expect(loaded == file)
        for (a, b) in zip(file.coefficients, loaded.coefficients) {
            #expect(a.estimate?.bitPattern == b.estimate?.bitPattern)
            #expect(a.stdError?.bitPattern == b.stdError?.bitPattern)
        }
        #expect(try loaded.encoded() == file.encoded(), "stable bytes")
    }

    @Test("the manifest time honours SOURCE_DATE_EPOCH")
    func timestamp() {
        #expect(Provenance.timestamp(environment: ["SOURCE_DATE_EPOCH": "0"]) == "1970-01-01T00:00:00Z")
        #expect(Provenance.timestamp(environment: ["SOURCE_DATE_EPOCH": "1700000000"]) == "2023-11-14T22:13:20Z")
    }

    @Test("tampered files are rejected with specific messages")
    func tampered() throws {
        let good = String(decoding: try sampleFile().encoded(), as: UTF8.self)
        func rejects(_ text: String, _ message: String) {
            #expect {
                try LogisticModelFile.load(bytes: Array(text.utf8), path: "m.json")
            } throws: { error in
                (error as? ModelError)?.description.contains(message) == true
            }
        }
        rejects(good.replacingOccurrences(of: "\"term\" : \"x\"", with: "\"term\" : \"z\""), "do not match the design encoding")
        rejects(good.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 0"), "schema version 0")
        rejects("[1, 2]", "expected a JSON object")
        rejects("{\"kind\": \"logistic\"}", "no 'schemaVersion'")
        let withoutFit = good.replacingOccurrences(of: "\"deviance\" :", with: "\"devianceX\" :")
        rejects(withoutFit, "missing field 'fit.deviance'")
        // A coefficient whose estimate was removed (null) though it is not aliased.
        let firstEstimate = try #require(good.range(of: #""estimate" : -?[0-9.e+-]+"#, options: .regularExpression))
        rejects(good.replacingCharacters(in: firstEstimate, with: "\"estimate\" : null"), "has no estimate")
    }
}
