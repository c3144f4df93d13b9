/// Pure formatting of a progress line (no I/O, no clock), so every string is testable:
///
///     permutation importance  [██████░░░░░░]  52%  78/150 repeats  12.3/s  ETA 0:06
///     logistic fit  7 iterations  2.3/s  elapsed 0:03  ETA --
///     design pass  [████████░░░░]  41%  5.0G/12.2G bytes, 61.2M rows  175.0M/s  ETA 0:41
///
/// - rate = completed / elapsed (`--/s` before any time has passed);
/// - ETA = (total − completed) / rate, rounded to the nearest second (`--` when the total is
///   unknown or nothing has completed yet, so no rate exists);
/// - percent and bar are rounded down, so 100 % and a full bar mean the work is done;
/// - a task that also counts data rows (a file read in chunks) shows them after its count; the rate and
///   ETA stay those of the task's unit (bytes), which has a known total where the rows have none.
package enum ProgressFormat {
    /// The progress line for `completed` of `total` units after `elapsed` seconds, and the data `rows`
    /// covered when the task counts them.
    package static func line(task: String, completed: Int, total: Int?, unit: String, elapsed: Double, barWidth: Int = 20,
                             rows: Int? = nil) -> String {
        let rate = elapsed > 0 ? Double(completed) / elapsed : nil
        let rateText = (rate.map(humanRate) ?? "--") + "/s"
        let rowsText = rows.map { ", \(humanCount($0)) rows" } ?? ""
        guard let total, total > 0 else {
            return "\(task)  \(humanCount(completed)) \(unit)\(rowsText)  \(rateText)  elapsed \(duration(elapsed))  ETA --"
        }
        let done = min(max(completed, 0), total)
        let fraction = Double(done) / Double(total)
        let percent = done * 100 / total
        var eta = "--"
        if done == total {
            eta = duration(0)
        } else if let rate, rate > 0 {
            eta = duration(Double(total - done) / rate)
        }
        let percentText = String(repeating: " ", count: max(0, 3 - String(percent).count)) + "\(percent)%"
        return "\(task)  [\(bar(fraction: fraction, width: barWidth))]  \(percentText)  \(humanCount(done))/\(humanCount(total)) \(unit)\(rowsText)  \(rateText)  ETA \(eta)"
    }

    /// The line of one data pass (a task in ``ProgressLineRenderer/passUnit`` units), which reports only its
    /// start and end: while it runs, the time elapsed and an ETA of the previous pass's duration less the
    /// elapsed time (`--` for the first pass; `0:00` once overdue); when finished, its duration.
    ///
    ///     IRLS iteration 3: pass 5, deviance 123456.7  elapsed 0:04  ETA 0:37
    ///     IRLS iteration 3: pass 5, deviance 123456.7  done in 0:41
    package static func passLine(task: String, elapsed: Double, previous: Double?, finished: Bool) -> String {
        if finished { return "\(task)  done in \(duration(elapsed))" }
        let eta = previous.map { duration(max(0, $0 - elapsed)) } ?? "--"
        return "\(task)  elapsed \(duration(elapsed))  ETA \(eta)"
    }

    /// `width` cells, the first ⌊fraction·width⌋ filled.
    package static func bar(fraction: Double, width: Int) -> String {
        let filled = min(width, max(0, Int((fraction * Double(width)).rounded(.down))))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour on (rounded to the nearest second).
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--" }
        let s = Int(seconds.rounded())
        let (h, m, r) = (s / 3600, (s % 3600) / 60, s % 60)
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(r))" : "\(m):\(two(r))"
    }

    /// A count with a k/M/G suffix and one decimal from 10,000 on (`9999`, `12.3k`, `4.5M`).
    package static func humanCount(_ value: Int) -> String {
        value < 10_000 ? String(value) : scaled(Double(value))
    }

    /// A rate with one decimal (`0.0`, `12.3`), and a k/M/G suffix from 1,000 on (`1.5k`).
    package static func humanRate(_ value: Double) -> String {
        value < 999.95 ? oneDecimal(value) : scaled(value)
    }

    private static func scaled(_ value: Double) -> String {
        var v = value
        for suffix in ["k", "M", "G", "T"] {
            v /= 1000
            if v < 999.95 || suffix == "T" { return oneDecimal(v) + suffix }
        }
        return oneDecimal(v)
    }

    /// One decimal, rounded half away from zero, without Foundation; a value that is not finite or too
    /// large for whole tenths in an `Int` (a diverging fit's deviance) is written by `String(value)`.
    package static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e17 else { return String(value) }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Cuts `line` to at most `columns` characters (a redrawn line must not wrap).
    package static func fitting(_ line: String, columns: Int) -> String {
        guard columns > 0, line.count > columns else { return line }
        return String(line.prefix(columns))
    }
}
