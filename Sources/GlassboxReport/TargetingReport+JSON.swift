import GlassboxAudit
import GlassboxCore
import GlassboxMetrics
import GlassboxModels

extension TargetingReport {
    /// The report as JSON (docs/json-contract.md): `manifest`, `settings`, `data`, `treatment`,
    /// `qiniAuc`, `upliftAuc`, `upliftAtK` (scikit-uplift's definitions, all rows), `qiniAucInterval`,
    /// `upliftAucInterval`, `averageEffect`, `overall` (targeted set, effects among targeted and untargeted
    /// rows), `groups` (per group: `n`, `targeted`, `populationShare`, `targetedShare`, `targetingRatio`
    /// with its interval, `writtenOff`, `verdict`, `meanUplift`, `effect`, `targetedEffect`; a suppressed
    /// group carries only `attribute`, `value` and `"suppressed": true`), `warnings`. No row is printed.
    public func json(manifest: Provenance?, treatment: UpliftTreatment, uplift: String, outcome: String) -> JSONValue {
        let c = configuration, e = evaluation
        var top = [(String, JSONValue)]()
        if let manifest { top.append(("manifest", AuditReport.manifestJSON(manifest))) }
        top.append(("audit", .string("targeting")))
        top.append(("settings", .object([
            ("decision", .object([("rule", .string("top")), ("fraction", .number(c.top)), ("targetedRows", .integer(targetedRows)),
                                  ("cutScore", .number(decisions.cut)), ("tiedAtCut", .integer(decisions.tiedAtCut)),
                                  ("tiedSelected", .integer(decisions.tiedSelected)), ("tieBreak", .string("file order"))])),
            ("bootstrap", .integer(c.bootstrap)), ("metricBootstrap", .integer(c.metricBootstrap)), ("seed", .string(String(c.seed))),
            ("bootstrapMethod", .string("stratified by group; binomial resampling of each group's targeted count; percentile intervals")),
            ("confidenceLevel", .number(c.confidenceLevel)), ("tau", .number(c.tau)),
            ("verdictRule", .string("fail when the targeting ratio's interval lies below tau, pass when it lies at or above tau, else inconclusive")),
            ("minGroupSize", .integer(c.minGroupSize)), ("unreliableBelow", .integer(c.unreliableBelow)), ("intersect", .bool(c.intersect)),
        ])))
        top.append(("data", .object([
            ("rowsRead", .integer(rowsRead)), ("rowsUsed", .integer(rowsUsed)), ("rowsDropped", .integer(rowsRead - rowsUsed)),
            ("otherArmRows", .integer(otherArmRows)), ("treatedRows", .integer(treatedRows)), ("controlRows", .integer(controlRows)),
            ("missingByColumn", .object(missingByColumn.keys.sorted().map { ($0, .integer(missingByColumn[$0]!)) })),
        ])))
        top.append(("treatment", .object([("column", .string(treatment.column)), ("treated", .string(treatment.treated.first ?? "")),
                                          ("control", .string(treatment.control))])))
        top.append(("uplift", .string(uplift)))
        top.append(("outcome", .string(outcome)))
        top.append(("qiniAuc", .number(e.qiniAuc)))
        top.append(("upliftAuc", .number(e.upliftAuc)))
        top.append(("upliftAtK", .array(e.upliftAtK.map { .object([("k", .number($0.k)), ("strategy", .string($0.strategy.rawValue)),
                                                                    ("value", .optional($0.value))]) })))
        func interval(_ i: (ciLower: Double, ciUpper: Double, replicates: Int, seed: UInt64)?) -> JSONValue {
            guard let i else { return .null }
            return .object([("ciLower", .number(i.ciLower)), ("ciUpper", .number(i.ciUpper)), ("replicates", .integer(i.replicates))])
        }
        top.append(("qiniAucInterval", interval(e.qiniAucInterval)))
        top.append(("upliftAucInterval", interval(e.upliftAucInterval)))
        var overallJSON = Self.groupPairs(overall, withIdentity: false)
        overallJSON.append(("untargetedEffect", Self.effectJSON(untargetedEffect)))
        top.append(("overall", .object(overallJSON)))
        top.append(("groups", .array(attributes.flatMap { $0.groups.map { .object(Self.groupPairs($0, withIdentity: true)) } })))
        top.append(("warnings", .array(warnings.map(JSONValue.string))))
        return .object(top)
    }

    static func effectJSON(_ e: TargetingEffect?) -> JSONValue {
        guard let e else { return .null }
        return .object([("estimate", .number(e.estimate)), ("stdError", .optional(e.stdError)), ("ciLower", .optional(e.ciLower)),
                        ("ciUpper", .optional(e.ciUpper)), ("treatedRate", .number(e.treatedRate)), ("controlRate", .number(e.controlRate)),
                        ("nTreated", .integer(e.nTreated)), ("nControl", .integer(e.nControl))])
    }

    static func groupPairs(_ g: TargetingGroupResult, withIdentity: Bool) -> [(String, JSONValue)] {
        var p = [(String, JSONValue)]()
        if withIdentity { p += [("attribute", .string(g.attribute)), ("value", .string(g.value))] }
        if g.suppressed {
            p.append(("suppressed", .bool(true)))
            return p
        }
        p += [("n", .integer(g.n)), ("targeted", .integer(g.targeted)), ("suppressed", .bool(false)), ("unreliable", .bool(g.unreliable)),
              ("populationShare", .number(g.populationShare)), ("targetedShare", .number(g.targetedShare))]
        if withIdentity {
            p.append(("targetingRatio", .object([("ratio", .optional(g.ratio)), ("ciLower", .optional(g.ciLower)), ("ciUpper", .optional(g.ciUpper))])))
            p.append(("writtenOff", .bool(g.writtenOff)))
            p.append(("verdict", g.verdict.map { .string($0.rawValue) } ?? .null))
        }
        p += [("meanUplift", .optional(g.meanUplift)), ("meanUpliftTargeted", .optional(g.meanUpliftTargeted)),
              ("effect", effectJSON(g.effect)), ("targetedEffect", effectJSON(g.targetedEffect))]
        return p
    }
}
