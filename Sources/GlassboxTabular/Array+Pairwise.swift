extension Array where Element == Double {
    /// `f(x[i], y[i])` for every `i` (equal lengths), written straight into uninitialised storage: the
    /// element-wise kernel of both expression evaluators (design columns and row expressions).
    @inline(__always)
    static func pairwise(_ x: [Double], _ y: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: x.count) { buffer, n in
            for i in 0..<x.count { buffer[i] = f(x[i], y[i]) }
            n = x.count
        }
    }
}
