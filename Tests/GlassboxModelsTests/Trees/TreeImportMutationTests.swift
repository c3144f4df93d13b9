import Foundation
import GlassboxTestSupport
import Testing
@testable import GlassboxModels

/// Seeded mutants of the LightGBM and PMML fixtures (tokens replaced by hostile numbers, lines dropped,
/// duplicated or cut): each imports, then scores rows without trapping, or is refused with a
/// ``ModelError``. Never a crash, a hang or another error type.
@Suite struct TreeImportMutationTests {
    static let tokens = ["-1", "0", "2147483647", "-2147483648", "99999999999", "nan", "inf", "-inf", "1e308", "",
                         "\"", "<", "&amp;", "3", "-0"]

    /// A deterministic stream (SplitMix64) so a failure names a reproducible mutant.
    struct Stream {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
        }
    }

    static func mutate(_ text: String, _ stream: inout Stream) -> String {
        var lines = text.components(separatedBy: "\n")
        for _ in 0..<(1 + stream.next(3)) {
            let i = stream.next(lines.count)
            switch stream.next(4) {
            case 0:  // replace one number-like token of the line
                var words = lines[i].components(separatedBy: CharacterSet(charactersIn: " =\""))
                guard !words.isEmpty else { continue }
                let k = stream.next(words.count)
                let replacement = tokens[stream.next(tokens.count)]
                words[k] = replacement
                let separators = lines[i].filter { " =\"".contains($0) }.map(String.init)
                lines[i] = zip(words, separators + [""]).map { $0 + $1 }.joined()
            case 1: lines.remove(at: i)
            case 2: lines.insert(lines[i], at: i)
            default: lines[i] = String(lines[i].prefix(stream.next(lines[i].count + 1)))
            }
            if lines.isEmpty { break }
        }
        return lines.joined(separator: "\n")
    }

    static func run(_ fixture: String, importer: any TreeModelImporter.Type, seed: UInt64, count: Int) throws {
        let text = try String(contentsOf: Repository.fixture("reference/trees/\(fixture)"), encoding: .utf8)
        var stream = Stream(state: seed)
        var imported = 0, refused = 0
        for m in 0..<count {
            let mutant = mutate(text, &stream)
            do {
                let model = try importer.importEnsemble(bytes: Array(mutant.utf8), fileName: "mutant-\(m)")
                let p = model.ensemble.features.count
                for row in [[Double](repeating: 0, count: p), [Double](repeating: .nan, count: p), [Double](repeating: 1e300, count: p)] {
                    _ = model.ensemble.margin(row)
                }
                imported += 1
            } catch is ModelError {
                refused += 1
            } catch {
                Issue.record("mutant \(m) of \(fixture): \(error)")
            }
        }
        print("\(fixture): \(count) mutants, \(imported) imported, \(refused) refused")
        #expect(refused > 0)
    }

    @Test func lightGBMMutants() throws { try Self.run("lightgbm-gbdt.txt", importer: LightGBMModel.self, seed: 11, count: 400) }
    @Test func lightGBMForestMutants() throws { try Self.run("lightgbm-rf.txt", importer: LightGBMModel.self, seed: 12, count: 300) }
    @Test func pmmlTreeMutants() throws { try Self.run("pmml-tree.pmml", importer: PMMLModel.self, seed: 13, count: 400) }
    @Test func pmmlBoostingMutants() throws { try Self.run("pmml-gbm.pmml", importer: PMMLModel.self, seed: 14, count: 150) }
}
