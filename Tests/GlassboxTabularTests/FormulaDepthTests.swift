import Foundation
import Testing
@testable import GlassboxTabular

/// Formulas nested deeper than ``Formula/maximumNestingDepth`` are a syntax error, never a stack
/// overflow (issue 13: ~9,000 nested parentheses crashed), and everything the parser accepts can be
/// expanded, evaluated, printed, hashed, encoded and freed.
@Suite struct FormulaDepthTests {
    static let limit = Formula.maximumNestingDepth

    static let grouping = Formula.maximumGroupingDepth

    func expectTooDeep(_ text: String, grouping: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try Formula.parse(text)
            Issue.record("parsed a formula deeper than the limit", sourceLocation: sourceLocation)
        } catch let TabularError.formulaSyntax(_, _, message) {
            let limit = grouping ? "\(Self.grouping) parentheses, function calls, signs or powers" : "\(Self.limit) levels"
            #expect(message.hasPrefix("the formula is nested too deeply: more than \(limit)"), "\(message)",
                    sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    /// The issue's shapes, 9,000 (and 100,000) deep: each refused with the same message.
    @Test func deepFormulasAreRefused() {
        for n in [Self.grouping + 1, 9_000, 30_000] {
            expectTooDeep("y ~ " + repeated("(", n) + "x" + repeated(")", n))
            expectTooDeep(repeated("(", n) + "y" + repeated(")", n) + " ~ x")
            expectTooDeep("y ~ " + repeated("- ", n) + "1")
            expectTooDeep("y ~ I(" + repeated("(", n) + "x" + repeated(")", n) + ")")
            expectTooDeep("y ~ I(" + repeated("-", n) + "x)")
            expectTooDeep("y ~ I(" + repeated("!", n) + "x)")
            expectTooDeep("y ~ " + repeated("log(", n) + "x" + repeated(")", n))
            expectTooDeep("y ~ I(x" + repeated("^x", n) + ")")
        }
        // Chains of binary operators do not recurse in the parser, but make the tree as deep.
        for n in [Self.limit + 1, 9_000, 30_000] {
            expectTooDeep("y ~ I(x" + repeated(" + x", n) + ")", grouping: false)
            expectTooDeep("y ~ I(x" + repeated(" * x", n) + ")", grouping: false)
            expectTooDeep("y ~ I(x" + repeated(" & x", n) + ")", grouping: false)
            expectTooDeep("y ~ I(x" + repeated(" | x", n) + ")", grouping: false)
            expectTooDeep("y ~ x" + repeated(" + x", n), grouping: false)
            expectTooDeep("y ~ x" + repeated(":x", n), grouping: false)
            expectTooDeep("y ~ x" + repeated(" - x", n), grouping: false)
        }
    }

    /// Just under the limit: parsed, expanded, evaluated over a table, printed, hashed, encoded,
    /// decoded and freed without running out of stack (also on a secondary thread).
    @Test func deepestAcceptedFormulasWork() throws {
        let n = Self.grouping - 3
        let table = try Table(names: ["y", "x"], columns: [.numeric([0, 1, 0, 1]), .numeric([1, 2, 3, 4])])
        let formulas = [
            "y ~ " + repeated("(", n) + "x" + repeated(")", n),
            "y ~ I(" + repeated("(", n - 2) + "x" + repeated(")", n - 2) + ")",
            "y ~ I(" + repeated("-", n - 2) + "x)",
            "y ~ I(x" + repeated(" + x", Self.limit - 3) + ")",
            "y ~ I(" + repeated("(x + ", n - 2) + "x" + repeated(")", n - 2) + ")",
            "y ~ I(x" + repeated("^1", n - 2) + ")",
            "y ~ " + repeated("abs(", n - 1) + "x" + repeated(")", n - 1),
        ]
        for text in formulas {
            let formula = try Formula.parse(text)
            #expect(formula.factors.count == 1, "\(text.prefix(30))")
            _ = formula.factors.map(\.name).joined().count
            _ = Set(formula.factors).count
            let (encoding, design) = try DesignBuilder.fit(formula, on: table)
            #expect(design.x.rows == 4)
            let data = try JSONEncoder().encode(encoding)
            let decoded = try JSONDecoder().decode(DesignEncoding.self, from: data)
            #expect(decoded.formula == formula)
        }
        // A sum of many distinct terms is a chain: just under the limit it is accepted.
        let names = (0..<(Self.limit - 1)).map { "x\($0)" }
        let wide = try Table(names: ["y"] + names, columns: [.numeric([0, 1])] + names.map { _ in .numeric([1, 2]) })
        let formula = try Formula.parse("y ~ " + names.joined(separator: " + "))
        #expect(formula.terms.count == names.count)
        #expect(try DesignBuilder.fit(formula, on: wide).1.x.columns == names.count + 1)
    }

    /// The deepest formulas on a thread with half the default (8 MiB) stack, in a debug build.
    @Test func deepestAcceptedFormulaOnASmallStack() throws {
        let n = Self.grouping - 3
        let text = "y ~ I(" + repeated("(", n - 2) + "x" + repeated(")", n - 2) + ") + " + repeated("(", n) + "x" + repeated(")", n)
            + " + I(x" + repeated(" + x", Self.limit - 5) + ")"
        let table = try Table(names: ["y", "x"], columns: [.numeric([0, 1, 0, 1]), .numeric([1, 2, 3, 4])])
        final class Box: @unchecked Sendable { var result: Result<Int, any Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result {
                let formula = try Formula.parse(text)
                let (_, design) = try DesignBuilder.fit(formula, on: table)
                return design.x.columns
            }
            done.signal()
        }
        thread.stackSize = 4 << 20
        thread.start()
        done.wait()
        #expect(try box.result?.get() == 4)
    }
}
