// The notation of the course for plain vectors ([Double]), used by the readable reference steps:
//   W ⋅ v   matrix times vector          a ⊙ b   pointwise product
//   a ⊕ b   pointwise sum                a ⊖ b   pointwise difference
//   h + x   the concatenation [h, x] (Swift's array `+`)
//   σ(v), tanh(v)                        the layers' activations, pointwise

infix operator ⋅: MultiplicationPrecedence
infix operator ⊙: MultiplicationPrecedence
infix operator ⊕: AdditionPrecedence
infix operator ⊖: AdditionPrecedence

/// Matrix times vector: `(W ⋅ v)[r] = Σ_c W[r, c] v[c]`.
public func ⋅ (w: Matrix, v: [Double]) -> [Double] {
    precondition(w.cols == v.count, "W is \(w.rows)×\(w.cols) but the vector has \(v.count) entries")
    return (0..<w.rows).map { r in
        var s = 0.0
        for c in 0..<w.cols { s += w.storage[r * w.cols + c] * v[c] }
        return s
    }
}

/// Pointwise product.
public func ⊙ (a: [Double], b: [Double]) -> [Double] {
    precondition(a.count == b.count, "pointwise operands differ in length")
    return zip(a, b).map { $0 * $1 }
}

/// Pointwise sum.
public func ⊕ (a: [Double], b: [Double]) -> [Double] {
    precondition(a.count == b.count, "pointwise operands differ in length")
    return zip(a, b).map { $0 + $1 }
}

/// Pointwise difference.
public func ⊖ (a: [Double], b: [Double]) -> [Double] {
    precondition(a.count == b.count, "pointwise operands differ in length")
    return zip(a, b).map { $0 - $1 }
}

/// `1 - v`, pointwise.
public func oneMinus(_ v: [Double]) -> [Double] { v.map { 1 - $0 } }

/// The logistic sigmoid of one number: 1 / (1 + e^-x), in (0, 1).
@inline(__always) public func sigmoid(_ x: Double) -> Double { 1 / (1 + Platform.exp(-x)) }

/// The sigmoid layer's activation, pointwise.
public func σ(_ v: [Double]) -> [Double] { v.map(sigmoid) }

/// The hyperbolic tangent of one number, in (-1, 1) (the C library's, named here so the vector and
/// batch forms below do not hide it).
@inline(__always) public func tanh(_ x: Double) -> Double { Platform.tanh(x) }

/// The hyperbolic tangent, pointwise.
public func tanh(_ v: [Double]) -> [Double] { v.map { (x: Double) in tanh(x) } }

/// √(Σ x²), without overflow or underflow in the squares: the plain sum when it is safely inside Float64's range,
/// else the sum of (x / s)² scaled back by s, a power of two near the largest entry (exact, so a norm of 1e200 or
/// 1e-200 is itself, not infinity or 0).
public func frobeniusNorm(_ xs: [Double]) -> Double {
    let sum = xs.reduce(0) { $0 + $1 * $1 }
    if sum.isNaN || (sum.isNormal && sum >= 0x1p-900) { return sum.squareRoot() }
    let largest = xs.reduce(0) { max($0, abs($1)) }
    if largest == 0 || largest.isInfinite { return largest }   // all zero, or an entry that is itself infinite
    let scale = Double(sign: .plus, exponent: largest.exponent, significand: 1)
    return scale * xs.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
}
