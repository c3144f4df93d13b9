/// A chart as data: what to draw, not how. `SVGChartRenderer` draws it; JSON carries the same
/// points so readers can redraw it in their own tools.
///
/// Layouts:
/// - ``Layout/xy``: numeric x and y (curves: ROC, calibration, PD/ICE, Qini, selection rate vs threshold);
/// - ``Layout/rows``: one row per category on the y axis, numeric x (forest plots, importance bars,
///   disparity ratios); a point's `x` is its value and `y` is ignored;
/// - ``Layout/columns``: one column per category on the x axis, numeric y (uplift by decile).
package struct Chart: Sendable, Equatable {
    package enum Layout: String, Sendable, Equatable {
        case xy, rows, columns
    }
    package var title: String
    package var xLabel: String
    package var yLabel: String
    package var layout: Layout
    /// Category labels for ``Layout/rows`` and ``Layout/columns`` (point `category` indexes them).
    package var categories: [String]
    package var series: [ChartSeries]
    /// Shaded intervals on the value axis (e.g. the 80 % rule's [0.8, 1.25]).
    package var bands: [ChartBand]
    package var referenceLines: [ChartReferenceLine]
    /// Fixed axis ranges; nil fits the data.
    package var xRange: ClosedRange<Double>?
    package var yRange: ClosedRange<Double>?
    /// A sentence under the chart saying how to read it.
    package var caption: String?

    package init(title: String, xLabel: String, yLabel: String, layout: Layout = .xy, categories: [String] = [],
                series: [ChartSeries], bands: [ChartBand] = [], referenceLines: [ChartReferenceLine] = [],
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil, caption: String? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.layout = layout
        self.categories = categories
        self.series = series
        self.bands = bands
        self.referenceLines = referenceLines
        self.xRange = xRange
        self.yRange = yRange
        self.caption = caption
    }
}

/// One named set of points drawn one way.
package struct ChartSeries: Sendable, Equatable {
    package enum Mark: String, Sendable, Equatable {
        /// A polyline through the points.
        case line
        /// A polyline with a marker at each point.
        case lineMarkers
        /// A thin, faint polyline (ICE curves); not listed in the legend.
        case faintLine
        /// A marker per point with its interval as a whisker (forest plots).
        case points
        /// A bar per point from zero, with its interval as an error bar.
        case bars
    }
    package var name: String
    package var mark: Mark
    package var points: [ChartPoint]
    /// Index into the Okabe–Ito palette; nil uses the series' position.
    package var colorIndex: Int?

    package init(name: String, mark: Mark, points: [ChartPoint], colorIndex: Int? = nil) {
        self.name = name
        self.mark = mark
        self.points = points
        self.colorIndex = colorIndex
    }
}

/// A point with an optional interval on its value axis (y for ``Chart/Layout/xy`` and columns, x for rows).
package struct ChartPoint: Sendable, Equatable {
    package var x: Double
    package var y: Double
    package var lower: Double?
    package var upper: Double?
    /// Index into ``Chart/categories`` for the categorical layouts.
    package var category: Int?

    package init(x: Double, y: Double, lower: Double? = nil, upper: Double? = nil, category: Int? = nil) {
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
        self.category = category
    }
}

/// A shaded interval across the plot on the value axis.
package struct ChartBand: Sendable, Equatable {
    package var from: Double
    package var to: Double
    package var label: String
    package init(from: Double, to: Double, label: String) {
        self.from = from
        self.to = to
        self.label = label
    }
}

/// A dashed guide line: vertical/horizontal at a value, or the diagonal y = x.
package struct ChartReferenceLine: Sendable, Equatable {
    package enum Orientation: String, Sendable, Equatable {
        case vertical, horizontal, diagonal
    }
    package var orientation: Orientation
    package var value: Double
    package var label: String?
    package init(_ orientation: Orientation, at value: Double = 0, label: String? = nil) {
        self.orientation = orientation
        self.value = value
        self.label = label
    }
}
