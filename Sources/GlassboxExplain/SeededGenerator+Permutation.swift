import GlassboxCore

extension SeededGenerator {
    /// A uniformly random permutation of 0..<n: the same Fisher–Yates draws as
    /// `SeededGenerator.shuffle` applied to `Array(0..<n)` (so the same output), written
    /// non-generically because the generic version is not specialised across modules and is
    /// several times slower on the hot path of permutation importance.
    mutating func permutation(count n: Int) -> [Int] {
        var values = Array(0..<n)
        guard n > 1 else { return values }
        values.withUnsafeMutableBufferPointer { v in
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = nextInt(below: i + 1)
                if i != j { v.swapAt(i, j) }
            }
        }
        return values
    }

    /// Shuffles `values` in place with exactly the draws of ``permutation(count:)``, so afterwards
    /// `values[k]` is the old `values[permutation[k]]` — the gather done by the shuffle itself.
    mutating func shuffle(_ values: inout [Double]) {
        values.withUnsafeMutableBufferPointer { shuffle($0) }
    }

    /// ``shuffle(_:)-([Double])`` on caller memory.
    mutating func shuffle(_ v: UnsafeMutableBufferPointer<Double>) {
        let n = v.count
        guard n > 1 else { return }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { v.swapAt(i, j) }
        }
    }
}
