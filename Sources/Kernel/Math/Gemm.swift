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
        let chunk = 256
        var k0 = 0
        while k0 < k {
            let kc = min(chunk, k - k0)
            accumulate(rows: rows, cols: 0..<n, k: kc, a: a + k0 * aColStride, rs: aRowStride, cs: aColStride,
                       b: b + k0 * ldb, ldb: ldb, c: c, ldc: ldc)
            k0 += kc
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
