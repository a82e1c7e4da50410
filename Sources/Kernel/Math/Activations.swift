/// The layers' activations over arrays, in plain arithmetic and fused multiply-adds only (each exactly
/// rounded by IEEE 754), so every machine gets the same bits. Accurate to a few units in the last place
/// (tests hold them to glibc).
///
/// exp: x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite, ln2 in two parts), e^r by its Taylor polynomial to
/// r^13 (remainder below 2^-56), times 2^n built in the exponent bits; x is held to ±700.
/// tanh: expm1(2|x|)/(expm1(2|x|) + 2), which never cancels, with the sign of x; expm1(y) = 2^n·expm1(r)
/// + (2^n - 1) with y = n·ln2 + r as for exp, and expm1(r) by its Taylor polynomial.
/// σ: 1 / (1 + e^{-x}).
public enum Activations {
    /// Σ_{k ≥ lowest} r^(k-lowest)/k! to k = 13, by Horner's rule (lowest is 0 or 1).
    @inline(__always) static func taylor(_ r: Double, lowest: Int) -> Double {
        var p = 1.0 / 6227020800.0
        p = (1.0 / 479001600.0).addingProduct(p, r)
        p = (1.0 / 39916800.0).addingProduct(p, r)
        p = (1.0 / 3628800.0).addingProduct(p, r)
        p = (1.0 / 362880.0).addingProduct(p, r)
        p = (1.0 / 40320.0).addingProduct(p, r)
        p = (1.0 / 5040.0).addingProduct(p, r)
        p = (1.0 / 720.0).addingProduct(p, r)
        p = (1.0 / 120.0).addingProduct(p, r)
        p = (1.0 / 24.0).addingProduct(p, r)
        p = (1.0 / 6.0).addingProduct(p, r)
        p = 0.5.addingProduct(p, r)
        p = 1.0.addingProduct(p, r)
        return lowest == 1 ? p : 1.0.addingProduct(p, r)
    }

    /// 1.5·2^52: adding it rounds a double to a whole number held in the low bits of the sum.
    @inline(__always) static var shifter: Double { 6755399441055744.0 }

    /// x = n·ln2 + r with |r| ≤ ln2/2; returns r and 2^n.
    @inline(__always) static func reduce(_ x: Double) -> (r: Double, scale: Double) {
        let t = x * 1.4426950408889634 + shifter
        let n = t - shifter
        var r = x.addingProduct(-n, 6.93147180369123816490e-01)
        r = r.addingProduct(-n, 1.90821492927058770002e-10)
        let bits = (t.bitPattern &- shifter.bitPattern &+ 1023) &<< 52
        return (r, Double(bitPattern: bits))
    }

    /// x held to [low, high] (NaN stays NaN).
    @inline(__always) static func clamp(_ x: Double, _ low: Double, _ high: Double) -> Double {
        let lifted = x < low ? low : x
        return lifted > high ? high : lifted
    }

    /// e^x for |x| ≤ 700 (held there beyond).
    @inline(__always) public static func exp(_ x: Double) -> Double {
        let (r, scale) = reduce(clamp(x, -700, 700))
        return taylor(r, lowest: 0) * scale
    }

    /// e^y - 1 for 0 ≤ y ≤ 80.
    @inline(__always) static func expm1(_ y: Double) -> Double {
        let (r, scale) = reduce(y)
        return (scale - 1).addingProduct(scale, r * taylor(r, lowest: 1))
    }

    @inline(__always) public static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    @inline(__always) public static func tanh(_ x: Double) -> Double {
        let negative = x < 0
        let a = clamp(negative ? -x : x, 0, 40)
        let em1 = expm1(2 * a)
        let t = em1 / (em1 + 2)
        return negative ? -t : t
    }

    /// `dst[k] = f(src[k])` for k < count: a plain loop without branches, which the compiler turns into
    /// vector code; every element goes through the same operations wherever it falls.
    @inline(__always) static func apply(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ count: Int,
        _ f: (Double) -> Double) {
        for k in 0 ..< count { dst[k] = f(src[k]) }
    }

    /// σ over `count` numbers.
    @inline(__always) public static func sigmoid(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ count: Int) {
        apply(src, dst, count, sigmoid)
    }

    /// tanh over `count` numbers.
    @inline(__always) public static func tanh(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ count: Int) {
        apply(src, dst, count, tanh)
    }

    /// σ of every entry.
    public static func sigmoid(_ m: Matrix) -> Matrix { map(m, sigmoid) }
    /// tanh of every entry.
    public static func tanh(_ m: Matrix) -> Matrix { map(m, tanh) }

    static func map(_ m: Matrix, _ f: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) -> Matrix {
        var out = m
        m.storage.withUnsafeBufferPointer { s in
            out.storage.withUnsafeMutableBufferPointer { d in
                if let sp = s.baseAddress, let dp = d.baseAddress { f(sp, dp, s.count) }
            }
        }
        return out
    }
}
