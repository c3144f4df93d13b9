import Testing
import GlassboxCore
import GlassboxReport
import GlassboxMetrics
import GlassboxModels
import GlassboxTabular
@testable import GlassboxAudit

/// The targeting (persuasion) audit on planted data: a written-off group, a tiny inconclusive group,
/// suppression, the file-order tie rule, per-group effects against a hand computation, and bad inputs.
@Suite("targeting audit")
struct TargetingAuditTests {
    /// Groups `young` (1000 rows, uplift 0.05–0.15), `old` (1000 rows: 60 at 0.2, the rest −0.05),
    /// `tiny` (12 rows: 2 at 0.2, the rest −0.1) and `few` (5 rows at 0.3). With --top 0.3 the 605
    /// targeted rows are `few`, the high `old` and `tiny` rows and 538 `young` rows: `old` is written off.
    static func planted() -> (table: Table, data: TargetingData) {
        var uplift = [Double](), outcome = [Double](), arm = [String?](), group = [String?]()
        func add(_ g: String, _ u: Double, _ i: Int, treatedRate: Int, controlRate: Int) {
            let treated = i % 2 == 0
            uplift.append(u)
            arm.append(treated ? "mail" : "none")
            // Responders: the first `rate` of every 10 rows of each arm.
            outcome.append((i / 2) % 10 < (treated ? treatedRate : controlRate) ? 1 : 0)
            group.append(g)
        }
        for i in 0..<1000 { add("young", 0.05 + 0.1 * Double((i * 7919) % 1000) / 1000, i, treatedRate: 6, controlRate: 3) }
        for i in 0..<1000 { add("old", i % 50 == 7 || i % 50 == 8 || i % 50 == 9 ? 0.2 : -0.05, i, treatedRate: 5, controlRate: 4) }
        for i in 0..<12 { add("tiny", i < 2 ? 0.2 : -0.1, i, treatedRate: 5, controlRate: 5) }
        for i in 0..<5 { add("few", 0.3, i, treatedRate: 5, controlRate: 5) }
        var table = Table(rowCount: uplift.count)
        try! table.append(name: "uplift", column: .numeric(uplift))
        try! table.append(name: "y", column: .numeric(outcome))
        try! table.append(name: "arm", column: .categorical(CategoricalColumn(values: arm)))
        try! table.append(name: "age", column: .categorical(CategoricalColumn(values: group)))
        let data = try! TargetingData.from(table: table, upliftColumn: "uplift", treatment: UpliftTreatment(column: "arm", treated: ["mail"], control: "none"),
                                           outcome: "y", groups: ["age"])
        return (table, data)
    }

    static func config(top: Double = 0.3, bootstrap: Int = 1000) -> AuditConfiguration {
        var c = AuditConfiguration()
        c.top = top
        c.bootstrap = bootstrap
        c.metricBootstrap = 0
        c.seed = 11
        return c
    }

    static func group(_ report: TargetingReport, _ value: String) throws -> TargetingGroupResult {
        try #require(report.attributes[0].groups.first { $0.value == value })
    }

    @Test("a planted group is written off: ratio below 0.8 with an interval below it → fail")
    func writtenOff() throws {
        let report = try TargetingAudit.run(Self.planted().data, configuration: Self.config())
        #expect(report.rowsUsed == 2017 && report.targetedRows == 605)
        let old = try Self.group(report, "old"), young = try Self.group(report, "young")
        #expect(old.targeted == 60 && young.targeted == 538)
        let kOverN = 605.0 / 2017
        #expect(abs(old.ratio! - (60.0 / 1000) / kOverN) < 1e-12)
        #expect(abs(old.targetedShare - 60.0 / 605) < 1e-15 && abs(old.populationShare - 1000.0 / 2017) < 1e-15)
        #expect(old.writtenOff && old.verdict == .fail)
        #expect(try #require(old.ciUpper) < 0.8)
        #expect(!young.writtenOff && young.verdict == .pass && young.ciLower! >= 0.8)
        #expect(report.warnings.contains { $0.contains("written off") && $0.contains("old") })
        // Without a bootstrap the verdicts come from the point estimates.
        let plain = try TargetingAudit.run(Self.planted().data, configuration: Self.config(bootstrap: 0))
        #expect(try Self.group(plain, "old").verdict == .fail && Self.group(plain, "young").verdict == .pass)
        #expect(try Self.group(plain, "old").ciLower == nil)
    }

    @Test("a tiny group below the ratio is inconclusive; a group under --min-group-size is suppressed")
    func tinyAndSuppressed() throws {
        let report = try TargetingAudit.run(Self.planted().data, configuration: Self.config())
        let few = try Self.group(report, "few")
        #expect(few.suppressed && few.verdict == nil && few.ratio == nil && few.effect == nil && few.meanUplift == nil && few.targeted == 0)
        // The next-smallest group is suppressed with it (complementary suppression), or few = overall − shown.
        #expect(try Self.group(report, "tiny").suppressed)
        var shown = Self.config()
        shown.minGroupSize = 5
        let tiny = try Self.group(try TargetingAudit.run(Self.planted().data, configuration: shown), "tiny")
        #expect(tiny.n == 12 && tiny.targeted == 2 && tiny.writtenOff && tiny.unreliable)
        #expect(tiny.verdict == .inconclusive, "interval [\(tiny.ciLower ?? .nan), \(tiny.ciUpper ?? .nan)]")
        // The suppressed group still counts in the population: shares are over all 2017 rows.
        #expect(abs(try Self.group(report, "young").populationShare - 1000.0 / 2017) < 1e-15)
        let json = report.json(manifest: nil, treatment: UpliftTreatment(column: "arm", treated: ["mail"], control: "none"), uplift: "uplift", outcome: "y").rendered()
        #expect(json.contains("\"value\": \"few\",\n      \"suppressed\": true\n    }"))
        let md = report.markdown(manifest: nil, treatment: UpliftTreatment(column: "arm", treated: ["mail"], control: "none"), uplift: "uplift", outcome: "y")
        #expect(md.contains("| few | suppressed | – | – | suppressed |") && md.contains("| tiny | suppressed |"))
        #expect(!md.contains("| few | 5"))
        // A lower minimum shows it.
        var c = Self.config(bootstrap: 0)
        c.minGroupSize = 5
        #expect(try !Self.group(TargetingAudit.run(Self.planted().data, configuration: c), "few").suppressed)
    }

    @Test("per-group observed effect and mean uplift equal a direct computation")
    func effects() throws {
        let (table, data) = Self.planted()
        var config = Self.config(bootstrap: 0)
        config.minGroupSize = 5   // shows "tiny" (else suppressed with "few")
        let report = try TargetingAudit.run(data, configuration: config)
        guard case .numeric(let u) = try table.column(named: "uplift"), case .numeric(let y) = try table.column(named: "y") else { return }
        for value in ["young", "old", "tiny"] {
            let g = try Self.group(report, value)
            let rows = data.attributes[0].codes.indices.filter { data.attributes[0].levels[Int(data.attributes[0].codes[$0])] == value }
            let t = rows.filter { data.treatment[$0] == 1 }.map { y[$0] }, c = rows.filter { data.treatment[$0] == 0 }.map { y[$0] }
            func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
            func variance(_ v: [Double]) -> Double { let m = mean(v); return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1) }
            let effect = try #require(g.effect)
            #expect(abs(effect.estimate - (mean(t) - mean(c))) < 1e-14)
            let se = (variance(t) / Double(t.count) + variance(c) / Double(c.count)).squareRoot()
            #expect(abs(effect.stdError! - se) < 1e-14)
            #expect(abs(effect.ciLower! - (effect.estimate - 1.959963984540054 * se)) < 1e-12)
            #expect(abs(g.meanUplift! - mean(rows.map { u[$0] })) < 1e-14)
        }
        #expect(abs(try Self.group(report, "young").effect!.estimate - 0.3) < 1e-12)
        #expect(abs(try Self.group(report, "old").effect!.estimate - 0.1) < 1e-12)
        // The whole-data metrics are scikit-uplift's (the validated Metrics implementation).
        let qini = try UpliftMetrics.qiniAuc(outcomes: data.outcomes, uplift: data.uplift, treatment: data.treatment)
        #expect(report.evaluation.qiniAuc == qini)
        #expect(report.evaluation.upliftAtK.count == 6)
        let all = report.overall
        #expect(all.targeted == 605 && all.ratio == 1)
        let json = report.json(manifest: nil, treatment: UpliftTreatment(column: "arm", treated: ["mail"], control: "none"), uplift: "uplift", outcome: "y").rendered()
        for key in ["\"qiniAuc\"", "\"upliftAuc\"", "\"upliftAtK\"", "\"targetingRatio\"", "\"targetedShare\"", "\"populationShare\"", "\"effect\"", "\"untargetedEffect\""] {
            #expect(json.contains(key), "missing \(key)")
        }
    }

    @Test("ties at the cut are taken in file order, as the bias audit's --top")
    func ties() throws {
        let n = 100
        let attribute = GroupAttribute(name: "half", levels: ["A", "B"], codes: (0..<n).map { $0 < 50 ? 0 : 1 })
        let data = TargetingData(uplift: [Double](repeating: 0.01, count: n), outcomes: (0..<n).map { Double($0 % 3 == 0 ? 1 : 0) },
                                 treatment: (0..<n).map { Double($0 % 2) }, attributes: [attribute])
        let report = try TargetingAudit.run(data, configuration: Self.config(top: 0.1, bootstrap: 0))
        #expect(report.decisions.tiedAtCut == 100 && report.decisions.tiedSelected == 10)
        #expect(try Self.group(report, "A").targeted == 10 && Self.group(report, "B").targeted == 0)
        #expect(try Self.group(report, "A").ratio == 2 && Self.group(report, "B").ratio == 0)
    }

    @Test("bootstrap is reproducible for a seed and changes with it")
    func reproducible() throws {
        let data = Self.planted().data
        let a = try TargetingAudit.run(data, configuration: Self.config(bootstrap: 300))
        let b = try TargetingAudit.run(data, configuration: Self.config(bootstrap: 300))
        #expect(a == b)
        var other = Self.config(bootstrap: 300)
        other.seed = 12
        #expect(try Self.group(TargetingAudit.run(data, configuration: other), "young").ciLower != Self.group(a, "young").ciLower)
    }

    @Test("one-sided verdict rule")
    func verdictRule() {
        #expect(Verdict(ratio: 0.5, ciLower: nil, ciUpper: nil, tau: 0.8, sides: .below, bootstrap: false) == .fail)
        #expect(Verdict(ratio: 3, ciLower: nil, ciUpper: nil, tau: 0.8, sides: .below, bootstrap: false) == .pass)
        #expect(Verdict(ratio: 0.5, ciLower: 0.3, ciUpper: 0.79, tau: 0.8, sides: .below, bootstrap: true) == .fail)
        #expect(Verdict(ratio: 0.9, ciLower: 0.8, ciUpper: 3, tau: 0.8, sides: .below, bootstrap: true) == .pass)
        #expect(Verdict(ratio: 0.9, ciLower: 0.7, ciUpper: 1.1, tau: 0.8, sides: .below, bootstrap: true) == .inconclusive)
        #expect(Verdict(ratio: nil, ciLower: nil, ciUpper: nil, tau: 0.8, sides: .below, bootstrap: false) == .inconclusive)
    }

    @Test("bad inputs each give a specific error")
    func badInputs() throws {
        let table = Self.planted().table
        let spec = UpliftTreatment(column: "arm", treated: ["mail"], control: "none")
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        #expect(message { _ = try TargetingData.from(table: table, upliftColumn: "uplift", treatment: UpliftTreatment(column: "arm", treated: ["email"], control: "none"), outcome: "y", groups: ["age"]) }
            .contains("the treated value 'email' does not occur in column 'arm'; values found: 'mail', 'none'"))
        #expect(message { _ = try TargetingData.from(table: table, upliftColumn: "uplift", treatment: UpliftTreatment(column: "arm", treated: ["mail", "x"], control: "none"), outcome: "y", groups: ["age"]) }
            .contains("one treatment with control"))
        #expect(message { _ = try TargetingData.from(table: table, upliftColumn: "arm", treatment: spec, outcome: "y", groups: ["age"]) }
            == "uplift column 'arm' is not numeric (it holds text such as 'mail')")
        #expect(message { _ = try TargetingData.from(table: table, upliftColumn: "uplift", treatment: spec, outcome: "uplift", groups: ["age"]) }
            .hasPrefix("outcome 'uplift' must be binary (0 or 1); values found:"))
        #expect(message { _ = try TargetingData.from(table: table, upliftColumn: "uplift", treatment: spec, outcome: "y", groups: ["county"]) }
            .hasPrefix("group column 'county' not found"))
        // An arm emptied by missing uplift values.
        var masked = table
        guard case .numeric(var u) = try table.column(named: "uplift"), case .categorical(let arms) = try table.column(named: "arm") else { return }
        for i in u.indices where arms.levels[Int(arms.codes[i])] == "mail" { u[i] = .nan }
        masked = try Table(names: ["uplift", "y", "arm", "age"], columns: [.numeric(u), try table.column(named: "y"), .categorical(arms), try table.column(named: "age")])
        #expect(message { _ = try TargetingData.from(table: masked, upliftColumn: "uplift", treatment: spec, outcome: "y", groups: ["age"]) }
            == "no treated rows (arm = 'mail') are left after dropping rows with a missing uplift or outcome")
        var c = Self.config()
        c.top = 0
        #expect(message { _ = try TargetingAudit.run(Self.planted().data, configuration: c) } == "top must be a fraction in (0, 1], got 0.0")   // the library names its parameter; the CLI says --top
    }
}

/// Library messages name the library's parameters, never a command-line option (issue 14).
@Suite("audit errors speak of the library's parameters") struct AuditParameterWordingTests {
    @Test func biasAuditSettings() throws {
        let table = try Table(names: ["s", "y", "g"], columns: [.numeric([0.1, 0.9, 0.4, 0.6]), .numeric([0, 1, 0, 1]),
                                                                .categorical(CategoricalColumn(values: ["a", "b", "a", "b"]))])
        let data = try AuditData.from(table: table, scoreColumn: "s", outcome: "y", groups: ["g"])
        var c = AuditConfiguration()
        c.tau = 1.5
        #expect(throws: AuditError.invalidSetting("tau must be in (0, 1], got 1.5")) { try BiasAudit.run(data, configuration: c) }
        c = AuditConfiguration()
        c.minGroupSize = -1
        #expect(throws: AuditError.invalidSetting("minGroupSize must be ≥ 0")) { try BiasAudit.run(data, configuration: c) }
        // Calibration bins below 1 would index bins that do not exist; beyond 1,000 each group would hold that many.
        for bins in [0, -3, 1_001] {
            c = AuditConfiguration()
            c.calibrationBins = bins
            #expect(throws: AuditError.invalidSetting("calibrationBins must be in 1…1000, got \(bins)")) { try BiasAudit.run(data, configuration: c) }
        }
        c = AuditConfiguration()
        c.calibrationBins = 1
        _ = try BiasAudit.run(data, configuration: c)
        #expect(throws: AuditError.invalidSetting("top must be a fraction in [0, 1], got 2.0")) { _ = try Decisions.resolve(.top(2), scores: [0.1, 0.2]) }
    }

    /// Regression: the one-treatment message said "give one with --treated", a CLI option.
    @Test func targetingAuditTreatment() throws {
        let table = TargetingAuditTests.planted().table
        let two = UpliftTreatment(column: "arm", treated: ["mail", "none"], control: "none")
        #expect(throws: AuditError.invalidSetting("a targeting audit compares one treatment with control; got 2 treated values (mail, none): give one treated value")) {
            _ = try table.targetingAudit(upliftColumn: "uplift", treatment: two, outcome: "y", groups: ["age"])
        }
    }
}
