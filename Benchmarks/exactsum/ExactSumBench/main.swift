// Times GlassboxCore's ExactSum against a plain `+=` fold (Benchmarks/README.md, "ExactSum"); not a product.
// Usage: glassbox-bench-exactsum [COUNT] [REPEATS]   (default 10,000,000 doubles, 7 repeats)
// Prints one JSON line per data set: thread-CPU ns per value (minimum over the repeats) of the plain fold, the block
// accumulator (`add(contentsOf:)`) and one-by-one `add(_:)`, and the block/plain ratio.
import Foundation
import GlassboxCore

let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 10_000_000 : 10_000_000
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 7 : 7

/// This thread's CPU time spent in `body` (not wall time: the machine is shared, and a fold is one thread).
func nanoseconds(_ body: () -> Void) -> Double {
    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
    }
    let start = now()
    body()
    return now() - start
}

var generator = SeededGenerator(seed: 1)
let dataSets: [(String, [Double])] = [
    ("probabilities", (0..<count).map { _ in generator.nextUniform() }),
    ("normal", (0..<count).map { _ in generator.nextNormal() }),
    ("mixed 1e-30..1e30", (0..<count).map { _ in (generator.nextUniform() - 0.5) * pow(10, Double(generator.nextInt(below: 61) - 30)) }),
]
for (name, values) in dataSets {
    var plain = Double.infinity, block = Double.infinity, single = Double.infinity
    var plainSum = 0.0, exactSum = 0.0, singleSum = 0.0
    for _ in 0..<repeats {
        plain = min(plain, nanoseconds {
            var s = 0.0
            values.withUnsafeBufferPointer { for x in $0 { s += x } }
            plainSum = s
        })
        block = min(block, nanoseconds {
            var s = ExactSum()
            values.withUnsafeBufferPointer { s.add(contentsOf: $0) }
            exactSum = s.value
        })
        single = min(single, nanoseconds {
            var s = ExactSum()
            for x in values { s.add(x) }
            singleSum = s.value
        })
    }
    precondition(exactSum.bitPattern == singleSum.bitPattern, "block and one-by-one sums differ")
    let n = Double(count)
    print(#"{"data": "\#(name)", "count": \#(count), "plainNsPerValue": \#(plain / n), "blockNsPerValue": \#(block / n), "singleNsPerValue": \#(single / n), "blockOverPlain": \#(block / plain), "plainSum": \#(plainSum), "exactSum": \#(exactSum)}"#)
}
