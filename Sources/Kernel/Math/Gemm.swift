/// Dense matrix products for the batched fast paths: `C (+)= op(A) · B`, row-major, Float64.
///
/// Every element of C is computed as `c = fma(a_k, b_k, c)` for k = 0, 1, …, K-1 in that order, whatever
/// the blocking or the number of threads, so results are bit-identical on one thread or many. Fused
/// multiply-add is exactly rounded by IEEE 754, so the bits do not depend on the machine either.
public enum Gemm {
    /// Work (m·n·k) above which a product is split between the cores. A hand-over costs about a third
    /// of a microsecond and the data the other core must fetch about as much again; on this project's
    /// machine one LSTM step at H = 64 (24 576 multiply-adds) gains nothing from it, H = 96 does.
    nonisolated(unsafe) public static var splitThreshold = 32_768
    /// `C[i, j] (+)= Σ_k a(i, k) · B[k, j]` with `a(i, k) = A[i * aRowStride + k * aColStride]`.
    ///
    /// `A` row-major M×K is `aRowStride = lda, aColStride = 1`; its transpose (A stored K×M) is
    /// `aRowStride = 1, aColStride = lda`. B is K×N row-major with leading dimension `ldb`.
    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, aRowStride: Int, aColStride: Int,
        b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
    ) {
        guard m > 0, n > 0 else { return }
        if !accumulate {
            for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
        }
        guard k > 0 else { return }
        let threads = Threading.count
        let parts = (threads > 1 && !Threading.isSerialHere && m >= 8 && m * n * k >= splitThreshold) ? min(threads, m / 4) : 1
        if parts <= 1 {
            block(rows: 0..<m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                  b: b, ldb: ldb, c: c, ldc: ldc)
            return
        }
        WorkerTeam.shared.run(parts: parts) { p in
            let lo = m * p / parts, hi = m * (p + 1) / parts
            block(rows: lo..<hi, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                  b: b, ldb: ldb, c: c, ldc: ldc)
        }
    }

    /// Rows `rows` of C, with the reduction cut into chunks that stay in cache (order over k kept).
    private static func block(
        rows: Range<Int>, n: Int, k: Int,
        a: UnsafePointer<Double>, aRowStride: Int, aColStride: Int,
        b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        let chunk = 128
        var k0 = 0
        while k0 < k {
            let kc = min(chunk, k - k0)
            let ak = a + k0 * aColStride, bk = b + k0 * ldb
            var i = rows.lowerBound
            while i + 4 <= rows.upperBound {
                rowsOf4(i: i, n: n, k: kc, a: ak, rs: aRowStride, cs: aColStride, b: bk, ldb: ldb, c: c, ldc: ldc)
                i += 4
            }
            while i < rows.upperBound {
                rowOf1(i: i, n: n, k: kc, a: ak, rs: aRowStride, cs: aColStride, b: bk, ldb: ldb, c: c, ldc: ldc)
                i += 1
            }
            k0 += kc
        }
    }

    private typealias V8 = SIMD8<Double>

    @inline(__always) private static func load(_ p: UnsafePointer<Double>) -> V8 {
        UnsafeRawPointer(p).loadUnaligned(as: V8.self)
    }

    @inline(__always) private static func store(_ v: V8, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self)
    }

    /// Four rows of C at once, sixteen columns at a time: each B row is loaded once and used four times.
    @inline(__always) private static func rowsOf4(
        i: Int, n: Int, k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        let a0 = a + i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs
        let c0 = c + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc
        var j = 0
        while j + 16 <= n {
            var x0 = load(c0 + j), y0 = load(c0 + j + 8), x1 = load(c1 + j), y1 = load(c1 + j + 8)
            var x2 = load(c2 + j), y2 = load(c2 + j + 8), x3 = load(c3 + j), y3 = load(c3 + j + 8)
            var bp = b + j
            for kk in 0..<k {
                let o = kk * cs
                let bx = load(bp), by = load(bp + 8)
                let s0 = V8(repeating: a0[o]), s1 = V8(repeating: a1[o])
                let s2 = V8(repeating: a2[o]), s3 = V8(repeating: a3[o])
                x0.addProduct(s0, bx); y0.addProduct(s0, by)
                x1.addProduct(s1, bx); y1.addProduct(s1, by)
                x2.addProduct(s2, bx); y2.addProduct(s2, by)
                x3.addProduct(s3, bx); y3.addProduct(s3, by)
                bp += ldb
            }
            store(x0, c0 + j); store(y0, c0 + j + 8); store(x1, c1 + j); store(y1, c1 + j + 8)
            store(x2, c2 + j); store(y2, c2 + j + 8); store(x3, c3 + j); store(y3, c3 + j + 8)
            j += 16
        }
        if j + 8 <= n {
            var x0 = load(c0 + j), x1 = load(c1 + j), x2 = load(c2 + j), x3 = load(c3 + j)
            var bp = b + j
            for kk in 0..<k {
                let o = kk * cs
                let bx = load(bp)
                x0.addProduct(V8(repeating: a0[o]), bx); x1.addProduct(V8(repeating: a1[o]), bx)
                x2.addProduct(V8(repeating: a2[o]), bx); x3.addProduct(V8(repeating: a3[o]), bx)
                bp += ldb
            }
            store(x0, c0 + j); store(x1, c1 + j); store(x2, c2 + j); store(x3, c3 + j)
            j += 8
        }
        while j < n {
            var x0 = c0[j], x1 = c1[j], x2 = c2[j], x3 = c3[j]
            for kk in 0..<k {
                let o = kk * cs, bv = b[kk * ldb + j]
                x0.addProduct(a0[o], bv); x1.addProduct(a1[o], bv)
                x2.addProduct(a2[o], bv); x3.addProduct(a3[o], bv)
            }
            c0[j] = x0; c1[j] = x1; c2[j] = x2; c3[j] = x3
            j += 1
        }
    }

    /// One row of C (the rows left over after the blocks of four).
    @inline(__always) private static func rowOf1(
        i: Int, n: Int, k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        let a0 = a + i * rs, c0 = c + i * ldc
        var j = 0
        while j + 8 <= n {
            var x0 = load(c0 + j)
            var bp = b + j
            for kk in 0..<k {
                x0.addProduct(V8(repeating: a0[kk * cs]), load(bp))
                bp += ldb
            }
            store(x0, c0 + j)
            j += 8
        }
        while j < n {
            var x0 = c0[j]
            for kk in 0..<k { x0.addProduct(a0[kk * cs], b[kk * ldb + j]) }
            c0[j] = x0
            j += 1
        }
    }
}

extension Matrix {
    /// `lhs · rhs` a band of rows at a time (about 2^24 multiply-adds each), asking `shouldStop` before each band:
    /// nil when it said stop. Each entry is summed over k in the same order as `*`, so the bits are the same.
    public static func product(_ lhs: Matrix, _ rhs: Matrix, shouldStop: () -> Bool) -> Matrix? {
        product(lhs, rhs, band: max(8, (1 << 24) / max(1, lhs.cols * rhs.cols)), shouldStop: shouldStop)
    }

    /// `self · other` (M×K times K×N).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        product(lhs, rhs, band: lhs.rows, shouldStop: { false })!
    }

    private static func product(_ lhs: Matrix, _ rhs: Matrix, band: Int, shouldStop: () -> Bool) -> Matrix? {
        precondition(lhs.cols == rhs.rows, "cannot multiply \(lhs.rows)×\(lhs.cols) by \(rhs.rows)×\(rhs.cols)")
        var out = Matrix(rows: lhs.rows, cols: rhs.cols)
        guard lhs.rows > 0, rhs.cols > 0, lhs.cols > 0 else { return out }
        var stopped = false
        lhs.storage.withUnsafeBufferPointer { a in
            rhs.storage.withUnsafeBufferPointer { b in
                out.storage.withUnsafeMutableBufferPointer { c in
                    for top in stride(from: 0, to: lhs.rows, by: max(1, band)) {
                        if shouldStop() { stopped = true; return }
                        Gemm.multiply(m: min(band, lhs.rows - top), n: rhs.cols, k: lhs.cols,
                                      a: a.baseAddress! + top * lhs.cols, aRowStride: lhs.cols, aColStride: 1,
                                      b: b.baseAddress!, ldb: rhs.cols, c: c.baseAddress! + top * rhs.cols, ldc: rhs.cols,
                                      accumulate: false)
                    }
                }
            }
        }
        return stopped ? nil : out
    }
}
