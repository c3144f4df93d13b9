import Foundation
import GlassboxAudit
import GlassboxCore
import GlassboxExplain
import GlassboxSimulation

extension DemoReport {
    /// A short plain-words account of what the demo found, for a terminal (every line through `Escaping.terminal(_:)`).
    public func summary(rows: Int, seed: UInt64) -> String {
        var lines = ["Glassbox demo: \(rows) simulated voters (seed \(seed)).", ""]
        let p = planted
        let covered = p.filter { $0.lower <= $0.truth && $0.truth <= $0.upper }.count
        lines.append("Planted versus recovered (turnout model, logit scale):")
        lines.append("  " + "term".padding(toLength: 24, withPad: " ", startingAt: 0) + "planted   estimate   95% interval          covers")
        for r in p {
            lines.append("  " + r.term.padding(toLength: 24, withPad: " ", startingAt: 0)
                         + String(format: "%7.3f   %8.4f   [%7.4f, %7.4f]   ", r.truth, r.estimate, r.lower, r.upper)
                         + (r.lower <= r.truth && r.truth <= r.upper ? "yes" : "no"))
        }
        lines.append("  \(covered) of \(p.count) planted coefficients lie inside their 95% intervals.")
        lines.append("")
        lines.append("Vendor score bias (threshold 0.5, reference: the largest group):")
        lines += groupLines(vendorAudit, label: "vendor_turnout_score")
        lines += groupLines(modelAudit, label: "Glassbox turnout model")
        lines.append("")
        lines.append("Proxy for race among the turnout model's features:")
        let proxyFlags = explanation.proxies?.attributes.flatMap(\.flags) ?? []
        lines += proxyFlags.isEmpty ? ["  none flagged"] : proxyFlags.map { "  " + $0 }
        let carriers = Set(explanation.proxies?.attributes.flatMap { $0.levels.filter(\.strong).compactMap { $0.carriers.first?.feature } } ?? [])
        if !carriers.isEmpty { lines.append("  strongest carrier: \(carriers.sorted().joined(separator: ", "))") }
        lines.append("")
        lines.append("Persuasion targeting (top \(Int(Self.targetingTop * 100)) % by predicted uplift):")
        for a in targeting.attributes {
            let off = a.groups.filter(\.writtenOff).map(\.value)
            lines.append("  written off by \(a.name): " + (off.isEmpty ? "none" : off.joined(separator: ", ")))
        }
        lines.append("")
        lines.append("Lookalike audience (top \(Int(Self.audienceSize * 100)) % of non-donors, race not a feature):")
        let flags = composition.flatMap { $0.groups.compactMap(\.flag) }
        lines += flags.isEmpty ? ["  no group over- or under-represented by the 80 % rule"] : flags.map { "  " + $0 }
        lines.append("")
        return lines.map(Escaping.terminal).joined(separator: "\n")
    }

    /// Hispanic (the planted bias group) against the reference: mean score vs turnout, selection-rate ratio and verdict.
    private func groupLines(_ audit: AuditReport, label: String) -> [String] {
        guard let a = audit.attributes.first, let g = a.groups.first(where: { $0.value == PlantedTruth.vendorBiasGroup }), !g.suppressed else { return [] }
        let d = g.disparities[.selectionRate]
        let interval = d.flatMap { d in d.ciLower.flatMap { lo in d.ciUpper.map { String(format: " [%.3f, %.3f]", lo, $0) } } } ?? ""
        let verdict = g.verdicts[.impactParity]?.rawValue ?? "–"
        return [String(format: "  %@: %@ mean score %.3f vs actual turnout %.3f; selection-rate ratio to %@ %.3f",
                       label, g.value, g.meanScore ?? .nan, g.rates[.prevalence] ?? .nan, a.reference, d?.ratio ?? .nan) + interval + " → \(verdict)"]
    }
}
