import Testing
import Kernel

/// The register-blocked products against the plainest loop there is: each element one fused multiply-add
/// per k, k in order. The tiles must give those bits exactly, whatever the shape, the stride or the thread count.
@Suite struct GemmTests {
    /// `C + A · B` element by element, with A read through `rs` and `cs`.
    static func plain(m: Int, n: Int, k: Int, a: [Double], rs: Int, cs: Int, b: [Double], c: [Double]) -> [Double] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var s = c[i * n + j]
                for kk in 0..<k { s.addProduct(a[i * rs + kk * cs], b[kk * n + j]) }
                out[i * n + j] = s
            }
        }
        return out
    }

    static func product(m: Int, n: Int, k: Int, transposed: Bool, seed: UInt64) -> (tiled: [Double], plain: [Double]) {
        var rng = SplitMix64(seed: seed)
        let a = rng.uniformVector(m * k, bound: 1), b = rng.uniformVector(k * n, bound: 1)
        let c = rng.uniformVector(m * n, bound: 1)
        let (rs, cs) = transposed ? (1, m) : (k, 1)
        var tiled = c
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in tiled.withUnsafeMutableBufferPointer { cp in
            Gemm.multiply(m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: rs, aColStride: cs, b: bp.baseAddress!, ldb: n,
                          c: cp.baseAddress!, ldc: n, accumulate: true)
        } } }
        return (tiled, plain(m: m, n: n, k: k, a: a, rs: rs, cs: cs, b: b, c: c))
    }

    /// Rows around the six-row tiles, columns around the 24- and 8-wide ones (the tail tile that overlaps
    /// finished columns must keep them; under eight columns, eight rows go side by side in one vector),
    /// reductions shorter and longer than the 256-long chunks.
    @Test(arguments: [1, 5, 6, 7, 13, 49], [1, 3, 7, 8, 9, 23, 24, 25, 51, 102, 208])
    func tilesGiveThePlainLoopsBits(m: Int, n: Int) {
        for (k, transposed) in [(1, false), (17, true), (300, false), (51, true)] {
            let (tiled, plain) = Self.product(m: m, n: n, k: k, transposed: transposed, seed: UInt64(m * 1000 + n))
            let differing = zip(tiled, plain).filter { $0 != $1 }.count
            #expect(differing == 0, "m \(m) n \(n) k \(k) transposed \(transposed): \(differing) of \(plain.count) differ")
        }
    }

    /// A product large enough to be split between threads gives the same bits as on one.
    @Test func splittingBetweenThreadsKeepsTheBits() {
        let saved = (Threading.count, Gemm.splitThreshold)
        defer { (Threading.count, Gemm.splitThreshold) = saved }
        Gemm.splitThreshold = 1
        Threading.count = 2
        let (tiled, plain) = Self.product(m: 61, n: 45, k: 70, transposed: false, seed: 9)
        #expect(tiled == plain)
    }
}
