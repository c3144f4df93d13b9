import Foundation

/// Axis ticks at "nice" numbers (1, 2, 2.5 or 5 × 10ᵏ), as in Heckbert, "Nice numbers for graph
/// labels", *Graphics Gems* (1990): the range is widened outwards to whole steps.
package struct NiceScale: Sendable, Equatable {
    package var lower: Double
    package var upper: Double
    package var step: Double

    /// - Parameters: `targetTicks` is the preferred number of intervals (about 5).
    package init(_ minimum: Double, _ maximum: Double, targetTicks: Int = 5) {
        var lo = minimum, hi = maximum
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if hi < lo { swap(&lo, &hi) }
        if hi - lo < 1e-12 {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let raw = (hi - lo) / Double(max(1, targetTicks))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        step = nice * magnitude
        lower = (lo / step + 1e-9).rounded(.down) * step
        upper = (hi / step - 1e-9).rounded(.up) * step
    }

    /// Tick values from lower to upper inclusive.
    package var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...max(0, count)).map { lower + Double($0) * step }
    }

    /// A tick label with as many decimals as the step needs (no "-0").
    package func label(_ x: Double) -> String {
        let decimals = max(0, Int((-log10(step)).rounded(.up)) + (step / pow(10, (log10(step)).rounded(.down)) == 2.5 ? 1 : 0))
        var s = String(format: "%.\(min(decimals, 6))f", x)
        if s.hasPrefix("-") && Double(s) == 0 { s.removeFirst() }
        return s
    }
}
