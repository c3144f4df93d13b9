import GlassboxAudit
import GlassboxCore
import GlassboxModels

extension AuditReport {
    /// The report as JSON (docs/json-contract.md): `manifest`, `settings`, `data`, `overall`, `reference`
    /// (attribute → reference value), `groups` (one entry per group of every attribute; a suppressed
    /// group carries only `attribute`, `value` and `"suppressed": true`), `summaries` (fairlearn),
    /// `sweep`, `warnings`. Rates that are undefined (zero denominator) are `null`. No row is printed.
    public func json(manifest: Provenance?) -> JSONValue {
        var top = [(String, JSONValue)]()
        if let manifest { top.append(("manifest", Self.manifestJSON(manifest))) }
        top.append(("settings", settingsJSON()))
        top.append(("data", .object([("rowsRead", .integer(rowsRead)), ("rowsUsed", .integer(rowsUsed)),
                                     ("rowsDropped", .integer(rowsRead - rowsUsed)),
                                     ("missingByColumn", .object(missingByColumn.keys.sorted().map { ($0, .integer(missingByColumn[$0]!)) }))])))
        top.append(("overall", Self.groupJSON(overall, withIdentity: false)))
        top.append(("reference", .object(attributes.map { ($0.name, .string($0.reference)) })))
        top.append(("groups", .array(attributes.flatMap { $0.groups.map { Self.groupJSON($0, withIdentity: true) } })))
        top.append(("summaries", .array(attributes.map { a in
            .object([("attribute", .string(a.name)),
                     ("demographicParityDifference", .optional(a.summary.demographicParityDifference)),
                     ("demographicParityRatio", .optional(a.summary.demographicParityRatio)),
                     ("equalizedOddsDifference", .optional(a.summary.equalizedOddsDifference)),
                     ("equalizedOddsRatio", .optional(a.summary.equalizedOddsRatio)),
                     ("equalOpportunityDifference", .optional(a.summary.equalOpportunityDifference))])
        })))
        top.append(("sweep", .object([
            ("thresholds", .array(sweepThresholds.map(JSONValue.number))),
            ("groups", .array(attributes.flatMap { $0.sweep.map { c in
                .object([("attribute", .string(c.attribute)), ("value", .string(c.value)),
                         ("selectionRate", .array(c.selectionRate.map(JSONValue.optional))),
                         ("tpr", .array(c.tpr.map(JSONValue.optional))), ("fpr", .array(c.fpr.map(JSONValue.optional)))])
            } })),
        ])))
        top.append(("warnings", .array(warnings.map(JSONValue.string))))
        return .object(top)
    }

    func settingsJSON() -> JSONValue {
        let c = configuration
        var decision: [(String, JSONValue)]
        switch c.decision {
        case .threshold(let t): decision = [("rule", .string("threshold")), ("threshold", .number(t))]
        case .top(let f):
            decision = [("rule", .string("top")), ("fraction", .number(f)), ("cutScore", .number(decisions.cut)),
                        ("tiedAtCut", .integer(decisions.tiedAtCut)), ("tiedSelected", .integer(decisions.tiedSelected)),
                        ("tieBreak", .string("file order"))]
        }
        return .object([
            ("decision", .object(decision)),
            ("bootstrap", .integer(c.bootstrap)), ("seed", .string(String(c.seed))),
            ("bootstrapMethod", .string("stratified by group; multinomial resampling of each group's confusion cells; percentile intervals")),
            ("confidenceLevel", .number(c.confidenceLevel)), ("adjustment", .string(c.adjustment.rawValue)),
            ("comparisons", .integer(comparisons)), ("effectiveConfidenceLevel", .number(effectiveConfidenceLevel)),
            ("tau", .number(c.tau)), ("parityBounds", .array([.number(c.tau), .number(1 / c.tau)])),
            ("minGroupSize", .integer(c.minGroupSize)), ("unreliableBelow", .integer(c.unreliableBelow)),
            ("intersect", .bool(c.intersect)), ("calibrationBins", .integer(c.calibrationBins)),
        ])
    }

    static func manifestJSON(_ m: Provenance) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("glassboxVersion", .string(m.glassboxVersion)),
                                            ("commandLine", .array(m.commandLine.map(JSONValue.string)))]
        if let d = m.data {
            pairs.append(("data", .object([("path", .string(d.path)), ("sha256", .string(d.sha256)), ("rowsRead", .integer(d.rowsRead)),
                                           ("rowsUsed", .integer(d.rowsUsed)), ("rowsDropped", .integer(d.rowsDropped))] + d.preparationJSON)))
        }
        pairs.append(("seed", m.seed.map { .string(String($0)) } ?? .null))
        pairs.append(("createdAt", .string(m.createdAt)))
        return .object(pairs)
    }

    static func groupJSON(_ g: GroupResult, withIdentity: Bool) -> JSONValue {
        var p = [(String, JSONValue)]()
        if withIdentity { p += [("attribute", .string(g.attribute)), ("value", .string(g.value))] }
        if g.suppressed {
            p.append(("suppressed", .bool(true)))
            return .object(p)
        }
        p += [("n", .integer(g.n)), ("weight", .number(g.weight)), ("share", .number(g.share))]
        if withIdentity { p.append(("isReference", .bool(g.isReference))) }
        p += [("suppressed", .bool(false)), ("unreliable", .bool(g.unreliable))]
        p.append(("counts", .object([("tp", .number(g.counts.tp)), ("fp", .number(g.counts.fp)), ("tn", .number(g.counts.tn)),
                                     ("fn", .number(g.counts.fn))])))
        for m in RateMetric.allCases { p.append((m.rawValue, .optional(g.rates[m]))) }
        p += [("auc", .optional(g.auc)), ("brier", .optional(g.brier)), ("meanScore", .optional(g.meanScore))]
        if let c = g.calibration {
            p.append(("calibration", .object([
                ("inTheLarge", .number(c.inTheLarge)), ("slope", .optional(c.slope)), ("intercept", .optional(c.intercept)),
                ("bins", .array(c.bins.map { .object([("n", .integer($0.n)), ("meanScore", .number($0.meanScore)), ("observedRate", .number($0.observedRate))]) })),
            ])))
        }
        if withIdentity {
            p.append(("disparities", .object(RateMetric.allCases.compactMap { m in
                g.disparities[m].map { d in
                    (m.rawValue, .object([("ratio", .optional(d.ratio)), ("difference", .optional(d.difference)),
                                          ("ciLower", .optional(d.ciLower)), ("ciUpper", .optional(d.ciUpper)),
                                          ("differenceCiLower", .optional(d.differenceCiLower)), ("differenceCiUpper", .optional(d.differenceCiUpper))]))
                }
            })))
            p.append(("verdicts", .object(ParityTest.allCases.compactMap { t in g.verdicts[t].map { (t.rawValue, .string($0.rawValue)) } })))
        }
        return .object(p)
    }
}
