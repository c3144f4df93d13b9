import GlassboxExplain

extension ExplanationReport {
    /// Markdown for the surrogate and proxy sections (empty when absent).
    func markdownExtraSections() -> String {
        var out = ""
        if let s = surrogate {
            out += "## Surrogates of \(Self.cell(s.score))\n\n"
            out += "Features: \(Self.cell(s.formula)); fitted on \(s.trainRows) rows, judged on \(s.holdoutRows) holdout rows"
            out += s.logitScale ? " (on the logit scale: the score looks like a probability).\n\n" : ".\n\n"
            out += "| Surrogate | Holdout R² | R² (score scale) | Top \(Self.number(100 * s.topFraction))% agreement |\n|---|---:|---:|---:|\n"
            out += "| Linear | \(Self.number(s.linear.holdout.r2)) | \(Self.number(s.linear.holdout.r2ScoreScale)) | \(Self.number(s.linear.holdout.topAgreement)) |\n"
            out += "| Tree (depth ≤ \(s.tree.maxDepth)) | \(Self.number(s.tree.holdout.r2)) | \(Self.number(s.tree.holdout.r2ScoreScale)) | \(Self.number(s.tree.holdout.topAgreement)) |\n\n"
            out += "Linear coefficients:\n\n| Term | Estimate |\n|---|---:|\n"
            for c in s.linear.coefficients { out += "| \(Self.cell(c.term)) | \(Self.number(c.estimate ?? .nan)) |\n" }
            out += "\nTree rules:\n\n"
            for r in s.tree.rules {
                out += "- " + (r.conditions.isEmpty ? "all rows" : r.conditions.map(Self.cell).joined(separator: " and "))
                out += " → \(Self.number(r.prediction)) (\(r.rows) rows)\n"
            }
            out += "\nMain drivers (linear): " + s.linear.drivers.prefix(5).map { "\(Self.cell($0.feature)) (\(Self.number($0.importance)))" }.joined(separator: ", ") + "\n\n"
        }
        if let p = proxies {
            out += "## Proxies for protected attributes\n\n"
            for a in p.attributes {
                out += "### \(Self.cell(a.attribute))\n\n| Level | Rows | Proxy AUC (holdout) | Score AUC | Carried by |\n|---|---:|---:|---:|---|\n"
                for l in a.levels {
                    let carriers = l.carriers.prefix(3).map { "\($0.feature) (\(Self.number($0.mean)))" }.joined(separator: ", ")
                    out += "| \(Self.cell(l.level)) | \(l.rows.map(String.init) ?? "suppressed") | \(l.proxyAUC.map(Self.number) ?? "—") | \(l.scoreAUC.map(Self.number) ?? "—") | \(Self.cell(carriers)) |\n"
                }
                out += "\n" + (a.flags.isEmpty ? "No strong proxy found (threshold AUC \(Self.number(p.threshold))).\n" : a.flags.map { "- " + Self.cell($0) }.joined(separator: "\n") + "\n") + "\n"
            }
        }
        return out
    }
}
