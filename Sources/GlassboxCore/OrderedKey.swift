/// The order-preserving 64-bit key of a double: unsigned comparison of keys is numeric comparison of
/// the doubles, so scores can be radix-sorted, histogrammed by their high bits and selected by rank
/// (radix sorts, exact AUC, key selection) without comparing doubles.
///
/// key(x) = bits(x) | 2⁶³ for x ≥ +0 and ~bits(x) for x < 0 (flipping a negative's bits reverses its
/// order), where −0 is first replaced by +0 so that −0 and +0 share a key, as they are `==`.
/// −∞ has the smallest key and +∞ the largest among non-NaN doubles. NaN has no place in the order
/// (a positive NaN's key lies above +∞, a negative NaN's below −∞); callers exclude NaN first.
package enum OrderedKey {
    /// The key of `x` (see the type's documentation).
    @inline(__always)
    package static func key(_ x: Double) -> UInt64 {
        let bits = (x == 0 ? 0.0 : x).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// The double whose key is `key` (+0 for the key of ±0): the inverse of ``key(_:)``.
    @inline(__always)
    package static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
}
