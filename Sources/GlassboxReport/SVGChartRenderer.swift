import GlassboxCore
import Foundation

/// Draws a ``Chart`` as a self-contained inline SVG element: axes with nice ticks, grid lines, bands,
/// reference lines, series (lines, markers with whiskers, bars with error bars) and a legend, in the
/// Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"). Every label is
/// escaped; output is deterministic (fixed decimals), so the same chart gives the same bytes.
package struct SVGChartRenderer: Sendable {
    /// Okabe–Ito, ordered so the first colours contrast best on white (yellow last).
    package static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    package var width = 680.0

    package init() {}

    /// - Parameter id: unique within the page (used for the clip path).
    package func render(_ chart: Chart, id: String) -> String {
        var plot = Frame(chart: chart, width: width)
        var svg = ""
        let title = Escaping.html(chart.title)
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(plot.height))\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        svg += "<title id=\"\(id)-t\">\(title)</title>"
        svg += "<text class=\"ct\" x=\"\(f(plot.left))\" y=\"18\">\(title)</text>"
        svg += legend(chart, y: 36)
        svg += "<defs><clipPath id=\"\(id)-c\"><rect x=\"\(f(plot.left))\" y=\"\(f(plot.top))\" width=\"\(f(plot.plotWidth))\" height=\"\(f(plot.plotHeight))\"/></clipPath></defs>"
        svg += "<rect class=\"pa\" x=\"\(f(plot.left))\" y=\"\(f(plot.top))\" width=\"\(f(plot.plotWidth))\" height=\"\(f(plot.plotHeight))\"/>"
        svg += stripes(chart, plot)
        svg += bands(chart, plot)
        svg += axes(chart, &plot)
        svg += "<g clip-path=\"url(#\(id)-c)\">"
        svg += referenceLines(chart, plot)
        for (k, s) in chart.series.enumerated() where s.mark == .faintLine { svg += series(s, index: k, chart: chart, plot) }
        for (k, s) in chart.series.enumerated() where s.mark != .faintLine { svg += series(s, index: k, chart: chart, plot) }
        svg += "</g></svg>"
        return svg
    }

    func color(_ s: ChartSeries, _ index: Int) -> String { Self.palette[(s.colorIndex ?? index) % Self.palette.count] }

    // MARK: geometry

    struct Frame {
        var left: Double, top: Double, plotWidth: Double, plotHeight: Double, height: Double
        var x: NiceScale, y: NiceScale
        var categoryCount: Int

        init(chart: Chart, width: Double) {
            categoryCount = chart.categories.count
            let longest = chart.layout == .rows ? chart.categories.map { min($0.count, 34) }.max() ?? 4 : 4
            left = chart.layout == .rows ? max(70, 14 + Double(longest) * 6.6) : 70
            let legendLines = SVGChartRenderer.legendLayout(chart, left: left, right: width - 8).lines
            top = 40 + Double(legendLines) * 16 + 8
            plotWidth = width - left - 24
            let slots = chart.series.filter { $0.mark == .points || $0.mark == .bars }.count
            plotHeight = chart.layout == .rows ? max(60, Double(chart.categories.count) * (slots > 1 ? 16 + 8 * Double(slots) : 26)) : 300
            height = top + plotHeight + 52
            var xs = [Double](), ys = [Double]()
            for s in chart.series {
                for p in s.points {
                    xs.append(p.x); ys.append(p.y)
                    if let l = p.lower { chart.layout == .rows ? xs.append(l) : ys.append(l) }
                    if let u = p.upper { chart.layout == .rows ? xs.append(u) : ys.append(u) }
                }
                if s.mark == .bars { chart.layout == .rows ? xs.append(0) : ys.append(0) }
            }
            for b in chart.bands {
                if chart.layout == .rows { xs += [b.from, b.to] } else { ys += [b.from, b.to] }
            }
            for r in chart.referenceLines {
                switch r.orientation {
                case .vertical: xs.append(r.value)
                case .horizontal: ys.append(r.value)
                case .diagonal: break
                }
            }
            xs = xs.filter(\.isFinite); ys = ys.filter(\.isFinite)
            let xr = chart.xRange ?? ((xs.min() ?? 0)...(xs.max() ?? 1))
            let yr = chart.yRange ?? ((ys.min() ?? 0)...(ys.max() ?? 1))
            x = NiceScale(xr.lowerBound, xr.upperBound, targetTicks: 6)
            y = NiceScale(yr.lowerBound, yr.upperBound, targetTicks: 5)
            if let fixed = chart.xRange { x.lower = fixed.lowerBound; x.upper = fixed.upperBound }
            if let fixed = chart.yRange { y.lower = fixed.lowerBound; y.upper = fixed.upperBound }
        }

        func px(_ v: Double) -> Double { left + (v - x.lower) / (x.upper - x.lower) * plotWidth }
        func py(_ v: Double) -> Double { top + plotHeight - (v - y.lower) / (y.upper - y.lower) * plotHeight }
        /// Centre of category row k (rows layout, first category at the top).
        func rowY(_ k: Int) -> Double { top + (Double(k) + 0.5) * plotHeight / Double(max(1, categoryCount)) }
        /// Centre of category column k (columns layout).
        func columnX(_ k: Int) -> Double { left + (Double(k) + 0.5) * plotWidth / Double(max(1, categoryCount)) }
    }

    static func hasLegend(_ chart: Chart) -> Bool {
        chart.series.filter { $0.mark != .faintLine }.count > 1 || !chart.bands.isEmpty || chart.series.contains { $0.mark == .faintLine }
    }

    // MARK: parts

    /// Legend entries in drawing order: (swatch kind, label, colour); the swatch is "bar", "line", "faint" or "band".
    static func legendItems(_ chart: Chart) -> [(kind: String, label: String, color: String)] {
        guard hasLegend(chart) else { return [] }
        var items = [(kind: String, label: String, color: String)]()
        for (k, s) in chart.series.enumerated() where s.mark != .faintLine {
            items.append((s.mark == .bars ? "bar" : "line", s.name, palette[(s.colorIndex ?? k) % palette.count]))
        }
        if let faint = chart.series.enumerated().first(where: { $0.element.mark == .faintLine }) {
            items.append(("faint", faint.element.name, palette[(faint.element.colorIndex ?? faint.offset) % palette.count]))
        }
        for b in chart.bands { items.append(("band", b.label, "")) }
        return items
    }

    /// Positions of legend entries, wrapping to a new line when an entry would pass `right`.
    static func legendLayout(_ chart: Chart, left: Double, right: Double) -> (positions: [(x: Double, line: Int)], lines: Int) {
        var positions = [(x: Double, line: Int)](), x = left, line = 0
        for item in legendItems(chart) {
            let w = 28 + Double(min(item.label.count, 60)) * 6.2
            if x > left && x + w > right { x = left; line += 1 }
            positions.append((x, line))
            x += w
        }
        return (positions, positions.isEmpty ? 0 : line + 1)
    }

    func legend(_ chart: Chart, y: Double) -> String {
        let items = Self.legendItems(chart)
        guard !items.isEmpty else { return "" }
        let frame = Frame(chart: chart, width: width)
        let layout = Self.legendLayout(chart, left: frame.left, right: width - 8)
        var out = "<g class=\"lg\">"
        for (item, pos) in zip(items, layout.positions) {
            let x = pos.x, ly = y + Double(pos.line) * 16
            switch item.kind {
            case "bar": out += "<rect x=\"\(f(x))\" y=\"\(f(ly - 5))\" width=\"12\" height=\"10\" fill=\"\(item.color)\"/>"
            case "faint": out += "<line x1=\"\(f(x))\" x2=\"\(f(x + 12))\" y1=\"\(f(ly))\" y2=\"\(f(ly))\" stroke=\"\(item.color)\" stroke-opacity=\"0.35\" stroke-width=\"1\"/>"
            case "band": out += "<rect x=\"\(f(x))\" y=\"\(f(ly - 5))\" width=\"12\" height=\"10\" class=\"bd\"/>"
            default: out += "<line x1=\"\(f(x))\" x2=\"\(f(x + 12))\" y1=\"\(f(ly))\" y2=\"\(f(ly))\" stroke=\"\(item.color)\" stroke-width=\"2.5\"/>"
            }
            out += "<text x=\"\(f(x + 18))\" y=\"\(f(ly + 4))\">\(Escaping.html(item.label))</text>"
        }
        return out + "</g>"
    }

    /// Alternate row shading for the rows layout, drawn under bands and data.
    func stripes(_ chart: Chart, _ p: Frame) -> String {
        guard chart.layout == .rows else { return "" }
        let band = p.plotHeight / Double(max(1, p.categoryCount))
        return chart.categories.indices.filter { $0 % 2 == 1 }.map {
            "<rect class=\"st\" x=\"\(f(p.left))\" y=\"\(f(p.rowY($0) - band / 2))\" width=\"\(f(p.plotWidth))\" height=\"\(f(band))\"/>"
        }.joined()
    }

    func bands(_ chart: Chart, _ p: Frame) -> String {
        var out = ""
        for b in chart.bands {
            if chart.layout == .rows {
                let x0 = p.px(max(b.from, p.x.lower)), x1 = p.px(min(b.to, p.x.upper))
                out += "<rect class=\"bd\" x=\"\(f(x0))\" y=\"\(f(p.top))\" width=\"\(f(max(0, x1 - x0)))\" height=\"\(f(p.plotHeight))\"/>"
            } else {
                let y0 = p.py(min(b.to, p.y.upper)), y1 = p.py(max(b.from, p.y.lower))
                out += "<rect class=\"bd\" x=\"\(f(p.left))\" y=\"\(f(y0))\" width=\"\(f(p.plotWidth))\" height=\"\(f(max(0, y1 - y0)))\"/>"
            }
        }
        return out
    }

    func axes(_ chart: Chart, _ p: inout Frame) -> String {
        var out = "<g class=\"ax\">"
        let bottom = p.top + p.plotHeight
        if chart.layout != .columns {
            for t in p.x.ticks {
                let x = p.px(t)
                out += "<line class=\"gr\" x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(f(p.top))\" y2=\"\(f(bottom))\"/>"
                out += "<text x=\"\(f(x))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(p.x.label(t))</text>"
            }
        } else {
            for (k, c) in chart.categories.enumerated() {
                out += "<text x=\"\(f(p.columnX(k)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(Escaping.html(short(c, 12)))</text>"
            }
        }
        if chart.layout != .rows {
            for t in p.y.ticks {
                let y = p.py(t)
                out += "<line class=\"gr\" x1=\"\(f(p.left))\" x2=\"\(f(p.left + p.plotWidth))\" y1=\"\(f(y))\" y2=\"\(f(y))\"/>"
                out += "<text x=\"\(f(p.left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(p.y.label(t))</text>"
            }
        } else {
            for (k, c) in chart.categories.enumerated() {
                let y = p.rowY(k)
                out += "<text x=\"\(f(p.left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\"><title>\(Escaping.html(c))</title>\(Escaping.html(short(c, 34)))</text>"
            }
        }
        out += "<line class=\"bl\" x1=\"\(f(p.left))\" x2=\"\(f(p.left + p.plotWidth))\" y1=\"\(f(bottom))\" y2=\"\(f(bottom))\"/>"
        out += "<line class=\"bl\" x1=\"\(f(p.left))\" x2=\"\(f(p.left))\" y1=\"\(f(p.top))\" y2=\"\(f(bottom))\"/>"
        out += "<text class=\"al\" x=\"\(f(p.left + p.plotWidth / 2))\" y=\"\(f(bottom + 38))\" text-anchor=\"middle\">\(Escaping.html(chart.xLabel))</text>"
        if chart.layout != .rows {
            let cy = p.top + p.plotHeight / 2
            out += "<text class=\"al\" transform=\"translate(16 \(f(cy))) rotate(-90)\" text-anchor=\"middle\">\(Escaping.html(chart.yLabel))</text>"
        }
        return out + "</g>"
    }

    func referenceLines(_ chart: Chart, _ p: Frame) -> String {
        var out = ""
        for r in chart.referenceLines {
            switch r.orientation {
            case .vertical:
                out += "<line class=\"rf\" x1=\"\(f(p.px(r.value)))\" x2=\"\(f(p.px(r.value)))\" y1=\"\(f(p.top))\" y2=\"\(f(p.top + p.plotHeight))\"/>"
            case .horizontal:
                out += "<line class=\"rf\" x1=\"\(f(p.left))\" x2=\"\(f(p.left + p.plotWidth))\" y1=\"\(f(p.py(r.value)))\" y2=\"\(f(p.py(r.value)))\"/>"
            case .diagonal:
                let lo = max(p.x.lower, p.y.lower), hi = min(p.x.upper, p.y.upper)
                out += "<line class=\"rf\" x1=\"\(f(p.px(lo)))\" x2=\"\(f(p.px(hi)))\" y1=\"\(f(p.py(lo)))\" y2=\"\(f(p.py(hi)))\"/>"
            }
        }
        return out
    }

    func series(_ s: ChartSeries, index k: Int, chart: Chart, _ p: Frame) -> String {
        let c = color(s, k)
        let name = Escaping.html(s.name)
        let pts = s.points.filter { $0.x.isFinite && $0.y.isFinite }
        var out = "<g><title>\(name)</title>"
        // Several series in a categorical layout share each slot side by side.
        let drawn = chart.series.filter { $0.mark == .points || $0.mark == .bars }
        let slot = drawn.firstIndex(of: s) ?? 0, slots = max(1, drawn.count)
        switch s.mark {
        case .line, .lineMarkers, .faintLine:
            guard !pts.isEmpty else { break }
            let path = pts.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(p.px($0.element.x))) \(f(p.py($0.element.y)))" }.joined()
            out += s.mark == .faintLine
                ? "<path d=\"\(path)\" fill=\"none\" stroke=\"\(c)\" stroke-opacity=\"0.3\" stroke-width=\"1\"/>"
                : "<path d=\"\(path)\" fill=\"none\" stroke=\"\(c)\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>"
            if s.mark == .lineMarkers {
                for q in pts { out += "<circle cx=\"\(f(p.px(q.x)))\" cy=\"\(f(p.py(q.y)))\" r=\"3.2\" fill=\"\(c)\"/>" }
            }
            for q in pts where q.lower != nil && q.upper != nil {
                out += "<line x1=\"\(f(p.px(q.x)))\" x2=\"\(f(p.px(q.x)))\" y1=\"\(f(p.py(q.lower!)))\" y2=\"\(f(p.py(q.upper!)))\" stroke=\"\(c)\" stroke-width=\"1.2\"/>"
            }
        case .points, .bars:
            for q in pts {
                guard let cat = q.category else { continue }
                if chart.layout == .rows {
                    let band = p.plotHeight / Double(max(1, p.categoryCount))
                    let y = p.rowY(cat) + (Double(slot) - Double(slots - 1) / 2) * min(12, band * 0.8 / Double(slots))
                    if s.mark == .bars {
                        let h = min(16, band * 0.7 / Double(slots)), x0 = p.px(0), x1 = p.px(q.x)
                        out += "<rect x=\"\(f(min(x0, x1)))\" y=\"\(f(y - h / 2))\" width=\"\(f(abs(x1 - x0)))\" height=\"\(f(h))\" fill=\"\(c)\" fill-opacity=\"0.85\"/>"
                    }
                    if let lo = q.lower, let hi = q.upper, lo.isFinite, hi.isFinite {
                        out += "<path d=\"M\(f(p.px(lo))) \(f(y))L\(f(p.px(hi))) \(f(y))M\(f(p.px(lo))) \(f(y - 4))L\(f(p.px(lo))) \(f(y + 4))M\(f(p.px(hi))) \(f(y - 4))L\(f(p.px(hi))) \(f(y + 4))\" stroke=\"\(s.mark == .bars ? "#222" : c)\" stroke-width=\"1.4\" fill=\"none\"/>"
                    }
                    if s.mark == .points { out += "<rect x=\"\(f(p.px(q.x) - 4))\" y=\"\(f(y - 4))\" width=\"8\" height=\"8\" fill=\"\(c)\"/>" }
                } else {
                    let band = p.plotWidth / Double(max(1, p.categoryCount))
                    let w = band * 0.7 / Double(slots)
                    let x = p.columnX(cat) + (Double(slot) - Double(slots - 1) / 2) * w
                    if s.mark == .bars {
                        let y0 = p.py(0), y1 = p.py(q.y)
                        out += "<rect x=\"\(f(x - w / 2))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(w))\" height=\"\(f(abs(y1 - y0)))\" fill=\"\(c)\" fill-opacity=\"0.85\"/>"
                    } else {
                        out += "<circle cx=\"\(f(x))\" cy=\"\(f(p.py(q.y)))\" r=\"4\" fill=\"\(c)\"/>"
                    }
                    if let lo = q.lower, let hi = q.upper, lo.isFinite, hi.isFinite {
                        out += "<path d=\"M\(f(x)) \(f(p.py(lo)))L\(f(x)) \(f(p.py(hi)))M\(f(x - 4)) \(f(p.py(lo)))L\(f(x + 4)) \(f(p.py(lo)))M\(f(x - 4)) \(f(p.py(hi)))L\(f(x + 4)) \(f(p.py(hi)))\" stroke=\"#222\" stroke-width=\"1.3\" fill=\"none\"/>"
                    }
                }
            }
        }
        return out + "</g>"
    }

    func short(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    /// Fixed one-decimal coordinates (deterministic, compact).
    func f(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }
}
