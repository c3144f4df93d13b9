import GlassboxCore

/// `source[order[k]]` for every k, gathered in contiguous chunks on all cores (each chunk writes its
/// own disjoint range of the result, so the result does not depend on the number of threads).
func parallelGather<T: Sendable>(_ source: [T], order: [Int32]) -> [T] {
    let n = order.count
    guard n >= 2 * 65_536 else { return order.map { source[Int($0)] } }
    return [T](unsafeUninitializedCapacity: n) { buffer, count in
        let target = DisjointTarget(base: buffer.baseAddress!)
        _ = Parallel.map(Parallel.chunks(count: n)) { range -> Bool in
            source.withUnsafeBufferPointer { s in
                order.withUnsafeBufferPointer { o in
                    for k in range { (target.base + k).initialize(to: s[Int(o[k])]) }
                }
            }
            return true
        }
        count = n
    }
}

/// A result buffer whose chunks are written by different threads, each to its own range.
private struct DisjointTarget<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}
