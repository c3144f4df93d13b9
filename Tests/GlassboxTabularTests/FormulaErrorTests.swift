import Testing
@testable import GlassboxTabular

/// Every syntax error: its message and 0-based position.
struct FormulaErrorTests {
    func syntaxError(_ text: String) -> (position: Int, message: String)? {
        do {
            _ = try Formula.parse(text)
            return nil
        } catch let TabularError.formulaSyntax(formula, position, message) {
            #expect(formula == text)
            return (position, message)
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    func expectError(_ text: String, at position: Int, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let e = syntaxError(text)
        #expect(e?.position == position, "position for \(text)", sourceLocation: sourceLocation)
        #expect(e?.message == message, "message for \(text)", sourceLocation: sourceLocation)
    }

    func expectMessage(_ text: String, startsWith prefix: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let e = syntaxError(text)
        #expect(e?.message.hasPrefix(prefix) == true, "\(text): got \(e?.message ?? "no error")", sourceLocation: sourceLocation)
    }

    @Test func missingTilde() {
        expectError("y + a", at: 0, "missing '~': write 'y ~ a + b', or '~ a + b' for a formula without a response")
        expectError("y ~ a ~ b", at: 6, "more than one '~'")
    }

    @Test func emptyTerms() {
        expectError("y ~ a +", at: 7, "empty term after '+'")
        expectError("y ~ a + * b", at: 8, "empty term after '+'")
        expectError("y ~ a + ", at: 8, "empty term after '+'")
        expectError("y ~ a :", at: 7, "empty term after ':'")
        expectError("y ~ a * ", at: 8, "empty term after '*'")
        expectError("y ~ (a + )", at: 9, "empty term after '+'")
        expectError("y ~ ", at: 4, "empty right-hand side after '~'")
        expectError("y ~ ()", at: 5, "empty term after '('")
    }

    @Test func parentheses() {
        expectError(#"y ~ C(race, ref="b""#, at: 19, "expected ')' to close 'C('")
        expectError("y ~ C(race", at: 10, "expected ')' to close 'C('")
        expectError("y ~ (a + b", at: 10, "expected ')' to close '(' opened at character 5")
        expectError("y ~ I(a + b", at: 11, "expected ')' to close 'I('")
        expectError("y ~ log(x", at: 9, "expected ')' to close 'log('")
        expectError("y ~ a)", at: 5, "unmatched ')'")
        expectError("y ~ I((a + b)", at: 13, "expected ')' to close 'I('")
        expectError("y ~ I((a + b) ", at: 14, "expected ')' to close 'I('")
    }

    @Test func unknownFunction() {
        expectMessage("y ~ lg(income)", startsWith: "unknown function 'lg'; known functions are I(), log()")
        #expect(syntaxError("y ~ lg(income)")?.position == 4)
        expectMessage("y ~ I(foo(x))", startsWith: "unknown function 'foo'")
    }

    @Test func badTokens() {
        expectError("y ~ a $ b", at: 6, "unexpected character '$'")
        expectError(#"y ~ I(party == "DEM)"#, at: 15, "unterminated string literal")
        expectError("y ~ `odd name", at: 4, "unterminated back-quoted name")
        expectError("y ~ a b", at: 6, "unexpected 'b'; expected an operator such as '+' before it")
        expectError("y ~ 2", at: 4, "the number '2' cannot be a term: only 1 (keep the intercept) or 0 (drop it); for a constant write I(2)")
        expectError("y ~ -a", at: 4, "unary '-' can only be applied to 1 or 0 (to drop or keep the intercept)")
        expectError("y ~ 1:a", at: 5, "the intercept (1 or 0) cannot interact with other terms")
        expectError("y ~ 2x", at: 5, "unexpected 'x' after the number '2'")
        expectMessage(#"y ~ "DEM""#, startsWith: "a string literal cannot be a term")
    }

    @Test func callArguments() {
        expectError("y ~ C(race, foo=1)", at: 12, #"unknown argument 'foo' to C(); expected ref="level" or Treatment("level")"#)
        expectError("y ~ C(race, ref=b)", at: 16, #"the reference level must be quoted: ref="b""#)
        expectError("y ~ C(race, ref)", at: 15, "expected '=' after 'ref'")
        expectError("y ~ C()", at: 6, "C() needs a column name")
        expectError("y ~ C(1)", at: 6, "C() takes a column name, found '1'")
        expectError("y ~ I()", at: 6, "empty expression in 'I('")
        expectError("y ~ log(x, 2)", at: 9, "'log()' takes one argument")
        expectError("y ~ Q(x)", at: 6, #"Q() takes a quoted column name, e.g. Q("odd name")"#)
        expectError("y ~ I(x = 1)", at: 8, "'=' is not a comparison; use '=='")
        expectError("y ~ I(a < b < c)", at: 12, "comparisons cannot be chained; use parentheses or '&'")
        expectError("y ~ I(a + )", at: 10, "expected a value before ')'")
        expectError("y ~ (a + b)^x", at: 12, "'^' in a formula needs a positive whole number (interaction order); for arithmetic write I(x^2)")
    }

    @Test func response() {
        expectError("y + z ~ a", at: 2, "the response must be a single column or expression, e.g. 'y ~ …' or 'I(score >= 5) ~ …'")
    }

    @Test func descriptionNamesPosition() {
        let e = TabularError.formulaSyntax(formula: "y ~ a +", position: 7, message: "empty term after '+'")
        #expect(e.description == "formula \"y ~ a +\" at character 8: empty term after '+'")
    }
}

/// A formula whose `*` products explode (found by fuzz-formula: 25 names joined by `*` took 52 s) is
/// refused with the term limit before the terms are built, and repeats do not count against it.
@Suite struct FormulaTermLimitTests {
    @Test func explodingProductsAreRefusedQuickly() throws {
        let names = (1...25).map { "x\($0)" }
        do {
            _ = try Formula.parse("y ~ " + names.joined(separator: "*"))
            Issue.record("25 names joined by '*' (2^25 − 1 terms) were accepted")
        } catch let TabularError.formulaSyntax(_, _, message) {
            #expect(message.contains("more than the limit of 4096"), "\(message)")
        }
        // 12 names: 4095 terms, just under the limit, accepted.
        let twelve = try Formula.parse("y ~ " + names.prefix(12).joined(separator: "*"))
        #expect(twelve.terms.count == 4095)
        // Repeats collapse before the limit is checked: x1*x1*…*x1 is one term.
        let same = try Formula.parse("y ~ " + Array(repeating: "x1", count: 30).joined(separator: "*"))
        #expect(same.terms.count == 1)
        // Huge, fractional and zero powers (fuzz-formula: `a ** 1e300` trapped converting the power to Int).
        #expect(try Formula.parse("y ~ (a + b) ** 1e300").terms.count == 3)
        for bad in ["y ~ (a + b) ** 0", "y ~ (a + b) ** 1.5", "y ~ a ** 1e400"] {
            #expect(throws: TabularError.self, "\(bad)") { _ = try Formula.parse(bad) }
        }
        // The fuzzer's input itself.
        #expect(throws: TabularError.self) {
            _ = try Formula.parse("y ~ a*iiiaraa*iiiiYba *iiiiaraa*iba *iiiiaraa*iiiiYia*b*ba *iiiia*iba *iiiiaraa*iiiiYia*b*iiiaraa*iiiYa*iia*.li*c*d*e*f*g*h*j*k")
        }
    }
}
