/// Points of a Qini or uplift curve: `x[i]` is the number of rows targeted (highest predicted
/// uplift first, tied scores taken together), `y[i]` the curve's value there. Starts at (0, 0).
package struct UpliftCurve: Sendable, Equatable, Codable {
    /// Rows targeted at each point, ascending.
    package var x: [Double]
    /// The curve's value at each point (Qini: incremental responders; uplift: uplift × rows targeted).
    package var y: [Double]

    /// A curve through the points (`x[i]`, `y[i]`).
    package init(x: [Double], y: [Double]) {
        self.x = x
        self.y = y
    }

    /// Area under the curve by the trapezoidal rule, Σᵢ (xᵢ₊₁ − xᵢ)(yᵢ₊₁ + yᵢ)/2
    /// (scikit-learn's `auc`, i.e. `numpy.trapezoid(y, x)`).
    package var area: Double {
        var total = 0.0
        for i in 0..<max(0, x.count - 1) { total += (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2 }
        return total
    }

    /// The points as the public API gives them.
    package var points: (x: [Double], y: [Double]) { (x, y) }
}
