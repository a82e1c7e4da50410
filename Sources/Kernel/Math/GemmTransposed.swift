extension Gemm {
    /// `C[i, j] += Σ_k A[i, k] · B[j, k]`: the forward product of a batch of inputs (A, M×K) with a stack of
    /// weight rows (B, N×K), both row-major, both read contiguously along k.
    ///
    /// Each element is one fixed sequence of operations whatever the block it falls in or the thread
    /// that runs it: eight lane sums over k ≡ l (mod 8) with fused multiply-adds, folded pairwise
    /// (lanes 0–3 + 4–7, then 0–1 + 2–3, then 0 + 1), then the k left over one by one, then added to C.
    /// So a sequence run alone and in a batch, on one core or two, gives the same bits.
    public static func multiplyTransposed(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        let work = m * n * k
        let parts = Threading.count > 1 && !Threading.isSerialHere && work >= splitThreshold ? Threading.count : 1
        let splitRows = m >= 4 * parts
        if parts <= 1 || (!splitRows && n < 8 * parts) {
            dotBlock(rows: 0..<m, cols: 0..<n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
            return
        }
        WorkerTeam.shared.run(parts: parts) { p in
            let total = splitRows ? m : n
            let range = total * p / parts ..< total * (p + 1) / parts
            dotBlock(rows: splitRows ? range : 0..<m, cols: splitRows ? 0..<n : range, k: k,
                     a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
        }
    }

    @inline(__always) private static func load8(_ p: UnsafePointer<Double>) -> V8 {
        UnsafeRawPointer(p).loadUnaligned(as: V8.self)
    }

    /// The fixed fold of eight lane sums plus the leftover k (see `multiplyTransposed`).
    @inline(__always) private static func finish(
        _ acc: V8, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, from k0: Int, to k: Int
    ) -> Double {
        let four = acc.lowHalf + acc.highHalf, two = four.lowHalf + four.highHalf
        var s = two[0] + two[1]
        var kk = k0
        while kk < k { s.addProduct(a[kk], b[kk]); kk += 1 }
        return s
    }

    /// The dot products of rows × cols, blocked two rows by four columns (see `multiplyTransposed`).
    static func dotBlock(
        rows: Range<Int>, cols: Range<Int>, k: Int,
        a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        let k8 = k & ~7
        var i = rows.lowerBound
        while i + 2 <= rows.upperBound {
            let a0 = a + i * lda, a1 = a0 + lda
            var j = cols.lowerBound
            while j + 4 <= cols.upperBound {
                let b0 = b + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb
                var s00 = V8(), s01 = V8(), s02 = V8(), s03 = V8()
                var s10 = V8(), s11 = V8(), s12 = V8(), s13 = V8()
                var kk = 0
                while kk < k8 {
                    let x0 = load8(a0 + kk), x1 = load8(a1 + kk)
                    let w0 = load8(b0 + kk), w1 = load8(b1 + kk), w2 = load8(b2 + kk), w3 = load8(b3 + kk)
                    s00.addProduct(x0, w0); s01.addProduct(x0, w1); s02.addProduct(x0, w2); s03.addProduct(x0, w3)
                    s10.addProduct(x1, w0); s11.addProduct(x1, w1); s12.addProduct(x1, w2); s13.addProduct(x1, w3)
                    kk += 8
                }
                let c0 = c + i * ldc + j, c1 = c0 + ldc
                c0[0] += finish(s00, a0, b0, from: k8, to: k); c0[1] += finish(s01, a0, b1, from: k8, to: k)
                c0[2] += finish(s02, a0, b2, from: k8, to: k); c0[3] += finish(s03, a0, b3, from: k8, to: k)
                c1[0] += finish(s10, a1, b0, from: k8, to: k); c1[1] += finish(s11, a1, b1, from: k8, to: k)
                c1[2] += finish(s12, a1, b2, from: k8, to: k); c1[3] += finish(s13, a1, b3, from: k8, to: k)
                j += 4
            }
            while j < cols.upperBound {
                c[i * ldc + j] += dot(a0, b + j * ldb, k: k, k8: k8)
                c[(i + 1) * ldc + j] += dot(a1, b + j * ldb, k: k, k8: k8)
                j += 1
            }
            i += 2
        }
        if i < rows.upperBound {
            let a0 = a + i * lda
            var j = cols.lowerBound
            while j + 4 <= cols.upperBound {
                let b0 = b + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb
                var s0 = V8(), s1 = V8(), s2 = V8(), s3 = V8()
                var kk = 0
                while kk < k8 {
                    let x0 = load8(a0 + kk)
                    s0.addProduct(x0, load8(b0 + kk)); s1.addProduct(x0, load8(b1 + kk))
                    s2.addProduct(x0, load8(b2 + kk)); s3.addProduct(x0, load8(b3 + kk))
                    kk += 8
                }
                let c0 = c + i * ldc + j
                c0[0] += finish(s0, a0, b0, from: k8, to: k); c0[1] += finish(s1, a0, b1, from: k8, to: k)
                c0[2] += finish(s2, a0, b2, from: k8, to: k); c0[3] += finish(s3, a0, b3, from: k8, to: k)
                j += 4
            }
            while j < cols.upperBound {
                c[i * ldc + j] += dot(a0, b + j * ldb, k: k, k8: k8)
                j += 1
            }
        }
    }

    /// One element's dot product, in the fixed order.
    @inline(__always) private static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, k: Int, k8: Int) -> Double {
        var s = V8()
        var kk = 0
        while kk < k8 { s.addProduct(load8(a + kk), load8(b + kk)); kk += 8 }
        return finish(s, a, b, from: k8, to: k)
    }
}

extension Matrix {
    /// `a · wᵀ` plus `bias` on every row, where `w` holds one weight row per output (N × K).
    public static func affine(_ a: Matrix, weights w: Matrix, bias: [Double]) -> Matrix {
        precondition(a.cols == w.cols && bias.count == w.rows, "affine shapes do not fit")
        var out = Matrix(rows: a.rows, cols: w.rows)
        for r in 0..<a.rows {
            for c in 0..<bias.count { out.storage[r * out.cols + c] = bias[c] }
        }
        a.storage.withUnsafeBufferPointer { ap in
            w.storage.withUnsafeBufferPointer { wp in
                out.storage.withUnsafeMutableBufferPointer { cp in
                    guard let ab = ap.baseAddress, let wb = wp.baseAddress, let cb = cp.baseAddress else { return }
                    Gemm.multiplyTransposed(m: a.rows, n: w.rows, k: a.cols, a: ab, lda: a.cols, b: wb, ldb: w.cols,
                                            c: cb, ldc: out.cols)
                }
            }
        }
        return out
    }
}
