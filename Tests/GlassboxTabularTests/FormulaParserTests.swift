import Testing
@testable import GlassboxTabular

/// Parsing: every construct, term expansion and names.
struct FormulaParserTests {
    func labels(_ text: String) throws -> [String] { try Formula.parse(text).termLabels }

    @Test func responseAndTerms() throws {
        let f = try Formula.parse("y ~ a + b")
        #expect(f.hasResponse)
        #expect(f.responseName == "y")
        #expect(f.hasIntercept)
        #expect(f.termLabels == ["(Intercept)", "a", "b"])
        #expect(f.sourceColumns == ["y", "a", "b"])
        #expect(f.source == "y ~ a + b")
    }

    @Test func responseLess() throws {
        let f = try Formula.parse("~ a + b")
        #expect(!f.hasResponse)
        #expect(f.responseName == nil)
        #expect(f.sourceColumns == ["a", "b"])
    }

    @Test func starAndColonExpansion() throws {
        #expect(try labels("y ~ a*b") == ["(Intercept)", "a", "b", "a:b"])
        #expect(try labels("y ~ a:b") == ["(Intercept)", "a:b"])
        #expect(try labels("y ~ a*b*c") == ["(Intercept)", "a", "b", "a:b", "c", "a:c", "b:c", "a:b:c"])
        #expect(try labels("y ~ (a + b):c") == ["(Intercept)", "a:c", "b:c"])
        #expect(try labels("y ~ a/b") == ["(Intercept)", "a", "a:b"])
        #expect(try labels("y ~ (a + b + c)^2") == ["(Intercept)", "a", "b", "c", "a:b", "a:c", "b:c"])
        #expect(try labels("y ~ (a + b)**2") == ["(Intercept)", "a", "b", "a:b"])
    }

    @Test func duplicatesRemoved() throws {
        #expect(try labels("y ~ a + b + a + b:a + a:b") == ["(Intercept)", "a", "b", "b:a"])
        #expect(try labels("y ~ a:a") == ["(Intercept)", "a"])
        #expect(try labels("y ~ I(x^2) + I(x ^ 2) + I(x**2)") == ["(Intercept)", "I(x^2)"])
    }

    @Test func termRemoval() throws {
        let f = try Formula.parse("y ~ a*b - a")
        #expect(f.termLabels == ["(Intercept)", "b", "a:b"])
        #expect(f.sourceColumns == ["y", "a", "b"])
        let g = try Formula.parse("y ~ a + b - b")
        #expect(g.termLabels == ["(Intercept)", "a"])
        #expect(g.sourceColumns == ["y", "a"])
        #expect(g.factors == [.column("a")])
    }

    @Test func intercept() throws {
        #expect(try !Formula.parse("y ~ a - 1").hasIntercept)
        #expect(try !Formula.parse("y ~ a + 0").hasIntercept)
        #expect(try !Formula.parse("y ~ 0 + a").hasIntercept)
        #expect(try !Formula.parse("y ~ -1 + a").hasIntercept)
        #expect(try !Formula.parse("y ~ a -1").hasIntercept)
        #expect(try Formula.parse("y ~ a - 1 + 1").hasIntercept)
        #expect(try Formula.parse("y ~ 0 + a + 1").hasIntercept)
        #expect(try Formula.parse("y ~ 1").termLabels == ["(Intercept)"])
        #expect(try Formula.parse("y ~ a - 0").hasIntercept)
        #expect(try Formula.parse("y ~ 0").termLabels.isEmpty)
    }

    @Test func categoricalCalls() throws {
        let f = try Formula.parse(#"y ~ C(race) + C(party, ref="REP") + C(g, ref='x') + C(h, Treatment("b")) + C(k, Treatment(reference="z")) + C(n, ref=2.5)"#)
        #expect(f.factors == [
            .categorical(column: "race", reference: nil),
            .categorical(column: "party", reference: "REP"),
            .categorical(column: "g", reference: "x"),
            .categorical(column: "h", reference: "b"),
            .categorical(column: "k", reference: "z"),
            .categorical(column: "n", reference: "2.5"),
        ])
        #expect(try Formula.parse("y ~ C(n, ref=2)").factors == [.categorical(column: "n", reference: "2")])
        #expect(try Formula.parse("y ~ C(n, ref=-1)").factors == [.categorical(column: "n", reference: "-1")])
    }

    @Test func quotedNames() throws {
        let f = try Formula.parse(#"`turnout 2020` ~ `odd name` + Q("other name") + Q('x-y') + I(`odd name`^2)"#)
        #expect(f.responseName == "turnout 2020")
        #expect(f.factors.map(\.name) == ["odd name", "other name", "x-y", "I(`odd name`^2)"])
        #expect(f.sourceColumns == ["turnout 2020", "odd name", "other name", "x-y"])
        #expect(try Formula.parse("y ~ x.1 + .z + a_b").sourceColumns == ["y", "x.1", ".z", "a_b"])
    }

    @Test func expressionNamesFollowRDeparse() throws {
        let cases: [(String, String)] = [
            ("I(age^2)", "I(age^2)"),
            ("I( age ** 2 )", "I(age^2)"),
            ("I(score>=5)", "I(score >= 5)"),
            ("I(a+b*c)", "I(a + b * c)"),
            ("I((a+b)/2)", "I((a + b)/2)"),
            ("I(-x)", "I(-x)"),
            ("I(2^-1*x)", "I(2^-1 * x)"),
            ("log(income)", "log(income)"),
            ("log( income + 1 )", "log(income + 1)"),
            ("exp(z)", "exp(z)"),
            ("sqrt(x)", "sqrt(x)"),
            ("I(party=='DEM')", #"I(party == "DEM")"#),
            ("I(a > 1 & b <= 2 | !c)", "I(a > 1 & b <= 2 | !c)"),
            ("I(x != 0.5)", "I(x != 0.5)"),
            ("I(log(x) * 2.50)", "I(log(x) * 2.5)"),
            ("I(x / 1e6)", "I(x/1000000)"),
        ]
        for (input, name) in cases {
            let f = try Formula.parse("y ~ " + input)
            #expect(f.factors.map(\.name) == [name], "\(input)")
        }
    }

    @Test func expressionPrecedence() throws {
        let f = try Formula.parse("y ~ I(a + b * c ^ 2 > 1 & d)")
        guard case .transform(.call("I", let args)) = f.factors[0] else { Issue.record("not a transform"); return }
        let expected: FormulaExpression = .binary("&",
            .binary(">", .binary("+", .column("a"), .binary("*", .column("b"), .binary("^", .column("c"), .number(2)))), .number(1)),
            .column("d"))
        #expect(args == [expected])
        let g = try Formula.parse("y ~ I(-x^2)")
        guard case .transform(.call("I", let args2)) = g.factors[0] else { Issue.record("not a transform"); return }
        #expect(args2 == [.unary("-", .binary("^", .column("x"), .number(2)))])
    }

    @Test func transformedResponse() throws {
        let f = try Formula.parse("I(score >= 5) ~ age")
        #expect(f.responseName == "I(score >= 5)")
        #expect(f.sourceColumns == ["score", "age"])
        #expect(try Formula.parse("log(y) ~ x").responseName == "log(y)")
    }

    @Test func termLabelsKeepCallForm() throws {
        #expect(try labels(#"y ~ C(race, ref="b"):age"#) == ["(Intercept)", #"C(race, ref="b"):age"#])
    }

    @Test func codableRoundTrip() throws {
        let f = try Formula.parse(#"I(score >= 5) ~ C(race, ref="b")*age + log(income) - 1"#)
        let data = try JSONEncoder().encode(f)
        #expect(String(decoding: data, as: UTF8.self) == #""I(score >= 5) ~ C(race, ref=\"b\")*age + log(income) - 1""#)
        #expect(try JSONDecoder().decode(Formula.self, from: data) == f)
    }

    @Test func requireResponse() throws {
        #expect(throws: TabularError.formulaSyntax(formula: "~ a", position: 0, message: "missing response before '~' (this model needs 'y ~ …')")) {
            try Formula.parse("~ a", requireResponse: true)
        }
        #expect(try Formula.parse("y ~ a", requireResponse: true).hasResponse)
    }
}

import Foundation
