import Testing
@testable import GlassboxLinearAlgebra

@Suite("Linear algebra on BLAS/LAPACK")
struct LinearAlgebraTests {
    let spd = Matrix(rowMajor: [[4, 12, -16], [12, 37, -43], [-16, -43, 98]])

    @Test("Cholesky factor of the textbook example is [[2,6,-8],[0,1,5],[0,0,3]]")
    func choleskyFactor() throws {
        let u = try Cholesky(spd).factor
        let expected: [[Double]] = [[2, 6, -8], [0, 1, 5], [0, 0, 3]]
        for i in 0..<3 { for j in i..<3 { #expect(abs(u[i, j] - expected[i][j]) < 1e-12) } }
        #expect(abs(try Cholesky(spd).logDeterminant - log(36.0)) < 1e-12)
    }

    @Test("solve and inverse agree with A·x = b and A·A⁻¹ = I")
    func solveAndInverse() throws {
        let c = try Cholesky(spd)
        let x = try c.solve([1, 2, 3])
        let back = try spd.multiplied(by: x)
        for (a, b) in zip(back, [1.0, 2, 3]) { #expect(abs(a - b) < 1e-10) }
        let product = try spd.multiplied(by: try c.inverse())
        for i in 0..<3 { for j in 0..<3 { #expect(abs(product[i, j] - (i == j ? 1 : 0)) < 1e-10) } }
    }

    @Test("a matrix that is not positive definite is a typed error naming the minor")
    func notPositiveDefinite() {
        let m = Matrix(rowMajor: [[1, 2], [2, 1]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) { try Cholesky(m) }
        #expect(LinearAlgebraError.notPositiveDefinite(order: 2).description.contains("order 2"))
    }

    @Test("weighted Gram matrix equals the naive Σ wᵢ xᵢ xᵢᵀ over many chunks")
    func weightedGram() throws {
        var rng = SeededRandom(seed: 3)
        let n = 150_001, p = 4
        var x = Matrix(rows: n, columns: p)
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            w[i] = rng.uniform() * 2
            for j in 0..<p { x[i, j] = rng.uniform() - 0.5 }
        }
        let g = try x.weightedGram(weights: w)
        for a in 0..<p {
            for b in 0..<p {
                var s = 0.0
                for i in 0..<n { s += w[i] * x[i, a] * x[i, b] }
                #expect(abs(g[a, b] - s) < 1e-9 * max(1, abs(s)))
            }
        }
        #expect(try x.weightedGram(weights: w) == g, "same chunking gives bit-identical sums")
    }

    @Test("aliased columns: a later linear combination and a zero column are found, earlier ones kept")
    func aliased() throws {
        let rows: [[Double]] = (0..<20).map { i in
            let a = Double(i), b = Double((i * 7) % 5)
            return [1, a, b, 2 * a - b, 0]
        }
        let x = Matrix(rowMajor: rows)
        let gram = try x.transposed.multiplied(by: x)
        #expect(Matrix.aliasedColumns(gram: gram) == [3, 4])
    }

    @Test("symmetric eigenvalues of diag(1,2,3) rotated are 1,2,3; condition number 3")
    func eigen() throws {
        let e = try SymmetricEigen(Matrix(rowMajor: [[2, 1, 0], [1, 2, 0], [0, 0, 3]]))
        #expect(abs(e.values[0] - 1) < 1e-12 && abs(e.values[1] - 3) < 1e-12 && abs(e.values[2] - 3) < 1e-12)
        #expect(abs(e.conditionNumber - 3) < 1e-12)
    }

    @Test("products and transposes")
    func products() throws {
        let a = Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        let b = Matrix(rowMajor: [[1, 0, 2], [0, 1, 3]])
        let c = try a.multiplied(by: b)
        #expect(c == Matrix(rowMajor: [[1, 2, 8], [3, 4, 18], [5, 6, 28]]))
        #expect(try a.transposeMultiplied(by: [1, 1, 1]) == [9, 12])
        #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: a) }
        #expect(BLASLibrary.path.contains("blas"))
    }
}

/// A tiny deterministic generator for test data (the library's own lives in GlassboxCore).
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func uniform() -> Double {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Double(state >> 11) * 0x1.0p-53
    }
}

#if canImport(Glibc)
import Glibc
#endif
