/// The register-blocked tiles under `Gemm.multiply` and the LSTM's products: `C[rows, cols] += A · B`
/// where A's entries are broadcast and B's rows are read eight numbers at a time.
///
/// A tile of six rows by twenty-four columns keeps its 18 sums in vector registers while k runs, so each
/// step of k loads three vectors of B and six numbers of A for eighteen fused multiply-adds: the cores' FMA
/// units, not memory, set the pace. Narrower tiles (eight columns, one column) and single rows take what is
/// left over. Every element of C is still one chain `c = fma(a_k, b_k, c)` for k = 0, 1, …, K-1, whichever
/// tile it falls in, so the bits never depend on the blocking, the batch around a row, or the thread.
extension Gemm {
    typealias V8 = SIMD8<Double>

    /// `C[i, j] += Σ_k a(i, k) · B[k, j]` for i in `rows`, j in `cols`, `a(i, k) = a[i * rs + k * cs]`.
    static func accumulate(
        rows: Range<Int>, cols: Range<Int>, k: Int,
        a: UnsafePointer<Double>, rs: Int, cs: Int,
        b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard !rows.isEmpty, !cols.isEmpty, k > 0 else { return }
        var i = rows.lowerBound
        if cols.count < 8 {  // a narrow product (a read-out to one number): eight rows' chains side by side
            while i + 8 <= rows.upperBound {
                for j in cols { rows8(k: k, a: a + i * rs, rs: rs, cs: cs, b: b + j, ldb: ldb, c: c + i * ldc + j, ldc: ldc) }
                i += 8
            }
            for r in i ..< rows.upperBound { scalarColumns(cols, k: k, a: a + r * rs, cs: cs, b: b, ldb: ldb, c: c + r * ldc) }
            return
        }
        while i + 6 <= rows.upperBound {
            var j = cols.lowerBound
            while j + 24 <= cols.upperBound {
                tile6x24(k: k, a: a + i * rs, rs: rs, cs: cs, b: b + j, ldb: ldb, c: c + i * ldc + j, ldc: ldc)
                j += 24
            }
            if j + 16 <= cols.upperBound {
                tile6x16(k: k, a: a + i * rs, rs: rs, cs: cs, b: b + j, ldb: ldb, c: c + i * ldc + j, ldc: ldc)
                j += 16
            }
            while j + 8 <= cols.upperBound {
                tile6x8(k: k, a: a + i * rs, rs: rs, cs: cs, b: b + j, ldb: ldb, c: c + i * ldc + j, ldc: ldc, keep: 0)
                j += 8
            }
            if j < cols.upperBound, cols.count >= 8 {  // the last eight columns again, keeping those already done
                let last = cols.upperBound - 8
                tile6x8(k: k, a: a + i * rs, rs: rs, cs: cs, b: b + last, ldb: ldb, c: c + i * ldc + last, ldc: ldc, keep: j - last)
            } else {
                for r in i ..< i + 6 { scalarColumns(j ..< cols.upperBound, k: k, a: a + r * rs, cs: cs, b: b, ldb: ldb, c: c + r * ldc) }
            }
            i += 6
        }
        while i < rows.upperBound {
            var j = cols.lowerBound
            let ar = a + i * rs, cr = c + i * ldc
            while j + 48 <= cols.upperBound {
                row48(k: k, a: ar, cs: cs, b: b + j, ldb: ldb, c: cr + j)
                j += 48
            }
            while j + 24 <= cols.upperBound {
                row24(k: k, a: ar, cs: cs, b: b + j, ldb: ldb, c: cr + j)
                j += 24
            }
            while j + 8 <= cols.upperBound {
                row8(k: k, a: ar, cs: cs, b: b + j, ldb: ldb, c: cr + j, keep: 0)
                j += 8
            }
            if j < cols.upperBound, cols.count >= 8 {
                let last = cols.upperBound - 8
                row8(k: k, a: ar, cs: cs, b: b + last, ldb: ldb, c: cr + last, keep: j - last)
            } else {
                scalarColumns(j ..< cols.upperBound, k: k, a: ar, cs: cs, b: b, ldb: ldb, c: cr)
            }
            i += 1
        }
    }

    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> V8 { UnsafeRawPointer(p).loadUnaligned(as: V8.self) }

    @inline(__always) static func store(_ v: V8, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self)
    }

    /// Six rows by twenty-four columns: 18 sums in registers.
    private static func tile6x24(
        k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        let c0 = c, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc
        var x0 = load(c0), y0 = load(c0 + 8), z0 = load(c0 + 16), x1 = load(c1), y1 = load(c1 + 8), z1 = load(c1 + 16)
        var x2 = load(c2), y2 = load(c2 + 8), z2 = load(c2 + 16), x3 = load(c3), y3 = load(c3 + 8), z3 = load(c3 + 16)
        var x4 = load(c4), y4 = load(c4 + 8), z4 = load(c4 + 16), x5 = load(c5), y5 = load(c5 + 8), z5 = load(c5 + 16)
        var ap = a, bp = b
        for _ in 0..<k {
            let bx = load(bp), by = load(bp + 8), bz = load(bp + 16)
            var s = V8(repeating: ap[0])
            x0.addProduct(s, bx); y0.addProduct(s, by); z0.addProduct(s, bz)
            s = V8(repeating: ap[rs])
            x1.addProduct(s, bx); y1.addProduct(s, by); z1.addProduct(s, bz)
            s = V8(repeating: ap[2 * rs])
            x2.addProduct(s, bx); y2.addProduct(s, by); z2.addProduct(s, bz)
            s = V8(repeating: ap[3 * rs])
            x3.addProduct(s, bx); y3.addProduct(s, by); z3.addProduct(s, bz)
            s = V8(repeating: ap[4 * rs])
            x4.addProduct(s, bx); y4.addProduct(s, by); z4.addProduct(s, bz)
            s = V8(repeating: ap[5 * rs])
            x5.addProduct(s, bx); y5.addProduct(s, by); z5.addProduct(s, bz)
            ap += cs
            bp += ldb
        }
        store(x0, c0); store(y0, c0 + 8); store(z0, c0 + 16); store(x1, c1); store(y1, c1 + 8); store(z1, c1 + 16)
        store(x2, c2); store(y2, c2 + 8); store(z2, c2 + 16); store(x3, c3); store(y3, c3 + 8); store(z3, c3 + 16)
        store(x4, c4); store(y4, c4 + 8); store(z4, c4 + 16); store(x5, c5); store(y5, c5 + 8); store(z5, c5 + 16)
    }

    /// Six rows by sixteen columns.
    private static func tile6x16(
        k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        let c0 = c, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc
        var x0 = load(c0), y0 = load(c0 + 8), x1 = load(c1), y1 = load(c1 + 8), x2 = load(c2), y2 = load(c2 + 8)
        var x3 = load(c3), y3 = load(c3 + 8), x4 = load(c4), y4 = load(c4 + 8), x5 = load(c5), y5 = load(c5 + 8)
        var ap = a, bp = b
        for _ in 0..<k {
            let bx = load(bp), by = load(bp + 8)
            var s = V8(repeating: ap[0])
            x0.addProduct(s, bx); y0.addProduct(s, by)
            s = V8(repeating: ap[rs])
            x1.addProduct(s, bx); y1.addProduct(s, by)
            s = V8(repeating: ap[2 * rs])
            x2.addProduct(s, bx); y2.addProduct(s, by)
            s = V8(repeating: ap[3 * rs])
            x3.addProduct(s, bx); y3.addProduct(s, by)
            s = V8(repeating: ap[4 * rs])
            x4.addProduct(s, bx); y4.addProduct(s, by)
            s = V8(repeating: ap[5 * rs])
            x5.addProduct(s, bx); y5.addProduct(s, by)
            ap += cs
            bp += ldb
        }
        store(x0, c0); store(y0, c0 + 8); store(x1, c1); store(y1, c1 + 8); store(x2, c2); store(y2, c2 + 8)
        store(x3, c3); store(y3, c3 + 8); store(x4, c4); store(y4, c4 + 8); store(x5, c5); store(y5, c5 + 8)
    }

    /// The lanes from `keep` on of a tile's result, the first `keep` as they were (columns another tile finished).
    @inline(__always) static func blend(_ result: V8, over original: V8, keep: Int) -> V8 {
        keep == 0 ? result : original.replacing(with: result, where: lanes .>= V8.MaskStorage(repeating: Int64(keep)))
    }

    private static let lanes = V8.MaskStorage(0, 1, 2, 3, 4, 5, 6, 7)

    /// Six rows by eight columns; the first `keep` columns are left as they were.
    private static func tile6x8(
        k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int, keep: Int
    ) {
        let c0 = c, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc
        var x0 = load(c0), x1 = load(c1), x2 = load(c2), x3 = load(c3), x4 = load(c4), x5 = load(c5)
        var ap = a, bp = b
        for _ in 0..<k {
            let bx = load(bp)
            x0.addProduct(V8(repeating: ap[0]), bx); x1.addProduct(V8(repeating: ap[rs]), bx)
            x2.addProduct(V8(repeating: ap[2 * rs]), bx); x3.addProduct(V8(repeating: ap[3 * rs]), bx)
            x4.addProduct(V8(repeating: ap[4 * rs]), bx); x5.addProduct(V8(repeating: ap[5 * rs]), bx)
            ap += cs
            bp += ldb
        }
        store(blend(x0, over: load(c0), keep: keep), c0); store(blend(x1, over: load(c1), keep: keep), c1)
        store(blend(x2, over: load(c2), keep: keep), c2); store(blend(x3, over: load(c3), keep: keep), c3)
        store(blend(x4, over: load(c4), keep: keep), c4); store(blend(x5, over: load(c5), keep: keep), c5)
    }

    /// One row by forty-eight columns: six chains in flight, enough to hide the FMA's latency.
    private static func row48(
        k: Int, a: UnsafePointer<Double>, cs: Int, b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>
    ) {
        var x0 = load(c), x1 = load(c + 8), x2 = load(c + 16), x3 = load(c + 24), x4 = load(c + 32), x5 = load(c + 40)
        var ap = a, bp = b
        for _ in 0..<k {
            let s = V8(repeating: ap[0])
            x0.addProduct(s, load(bp)); x1.addProduct(s, load(bp + 8)); x2.addProduct(s, load(bp + 16))
            x3.addProduct(s, load(bp + 24)); x4.addProduct(s, load(bp + 32)); x5.addProduct(s, load(bp + 40))
            ap += cs
            bp += ldb
        }
        store(x0, c); store(x1, c + 8); store(x2, c + 16); store(x3, c + 24); store(x4, c + 32); store(x5, c + 40)
    }

    /// One row by twenty-four columns.
    private static func row24(
        k: Int, a: UnsafePointer<Double>, cs: Int, b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>
    ) {
        var x = load(c), y = load(c + 8), z = load(c + 16)
        var ap = a, bp = b
        for _ in 0..<k {
            let s = V8(repeating: ap[0])
            x.addProduct(s, load(bp)); y.addProduct(s, load(bp + 8)); z.addProduct(s, load(bp + 16))
            ap += cs
            bp += ldb
        }
        store(x, c); store(y, c + 8); store(z, c + 16)
    }

    /// One row by eight columns; the first `keep` columns are left as they were.
    private static func row8(
        k: Int, a: UnsafePointer<Double>, cs: Int, b: UnsafePointer<Double>, ldb: Int, c: UnsafeMutablePointer<Double>, keep: Int
    ) {
        var x = load(c)
        var ap = a, bp = b
        for _ in 0..<k {
            x.addProduct(V8(repeating: ap[0]), load(bp))
            ap += cs
            bp += ldb
        }
        store(blend(x, over: load(c), keep: keep), c)
    }

    /// One column of eight rows: their eight chains in the lanes of one vector, A's numbers gathered by row.
    private static func rows8(
        k: Int, a: UnsafePointer<Double>, rs: Int, cs: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        var x = V8(c[0], c[ldc], c[2 * ldc], c[3 * ldc], c[4 * ldc], c[5 * ldc], c[6 * ldc], c[7 * ldc])
        var ap = a, bp = b
        for _ in 0..<k {
            x.addProduct(V8(ap[0], ap[rs], ap[2 * rs], ap[3 * rs], ap[4 * rs], ap[5 * rs], ap[6 * rs], ap[7 * rs]),
                         V8(repeating: bp[0]))
            ap += cs
            bp += ldb
        }
        for lane in 0..<8 { c[lane * ldc] = x[lane] }
    }

    /// One row's columns `cols`, one number at a time.
    @inline(__always) private static func scalarColumns(
        _ cols: Range<Int>, k: Int, a: UnsafePointer<Double>, cs: Int, b: UnsafePointer<Double>, ldb: Int,
        c: UnsafeMutablePointer<Double>
    ) {
        for j in cols {
            var s = c[j]
            for kk in 0..<k { s.addProduct(a[kk * cs], b[kk * ldb + j]) }
            c[j] = s
        }
    }
}
