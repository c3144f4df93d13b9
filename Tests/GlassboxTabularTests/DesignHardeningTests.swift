import Testing
@testable import GlassboxTabular

/// Issue 13's design cases: the response used as a predictor, categorical factors with one level,
/// and designs too large to allocate.
@Suite struct DesignHardeningTests {
    let table: Table = {
        try! Table(names: ["y", "x", "g", "one", "score"], columns: [
            .numeric([1, 0, 1, 0, 1, 0]),
            .numeric([1, 2, 3, 4, 5, 6]),
            .categorical(CategoricalColumn(values: ["a", "b", "c", "a", "b", "c"])),
            .categorical(CategoricalColumn(values: ["k", "k", "k", "k", "k", nil])),
            .numeric([2, 7, 3, 8, 1, 9]),
        ])
    }()

    func message(_ formula: String, _ table: Table? = nil) -> String? {
        do {
            _ = try DesignBuilder.fit(try Formula.parse(formula), on: table ?? self.table)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// `y ~ y` once "converged, no separation"; every term computed from the response's columns is
    /// refused, naming the term.
    @Test func responseAsPredictorIsRefused() {
        let cases: [(String, String, String)] = [
            ("y ~ y", "y", "y"), ("y ~ x + I(y * 2)", "I(y * 2)", "y"), ("y ~ C(y)", "C(y)", "y"),
            ("y ~ x:y", "x:y", "y"), ("y ~ log(y + 1)", "log(y + 1)", "y"), ("I(score >= 5) ~ x + score", "score", "score"),
            ("I(score > x) ~ x", "x", "x"), ("y ~ x*y", "y", "y"),
        ]
        for (formula, term, column) in cases {
            let m = message(formula)
            #expect(m?.hasPrefix("the term '\(term)' reads the column '\(column)', which the response") == true, "\(formula): \(m ?? "accepted")")
            #expect(m?.contains("complete separation") == true)
        }
        #expect(message("y ~ x + C(g)") == nil)
        #expect(message("I(score >= 5) ~ x") == nil)
    }

    /// A term interacting many categorical factors: the plan enumerates 2ᵏ subsets of them, which hung at
    /// k = 25 and trapped (`1 << k`) at k = 64; beyond the limit the formula is refused before that work, and
    /// at the limit it still builds.
    @Test func manyCategoricalFactorsInOneTermAreRefused() throws {
        let most = DesignEncoding.maximumCategoricalFactorsPerTerm
        func table(_ k: Int) throws -> Table {
            try Table(names: ["y"] + (0..<k).map { "c\($0)" },
                      columns: [.numeric([1, 0, 1, 0])] + (0..<k).map { j in .categorical(CategoricalColumn(values: (0..<4).map { ["a", "b"][($0 >> (j % 2)) & 1] })) })
        }
        for k in [most + 1, 25, 64, 70] {
            let formula = "y ~ " + (0..<k).map { "c\($0)" }.joined(separator: ":")
            let m = message(formula, try table(k))
            #expect(m?.contains("interacts \(k) categorical factors, more than the limit of \(most)") == true, "k = \(k): \(m ?? "accepted")")
        }
        let atLimit = "y ~ " + (0..<most).map { "c\($0)" }.joined(separator: ":")
        #expect(message(atLimit, try table(most)) == nil)
    }

    /// A one-level categorical (in the data, or after dropping rows with missing values) gets no
    /// column; the design says so instead of dropping the term silently.
    @Test func singleLevelCategoricalWarns() throws {
        let (_, design) = try DesignBuilder.fit(try Formula.parse("y ~ x + C(one)"), on: table)
        #expect(design.warnings == ["'C(one)' has a single level ('k') after dropping 1 row(s) with missing values: it is constant and gets no design column, so the terms using it are dropped from the model"])
        #expect(design.x.columns == 2)
        let t = try Table(names: ["y", "x", "h"], columns: [.numeric([1, 0, 1]), .numeric([1, 2, 3]),
                                                            .categorical(CategoricalColumn(values: ["u", "u", "u"]))])
        for formula in ["y ~ x + h", "y ~ x + x:h", "y ~ x + C(h, ref=\"u\")"] {
            let (_, d) = try DesignBuilder.fit(try Formula.parse(formula), on: t)
            #expect(d.warnings.count == 1, "\(formula)")
            #expect(d.warnings.first?.contains("has a single level ('u'): it is constant and gets no design column") == true)
        }
        // Without an intercept the single level is coded in full (a column of ones): no vanishing.
        #expect(try DesignBuilder.fit(try Formula.parse("y ~ 0 + h"), on: t).1.warnings.isEmpty)
        #expect(try DesignBuilder.fit(try Formula.parse("y ~ x + C(g)"), on: table).1.warnings.isEmpty)
    }

    /// A categorical with many levels is refused before the design (and the p × p fit matrices)
    /// are allocated, naming the term.
    @Test func hugeDesignsAreRefusedBeforeAllocating() throws {
        let levels = 12_000
        let t = try Table(names: ["y", "g"], columns: [
            .numeric((0..<levels).map { Double($0 % 2) }),
            .categorical(CategoricalColumn(values: (0..<levels).map { "level\($0)" })),
        ])
        let m = message("y ~ C(g)", t)
        #expect(m == "the design has \(levels) columns, more than the \(DesignBuilder.maximumFitColumns) a model can be fitted with: 'C(g)' (\(levels) levels) makes \(levels - 1) of them; group rare levels into fewer categories or leave the term out")

        let (encoding, _) = try DesignBuilder.fit(try Formula.parse("y ~ C(g)"), on: table)
        #expect(throws: Never.self) { try DesignBuilder.checkDesignSize(encoding, rows: 6, forFit: true, limit: (1 << 30, "test")) }
        do {
            try DesignBuilder.checkDesignSize(encoding, rows: 50_000_000, forFit: false, limit: (1 << 30, "the test limit"))
            Issue.record("a 1.2 GB design passed a 1 GiB limit")
        } catch let TabularError.formula(text) {
            #expect(text == "the design matrix (50000000 rows × 3 columns × 8 bytes) needs about 1.2 GB, more than 1.1 GB, the test limit: 'C(g)' (3 levels) makes 2 of them; group rare levels into fewer categories, leave the term out, or use fewer rows")
        }
        // Interactions multiply levels: refused before 27 million columns are listed.
        let three = try Table(names: ["y", "a", "b", "c"], columns: [.numeric((0..<300).map { Double($0 % 2) })]
                              + (0..<3).map { k in .categorical(CategoricalColumn(values: (0..<300).map { "l\(($0 * (k + 1)) % 300)" })) })
        let start = ContinuousClock.now
        let product = message("y ~ C(a):C(b):C(c)", three)
        #expect(product?.hasPrefix("the term 'C(a):C(b):C(c)' would add ") == true, "\(product ?? "accepted")")
        #expect(product?.hasSuffix(" design columns (its categorical levels multiply), more than the limit of 1000000; group rare levels into fewer categories or leave the interaction out") == true)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(DesignBuilder.estimatedBytes(rows: 50_000, columns: 50_000, forFit: false) == 2e10)
        #expect(DesignBuilder.estimatedBytes(rows: 10, columns: 1_000, forFit: true) > 8e6 * 4)
    }
}
