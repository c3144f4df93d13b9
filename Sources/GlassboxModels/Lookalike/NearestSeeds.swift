import GlassboxCore
import GlassboxLinearAlgebra

/// Exact K-nearest-seed search by cosine similarity, blocked on BLAS matrix products.
///
/// Rows and seeds are unit vectors (row-major), so similarity = dot product. The rows are split into
/// fixed chunks processed on all cores (``Parallel``); within a chunk, tiles of `rowTile` rows
/// × `seedTile` seeds are multiplied with `dgemm` (C = S_tile · R_tileᵀ, so each row's similarities are
/// contiguous and the tile stays in cache), and each row keeps its K largest similarities in a
/// bounded min-heap. Ties are broken towards the lower seed index, so results do not depend on
/// tiling or thread count. Time O(n·m·p) for the products plus O(n·m) comparisons (heap updates
/// O(log K) each, rare once the heap is full); memory O(rowTile·seedTile) per worker.
/// Reference: the same quantity as scikit-learn's `NearestNeighbors(metric="cosine",
/// algorithm="brute")`, whose distances are 1 − similarity.
package enum NearestSeeds {
    package struct Result: Sendable {
        /// Mean of each row's K largest similarities.
        public var meanSimilarity: [Double]
        /// Seed indices of each row's K nearest seeds, most similar first, row-major (n × K).
        public var neighbours: [Int32]
        /// Their similarities, row-major (n × K).
        public var similarities: [Double]
    }

    public static func search(rows: [Double], seeds: [Double], features p: Int, k: Int, rowTile: Int = 128, seedTile: Int = 2048) -> Result {
        let n = p > 0 ? rows.count / p : 0
        let m = p > 0 ? seeds.count / p : 0
        precondition(k >= 1 && k <= m, "K must be in 1…seed count")
        let chunks = Parallel.chunks(count: n, minimumChunk: 2048, maximumChunks: 256)
        let parts = Parallel.map(chunks) { range -> (sims: [Double], idx: [Int32]) in
            var topSim = [Double](repeating: -.infinity, count: range.count * k)
            var topIdx = [Int32](repeating: -1, count: range.count * k)
            var tile = [Double](repeating: 0, count: rowTile * seedTile)
            rows.withUnsafeBufferPointer { r in
                seeds.withUnsafeBufferPointer { s in
                    tile.withUnsafeMutableBufferPointer { c in
                        var row0 = range.lowerBound
                        while row0 < range.upperBound {
                            let nr = min(rowTile, range.upperBound - row0)
                            var seed0 = 0
                            while seed0 < m {
                                let ns = min(seedTile, m - seed0)
                                // C (ns × nr, column-major) = S[seed0..](ns × p) · R[row0..]ᵀ(p × nr); both stored row-major.
                                BLASKernels.gemmTransposedA(m: ns, n: nr, k: p, alpha: 1, a: s.baseAddress! + seed0 * p, lda: p,
                                            b: r.baseAddress! + row0 * p, ldb: p, beta: 0, c: c.baseAddress!, ldc: ns)
                                for q in 0..<nr {
                                    let local = row0 - range.lowerBound + q
                                    topSim.withUnsafeMutableBufferPointer { hs in
                                        topIdx.withUnsafeMutableBufferPointer { hi in
                                            let heapS = hs.baseAddress! + local * k, heapI = hi.baseAddress! + local * k
                                            let column = c.baseAddress! + q * ns
                                            var floor = heapS[0]
                                            for t in 0..<ns {
                                                let v = column[t]
                                                // Strictly larger replaces: an equal later seed loses the tie.
                                                if v > floor {
                                                    replaceMinimum(heapS, heapI, k, v, Int32(seed0 + t))
                                                    floor = heapS[0]
                                                }
                                            }
                                        }
                                    }
                                }
                                seed0 += ns
                            }
                            row0 += nr
                        }
                    }
                }
            }
            return (topSim, topIdx)
        }
        var mean = [Double](), neighbours = [Int32](), similarities = [Double]()
        mean.reserveCapacity(n)
        neighbours.reserveCapacity(n * k)
        similarities.reserveCapacity(n * k)
        for part in parts {
            for r in 0..<(part.sims.count / k) {
                var pairs = (0..<k).map { (part.sims[r * k + $0], part.idx[r * k + $0]) }
                pairs.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
                var sum = 0.0
                for (v, i) in pairs { sum += v; neighbours.append(i); similarities.append(v) }
                mean.append(sum / Double(k))
            }
        }
        return Result(meanSimilarity: mean, neighbours: neighbours, similarities: similarities)
    }

    /// Replaces the root of a min-heap of size k (ordered by similarity, ties: larger index is smaller)
    /// and sifts down.
    @inline(__always)
    private static func replaceMinimum(_ s: UnsafeMutablePointer<Double>, _ idx: UnsafeMutablePointer<Int32>, _ k: Int, _ v: Double, _ i: Int32) {
        @inline(__always) func less(_ a: Int, _ b: Int) -> Bool {
            s[a] != s[b] ? s[a] < s[b] : idx[a] > idx[b]
        }
        s[0] = v
        idx[0] = i
        var pos = 0
        while true {
            let l = 2 * pos + 1
            if l >= k { break }
            var child = l
            if l + 1 < k && less(l + 1, l) { child = l + 1 }
            if less(child, pos) {
                (s[child], s[pos]) = (s[pos], s[child])
                (idx[child], idx[pos]) = (idx[pos], idx[child])
                pos = child
            } else { break }
        }
    }
}
