import GlassboxAudit
import Foundation
import GlassboxCore
import GlassboxReport
import GlassboxModels
import GlassboxTabular
import Testing

/// An intruder's attempt to recover suppressed cells from an audit's JSON: every published count (n,
/// confusion counts, targeted rows, arm sizes and responders, and the same as n × rate products), the
/// overall row, and the additive relations (groups add up to the overall row; intersection cells add
/// up to their parent groups). The attack peels: an equation with one unknown gives it (overall minus
/// shown, parent minus siblings), a suppressed parent whose cells are all known is their sum, and a
/// zero remainder makes every unknown member zero. It must learn nothing about a suppressed cell.
@Suite("privacy: suppressed cells cannot be derived from the published numbers")
struct PrivacyRecoverabilityTests {
    struct Published {
        var cells = [String: [String: Double]]()
        var suppressed = Set<String>()
        var overall = [String: Double]()
        var equations = [(total: String?, members: [String])]()
    }

    /// (cell, quantity) pairs of suppressed cells that the peeling attack determines.
    static func attack(_ p: Published) -> [String] {
        var known = p.cells
        let quantities = Array(p.overall.keys)
        var derived = [String]()
        var progress = true
        while progress {
            progress = false
            for e in p.equations {
                for q in quantities {
                    let total = e.total.map { known[$0]?[q] } ?? p.overall[q]
                    let unknown = e.members.filter { known[$0]?[q] == nil }
                    let sum = e.members.compactMap { known[$0]?[q] }.reduce(0, +)
                    if let total, !unknown.isEmpty {
                        let rest = (total - sum).rounded()
                        if unknown.count == 1 || rest == 0 {
                            for u in unknown { known[u, default: [:]][q] = unknown.count == 1 ? rest : 0; derived.append("\(u) \(q)") }
                            progress = true
                        }
                    } else if total == nil, let t = e.total, unknown.isEmpty {
                        known[t, default: [:]][q] = sum
                        derived.append("\(t) \(q)")
                        progress = true
                    }
                }
            }
        }
        return derived.filter { d in p.suppressed.contains { d.hasPrefix($0 + " ") } }
    }

    /// Equations of an audit's groups: attributes add up to the overall row; `a:b` cells to `a` and `b` groups.
    static func equations(_ cells: [(attribute: String, value: String)]) -> [(total: String?, members: [String])] {
        var byAttribute = [String: [String]]()
        for c in cells { byAttribute[c.attribute, default: []].append("\(c.attribute)=\(c.value)") }
        var out: [(total: String?, members: [String])] = byAttribute.values.map { (nil, $0) }
        for (attribute, members) in byAttribute where attribute.contains(":") {
            let parts = attribute.split(separator: ":").map(String.init)
            for (k, part) in parts.enumerated() {
                var children = [String: [String]]()
                for m in members {
                    let levels = m.dropFirst(attribute.count + 1).split(separator: ":").map(String.init)
                    children["\(part)=\(levels[k])", default: []].append(m)
                }
                for (parent, m) in children { out.append((parent, m)) }
            }
        }
        return out
    }

    static func object(_ json: JSONValue) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(json.rendered().utf8)) as? [String: Any])
    }

    /// 566 people: race A 300, B 200, C 60 (of whom few are F), D 6; sex F/M; score and outcome.
    static func people(seed: UInt64 = 7) -> (race: [String], sex: [String], score: [Double], outcome: [Double], treated: [Double]) {
        var g = SeededGenerator(seed: seed)
        var race = [String](), sex = [String](), score = [Double](), outcome = [Double](), treated = [Double]()
        for (r, n, female) in [("A", 300, 0.5), ("B", 200, 0.5), ("C", 60, 0.1), ("D", 6, 0.5)] {
            for _ in 0..<n {
                race.append(r); sex.append(g.nextBernoulli(female) ? "F" : "M")
                let s = g.nextUniform()
                score.append(s); outcome.append(g.nextBernoulli(s) ? 1 : 0); treated.append(g.nextBernoulli(0.5) ? 1 : 0)
            }
        }
        return (race, sex, score, outcome, treated)
    }

    static func attributes(_ p: (race: [String], sex: [String], score: [Double], outcome: [Double], treated: [Double])) -> [GroupAttribute] {
        let rows = Array(p.race.indices)
        return [GroupAttribute(name: "race", column: .categorical(CategoricalColumn(values: p.race)), rows: rows),
                GroupAttribute(name: "sex", column: .categorical(CategoricalColumn(values: p.sex)), rows: rows)]
    }

    @Test("the attacker works: one suppressed group is overall minus the shown ones; a zero remainder is zero")
    func attackerSelfTest() {
        var p = Published()
        p.overall = ["n": 100, "tp": 10]
        p.cells = ["g=a": ["n": 60, "tp": 10], "g=b": ["n": 35, "tp": 0]]
        p.suppressed = ["g=c"]
        p.equations = [(nil, ["g=a", "g=b", "g=c"])]
        #expect(Set(Self.attack(p)) == ["g=c n", "g=c tp"])
    }

    @Test("bias audit JSON: no suppressed group or intersection cell is derivable", arguments: [false, true])
    func biasAudit(intersect: Bool) throws {
        let people = Self.people()
        var config = AuditConfiguration()
        config.bootstrap = 20
        config.intersect = intersect
        let report = try BiasAudit.run(AuditData(scores: people.score, outcomes: people.outcome, weights: nil, attributes: Self.attributes(people)),
                                       configuration: config)
        let json = try Self.object(report.json(manifest: nil))
        var p = Published()
        func counts(_ g: [String: Any]) -> [String: Double] {
            let c = g["counts"] as? [String: Double] ?? [:]
            var q = ["n": (g["n"] as? Double) ?? 0, "tp": c["tp"] ?? 0, "fp": c["fp"] ?? 0, "tn": c["tn"] ?? 0, "fn": c["fn"] ?? 0]
            // The same counts again from n × rates (they must agree; for suppressed groups there are none).
            if let sel = g["selectionRate"] as? Double { #expect(abs(sel * q["n"]! - (q["tp"]! + q["fp"]!)) < 1e-6) }
            q["n"] = q["n"]!
            return q
        }
        p.overall = counts(try #require(json["overall"] as? [String: Any]))
        var cells = [(attribute: String, value: String)]()
        for case let g as [String: Any] in try #require(json["groups"] as? [Any]) {
            let attribute = try #require(g["attribute"] as? String), value = try #require(g["value"] as? String)
            cells.append((attribute, value))
            if g["suppressed"] as? Bool == true {
                p.suppressed.insert("\(attribute)=\(value)")
                #expect(Set(g.keys) == ["attribute", "value", "suppressed"], "a suppressed group shows only its name")
            } else {
                p.cells["\(attribute)=\(value)"] = counts(g)
            }
        }
        p.equations = Self.equations(cells)
        #expect(p.suppressed.contains("race=D"))
        #expect(p.suppressed.count >= 2, "a lone suppressed group would be overall minus the rest")
        if intersect { #expect(p.suppressed.contains("race:sex=C:F") || p.suppressed.contains("race:sex=C:M")) }
        #expect(Self.attack(p).isEmpty, "derived: \(Self.attack(p))")
        // Nor do the sweep curves, summaries or the Markdown name a suppressed group's numbers.
        let sweep = try #require((json["sweep"] as? [String: Any])?["groups"] as? [[String: Any]])
        #expect(!sweep.contains { p.suppressed.contains("\($0["attribute"]!)=\($0["value"]!)") })
        let md = report.markdown(manifest: nil)
        #expect(md.contains("| D | suppressed |"))
    }

    @Test("targeting audit JSON: no suppressed group or intersection cell is derivable", arguments: [false, true])
    func targetingAudit(intersect: Bool) throws {
        let people = Self.people()
        var config = AuditConfiguration()
        config.bootstrap = 20
        config.metricBootstrap = 0
        config.intersect = intersect
        let report = try TargetingAudit.run(TargetingData(uplift: people.score, outcomes: people.outcome, treatment: people.treated,
                                                          attributes: Self.attributes(people)), configuration: config)
        let json = try Self.object(report.json(manifest: nil, treatment: UpliftTreatment(column: "t", treated: ["1"], control: "0"),
                                               uplift: "u", outcome: "y"))
        func counts(_ g: [String: Any]) -> [String: Double] {
            let e = g["effect"] as? [String: Any] ?? [:], t = g["targetedEffect"] as? [String: Any] ?? [:]
            func responders(_ e: [String: Any], _ arm: String) -> Double {
                ((e[arm + "Rate"] as? Double ?? 0) * (e["n" + arm.prefix(1).uppercased() + arm.dropFirst()] as? Double ?? 0)).rounded()
            }
            return ["n": g["n"] as? Double ?? 0, "targeted": g["targeted"] as? Double ?? 0,
                    "nTreated": e["nTreated"] as? Double ?? 0, "nControl": e["nControl"] as? Double ?? 0,
                    "respTreated": responders(e, "treated"), "respControl": responders(e, "control"),
                    "targetedTreated": t["nTreated"] as? Double ?? 0, "targetedControl": t["nControl"] as? Double ?? 0]
        }
        var p = Published()
        p.overall = counts(try #require(json["overall"] as? [String: Any]))
        var cells = [(attribute: String, value: String)]()
        for case let g as [String: Any] in try #require(json["groups"] as? [Any]) {
            let attribute = try #require(g["attribute"] as? String), value = try #require(g["value"] as? String)
            cells.append((attribute, value))
            if g["suppressed"] as? Bool == true {
                p.suppressed.insert("\(attribute)=\(value)")
                #expect(Set(g.keys) == ["attribute", "value", "suppressed"])
            } else {
                p.cells["\(attribute)=\(value)"] = counts(g)
            }
        }
        p.equations = Self.equations(cells)
        #expect(p.suppressed.contains("race=D") && p.suppressed.count >= 2)
        #expect(Self.attack(p).isEmpty, "derived: \(Self.attack(p))")
    }

    @Test("composition audit: no suppressed group's population, seeds or audience is derivable; small seed counts hidden")
    func compositionAudit() throws {
        let people = Self.people()
        var g = SeededGenerator(seed: 3)
        let seeds = people.race.indices.map { _ in g.nextBernoulli(0.1) }
        let audience = people.race.indices.map { !seeds[$0] && people.score[$0] > 0.7 }
        var settings = AuditConfiguration()
        settings.bootstrap = 20
        let result = try CompositionAudit.run(attributes: Self.attributes(people), seeds: seeds, audience: audience, settings: settings)
        for a in result {
            var p = Published()
            p.overall = ["population": Double(people.race.count), "seeds": Double(seeds.filter { $0 }.count),
                         "audience": Double(audience.filter { $0 }.count)]
            for group in a.groups {
                let key = "\(a.name)=\(group.value)"
                if group.suppressed {
                    p.suppressed.insert(key)
                    #expect(group.population == nil && group.seeds == nil && group.audience == nil && group.seedShare == nil && group.audienceShare == nil)
                } else {
                    var q = ["population": Double(group.population!), "audience": Double(group.audience!)]
                    if let s = group.seeds { q["seeds"] = Double(s) } else { #expect(group.seedShare == nil && group.seedRatio == nil) }
                    if let share = group.seedShare { #expect(group.seeds != nil && share >= 0) }
                    p.cells[key] = q
                }
            }
            p.equations = [(nil, a.groups.map { "\(a.name)=\($0.value)" })]
            #expect(Self.attack(p).isEmpty, "\(a.name) derived: \(Self.attack(p))")
            // Seed counts that are hidden cannot be derived either (the seed list's size is published).
            let hiddenSeeds = a.groups.filter { !$0.suppressed && $0.seeds == nil }.count + a.groups.filter(\.suppressed).count
            #expect(hiddenSeeds != 1)
        }
        #expect(result[0].groups.first { $0.value == "D" }?.suppressed == true)
    }

    @Test("complementary suppression: a lone small cell takes the next-smallest with it; an intersection cell its sibling and a cross cell")
    func rule() {
        typealias E = ComplementarySuppression.Equation
        // Groups 300, 200, 60, 6 adding up to the overall row: 6 is small, 60 goes with it.
        let one = ComplementarySuppression.pattern(primary: [false, false, false, true], rows: [300, 200, 60, 6],
                                                   equations: [E(total: nil, members: [0, 1, 2, 3])])
        #expect(one.suppressed == [false, false, true, true] && one.protected)
        // The reference group (index 2) is not chosen when another will do.
        let ref = ComplementarySuppression.pattern(primary: [false, false, false, true], rows: [300, 200, 60, 6], eligible: [true, true, false, true],
                                                   equations: [E(total: nil, members: [0, 1, 2, 3])])
        #expect(ref.suppressed == [false, true, false, true])
        // A 2 × 2 table with margins: rows r0 (cells 0, 1) and r1 (cells 2, 3), columns c0 (0, 2) and c1 (1, 3);
        // margins are cells 4 (r0), 5 (r1), 6 (c0), 7 (c1). Cell 0 small: the whole cycle 0, 1, 2, 3 goes.
        let table = ComplementarySuppression.pattern(
            primary: [true, false, false, false, false, false, false, false], rows: [3, 50, 40, 60, 53, 100, 43, 110],
            equations: [E(total: nil, members: [4, 5]), E(total: nil, members: [6, 7]), E(total: 4, members: [0, 1]), E(total: 5, members: [2, 3]),
                        E(total: 6, members: [0, 2]), E(total: 7, members: [1, 3])])
        #expect(table.suppressed == [true, true, true, true, false, false, false, false])
        #expect(ComplementarySuppression.determinedCells(table.suppressed, equations: [E(total: 4, members: [0, 1]), E(total: 5, members: [2, 3]),
                                                                                         E(total: 6, members: [0, 2]), E(total: 7, members: [1, 3])]).isEmpty)
        // A zero sum: the two suppressed cells have no positives between them, so a third with positives joins.
        let zero = ComplementarySuppression.pattern(primary: [false, false, true, true], rows: [300, 200, 60, 6],
                                                    quantities: [[30], [20], [0], [0]], equations: [E(total: nil, members: [0, 1, 2, 3])])
        #expect(zero.suppressed == [false, true, true, true])
    }
}
