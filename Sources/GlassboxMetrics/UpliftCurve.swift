/// Points of a Qini or uplift curve: `x[i]` is the number of rows targeted (highest predicted
/// uplift first, tied scores taken together), `y[i]` the curve's value there. Starts at (0, 0).
public struct UpliftCurve: Sendable, Equatable, Codable {
    /// Rows targeted at each point, ascending.
    public var x: [Double]
    /// The curve's value at each point (Qini: incremental responders; uplift: uplift × rows targeted).
    public var y: [Double]

    /// A curve through the points (`x[i]`, `y[i]`).
    public init(x: [Double], y: [Double]) {
        self.x = x
        self.y = y
    }

    /// Area under the curve by the trapezoidal rule, Σᵢ (xᵢ₊₁ − xᵢ)(yᵢ₊₁ + yᵢ)/2
    /// (scikit-learn's `auc`, i.e. `numpy.trapezoid(y, x)`).
    public var area: Double {
        var total = 0.0
        for i in 0..<max(0, x.count - 1) { total += (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2 }
        return total
    }
}
