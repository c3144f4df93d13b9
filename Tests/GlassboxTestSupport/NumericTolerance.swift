/// Closeness of computed numbers to reference values (statsmodels, scikit-learn, fairlearn, …).
///
/// Two forms, because the reference tests compare in two ways:
/// - ``isClose(_:_:tolerance:scale:)`` measures the error against the *reference* value, with a floor
///   `scale` below which the tolerance becomes absolute (`scale: 1` is "relative above 1, absolute below").
/// - ``isRelativelyClose(_:_:tolerance:)`` is symmetric: the error against the larger of the two
///   magnitudes, and exact equality always passes (so equal infinities compare equal).
package enum NumericTolerance {
    /// `|actual − expected| ≤ tolerance · max(|expected|, scale)`. NaN on either side is never close.
    package static func isClose(_ actual: Double, _ expected: Double, tolerance: Double, scale: Double = 0) -> Bool {
        abs(actual - expected) <= tolerance * max(abs(expected), scale)
    }

    /// `a == b` or `|a − b| ≤ tolerance · max(|a|, |b|)`; a missing `a` is never close.
    package static func isRelativelyClose(_ a: Double?, _ b: Double, tolerance: Double) -> Bool {
        guard let a else { return false }
        return a == b || abs(a - b) <= tolerance * max(abs(a), abs(b))
    }
}
