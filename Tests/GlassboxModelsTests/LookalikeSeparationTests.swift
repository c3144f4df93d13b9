import GlassboxLinearAlgebra
import Testing
@testable import GlassboxModels

/// Separation in the PU (SCAR) fit — a county with no seed — is detected and named, with --l2
/// suggested, instead of "singular information matrix: are some features collinear?" (issue 13).
@Suite("lookalike: separation named")
struct LookalikeSeparationTests {
    /// Intercept, x, and two county dummies; "Dune" rows (column 3) are never seeds, "Erie" (column 2) always are.
    static func design() -> (Matrix, [Double]) {
        var columns = [[Double]](repeating: [], count: 4), y = [Double]()
        for i in 0..<60 {
            let county = i % 3
            columns[0].append(1); columns[1].append(Double(i % 7)); columns[2].append(county == 1 ? 1 : 0); columns[3].append(county == 2 ? 1 : 0)
            y.append(county == 2 ? 0 : (county == 1 ? 1 : Double(i % 2)))
        }
        return (Matrix(rows: 60, columns: 4, columnMajor: columns.flatMap { $0 }), y)
    }

    @Test("separatedTerms finds the level with no seed and the level with only seeds")
    func detection() {
        let (x, y) = Self.design()
        let found = LookalikeModel.separatedTerms(x, y: y, termNames: ["Intercept", "x", "county[Erie]", "county[Dune]"], interceptIndex: 0)
        #expect(found.map(\.term) == ["county[Erie]", "county[Dune]"] && found.map(\.allSeeds) == [true, false])
        let none = LookalikeModel.separatedTerms(x, y: (0..<60).map { Double($0 % 2) }, termNames: ["Intercept", "x", "a", "b"], interceptIndex: 0)
        #expect(none.isEmpty)
    }

    @Test("the error and the warning say separation, name the levels and suggest an L2 penalty, not collinearity")
    func messages() {
        let error = ModelError.separation(terms: ["county[Dune]"], allSeeds: [false]).description
        #expect(error.hasPrefix("separation: the seed list separates the rows on 'county[Dune]' (no seed)"))
        // The library's error and its warning (kept in model files) name its parameter; the CLI says --l2.
        #expect(error.contains("penalty .l2(1)") && !error.contains("--l2") && !error.contains("collinear"))
        let warning = ModelError.separationWarning(terms: (0..<12).map { "c[\($0)]" }, allSeeds: Array(repeating: false, count: 12))
        #expect(warning.contains("'c[9]' (no seed) and 2 more") && warning.contains("penalty .l2(1)") && !warning.contains("--l2"))
    }
}
