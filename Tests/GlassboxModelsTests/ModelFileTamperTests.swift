import Foundation
import GlassboxTabular
import Testing
@testable import GlassboxModels
import GlassboxTestSupport

/// Model files edited by hand or by an attacker (issue 13): every kind's loader checks that the formula text is
/// the encoding's formula and that the encoding is exactly what that formula and its factor codings make (so no
/// index read from the file is out of range and no design column is renamed or dropped), that covariances are
/// proper, and that the JSON has no repeated key and no absurd nesting. Each case starts from a bundled model.
@Suite("Tampered model files")
struct ModelFileTamperTests {
    static let models = Repository.url("models")

    enum Kind { case logistic, uplift, lookalike }

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: models.appendingPathComponent(name))) }

    static func load(_ kind: Kind, _ bytes: [UInt8]) throws {
        switch kind {
        case .logistic: _ = try LogisticModelFile.load(bytes: bytes, path: "m.json")
        case .uplift: _ = try UpliftModelFile.load(bytes: bytes, path: "m.json")
        case .lookalike: _ = try LookalikeModelFile.load(bytes: bytes, path: "m.json")
        }
    }

    static let files: [(String, Kind)] = [("turnout-simulated.json", .logistic), ("support-simulated.json", .logistic),
                                          ("turnout-social-pressure.json", .logistic), ("persuasion-social-pressure.json", .uplift),
                                          ("lookalike-simulated.json", .lookalike)]

    /// The file after `edit` changed its JSON object (re-serialised by Foundation).
    static func edited(_ name: String, _ edit: (inout [String: Any]) throws -> Void) throws -> [UInt8] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes(name))) as? [String: Any])
        try edit(&object)
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    /// Expects `bytes` to be refused with a message containing `message`.
    static func expectRefused(_ kind: Kind, _ bytes: [UInt8], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try load(kind, bytes)
            Issue.record("accepted; expected an error containing '\(message)'", sourceLocation: sourceLocation)
        } catch {
            #expect("\(error)".contains(message), "\(error)", sourceLocation: sourceLocation)
            #expect("\(error)".hasPrefix("invalid model file: m.json"), "\(error)", sourceLocation: sourceLocation)
        }
    }

    static func encoding(_ object: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var e = object["encoding"] as! [String: Any]
        edit(&e)
        object["encoding"] = e
    }

    @Test("every bundled model still loads (and so does its JSON re-serialised)", arguments: files)
    func bundledLoad(_ file: (String, Kind)) throws {
        try Self.load(file.1, try Self.bytes(file.0))
        try Self.load(file.1, try Self.edited(file.0) { _ in })
    }

    @Test("a formula that differs from the encoding's (Python code for the notebook) is refused, every kind", arguments: files)
    func formulaMismatch(_ file: (String, Kind)) throws {
        for text in ["y ~ __import__('os').system('touch PWNED')", "y ~ I(__import__('os').system('id'))",
                     "y ~ x\"\"\"; import os\n", #"voted ~ a + \"#] {
            let bytes = try Self.edited(file.0) { $0["formula"] = text }
            Self.expectRefused(file.1, bytes, "is not the formula of its design encoding")
        }
    }

    @Test("Python code as the encoding's formula does not parse as a Glassbox formula", arguments: files)
    func encodingFormulaCode(_ file: (String, Kind)) throws {
        for text in ["y ~ I(__import__('os').system('touch PWNED'))", "y ~ open('/etc/passwd').read()", "~ [c for c in ().__class__.__bases__]"] {
            let bytes = try Self.edited(file.0) { o in
                o["formula"] = text
                Self.encoding(&o) { $0["formula"] = text }
            }
            Self.expectRefused(file.1, bytes, "encoding.formula")
        }
    }

    @Test("out-of-range and huge factor and level indices are refused, not trapped on or silently dropped",
          arguments: files.filter { $0.0 != "turnout-simulated.json" })  // (that model has no categorical factor)
    func indices(_ file: (String, Kind)) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Self.bytes(file.0))) as? [String: Any])
        let columns = try #require((object["encoding"] as? [String: Any])?["columns"] as? [[[String: Any]]])
        let j = try #require(columns.firstIndex { $0.contains { $0["level"] is Int } }, "a categorical column")
        for (key, value) in [("level", 99), ("level", -1), ("level", 1 << 40), ("factor", 999), ("factor", -3), ("factor", Int.max)] {
            let bytes = try Self.edited(file.0) { o in
                Self.encoding(&o) { e in
                    var cols = e["columns"] as! [[[String: Any]]]
                    let k = cols[j].firstIndex { $0["level"] is Int }!
                    cols[j][k][key] = value
                    e["columns"] = cols
                }
            }
            Self.expectRefused(file.1, bytes, "does not match its formula")
        }
        // A level index on a numeric factor, or none on a categorical one.
        let bytes = try Self.edited(file.0) { o in
            Self.encoding(&o) { e in
                var cols = e["columns"] as! [[[String: Any]]]
                let k = cols[j].firstIndex { $0["level"] is Int }!
                cols[j][k]["level"] = nil
                e["columns"] = cols
            }
        }
        Self.expectRefused(file.1, bytes, "does not match its formula")
    }

    @Test("renamed terms, levels, reference, factor kinds and source lists are refused")
    func names() throws {
        let name = "support-simulated.json"
        let edits: [(String, (inout [String: Any]) -> Void)] = [
            ("named", { e in var t = e["termNames"] as! [String]; t[1] = "__import__('os')"; e["termNames"] = t }),
            ("lists a level twice", { e in
                var f = e["factors"] as! [[String: Any]]
                let k = f.firstIndex { ($0["levels"] as? [String])?.count ?? 0 > 1 }!
                var levels = f[k]["levels"] as! [String]; levels[1] = levels[0]; f[k]["levels"] = levels; e["factors"] = f
            }),
            ("reference level", { e in
                var f = e["factors"] as! [[String: Any]]
                let k = f.firstIndex { $0["kind"] as? String == "categorical" }!
                f[k]["reference"] = "no such level"; e["factors"] = f
            }),
            ("coded as", { e in
                var f = e["factors"] as! [[String: Any]]
                let k = f.firstIndex { $0["kind"] as? String == "numeric" && ($0["name"] as! String).hasPrefix("I(") }!
                f[k]["kind"] = "categorical"; f[k]["levels"] = ["a"]; f[k]["reference"] = "a"; e["factors"] = f
            }),
            ("source columns", { e in var s = e["termSources"] as! [[String]]; s[1] = ["voter_id"]; e["termSources"] = s }),
            ("factor(s)", { e in var f = e["factors"] as! [[String: Any]]; f.removeLast(); e["factors"] = f }),
            ("response name", { e in e["responseName"] = "other" }),
        ]
        for (message, edit) in edits {
            let bytes = try Self.edited(name) { o in Self.encoding(&o, edit) }
            Self.expectRefused(.logistic, bytes, message)
        }
        // A term dropped from the encoding together with its coefficient (and covariance row) is still refused.
        let dropped = try Self.edited(name) { o in
            Self.encoding(&o) { e in
                for key in ["termNames", "termSources", "columns"] { var a = e[key] as! [Any]; a.removeLast(); e[key] = a }
            }
            var c = o["coefficients"] as! [Any]; c.removeLast(); o["coefficients"] = c
            var v = o["covariance"] as! [[Any]]; v.removeLast(); o["covariance"] = v.map { Array($0.dropLast()) }
        }
        Self.expectRefused(.logistic, dropped, "different number of design columns")
    }

    @Test("negative, non-finite-looking, asymmetric and inconsistent covariances are refused")
    func covariance() throws {
        let name = "turnout-simulated.json"
        func cov(_ edit: @escaping (inout [[Double]]) -> Void) throws -> [UInt8] {
            try Self.edited(name) { o in
                var v = (o["covariance"] as! [[Any]]).map { $0.map { ($0 as! NSNumber).doubleValue } }
                edit(&v)
                o["covariance"] = v
            }
        }
        Self.expectRefused(.logistic, try cov { $0[1][1] = -$0[1][1] }, "is negative")
        Self.expectRefused(.logistic, try cov { $0[1][2] += 1 }, "not symmetric")
        Self.expectRefused(.logistic, try cov { $0[1][1] *= 4 }, "not the square root of its variance")
        Self.expectRefused(.logistic, try cov { $0.removeLast() }, "is not")
        let noCovariance = try Self.edited(name) { $0["covariance"] = NSNull() }
        Self.expectRefused(.logistic, noCovariance, "standard errors but no covariance")
    }

    @Test("a key given twice anywhere in the file is refused, every kind", arguments: files)
    func duplicateKeys(_ file: (String, Kind)) throws {
        let text = String(decoding: try Self.bytes(file.0), as: UTF8.self)
        // Top level: a second "formula" after the first.
        let top = text.replacingOccurrences(of: "\n  \"kind\"", with: "\n  \"formula\" : \"y ~ __import__('os')\",\n  \"kind\"")
        Self.expectRefused(file.1, Array(top.utf8), "has the key 'formula' twice in its top-level object")
        // Nested, with the second spelled with an escape ("\u006bind" is "kind").
        let nested = text.replacingOccurrences(of: "\"glassboxVersion\"", with: "\"glassboxVersion\" : \"x\", \"glassbox\\u0056ersion\"")
        Self.expectRefused(file.1, Array(nested.utf8), "has the key 'glassboxVersion' twice in 'manifest'")
    }

    @Test("JSON nested thousands of levels deep is refused with a depth message, not a stack overflow", arguments: files)
    func deepNesting(_ file: (String, Kind)) throws {
        for depth in [65, 9_000, 200_000] {
            let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let text = String(decoding: try Self.bytes(file.0), as: UTF8.self)
                .replacingOccurrences(of: "\"warnings\" : [", with: "\"warnings\" : [\(deep), ")
            Self.expectRefused(file.1, Array(text.utf8), "more than 64 levels deep")
        }
        // A formula whose expression nests deeply is the formula parser's to limit; the file's own structure is fine.
    }

    @Test("uplift and lookalike: component and classifier terms, similarity index features")
    func otherKinds() throws {
        let uplift = try Self.edited("persuasion-social-pressure.json") { o in
            Self.encoding(&o) { e in var t = e["termNames"] as! [String]; t[t.count - 1] = "renamed"; e["termNames"] = t }
        }
        Self.expectRefused(.uplift, uplift, "named")
        let lookalike = try Self.edited("lookalike-simulated.json") { o in
            var fit = o["fit"] as! [String: Any]
            var c = fit["classifiers"] as! [[Any]]
            c[0].removeLast()
            fit["classifiers"] = c
            o["fit"] = fit
        }
        Self.expectRefused(.lookalike, lookalike, "coefficients for")
    }
}
