// Batched building blocks for the fast paths: products through Gemm, pointwise maps, column blocks.

extension Matrix {
    /// `self += a · b`.
    public mutating func addProduct(_ a: Matrix, _ b: Matrix) {
        precondition(a.cols == b.rows && rows == a.rows && cols == b.cols, "product shapes do not fit")
        accumulate(a, k: a.cols, aRowStride: a.cols, aColStride: 1, b)
    }

    /// `self += aᵀ · b` (a is K × rows, b is K × cols): the sum over a batch of outer products.
    public mutating func addTransposedProduct(_ a: Matrix, _ b: Matrix) {
        precondition(a.rows == b.rows && rows == a.cols && cols == b.cols, "product shapes do not fit")
        accumulate(a, k: a.rows, aRowStride: 1, aColStride: a.cols, b)
    }

    /// `self += A · b`, where A (rows × k) is `a`'s storage read with the given strides.
    private mutating func accumulate(_ a: Matrix, k: Int, aRowStride: Int, aColStride: Int, _ b: Matrix) {
        guard rows > 0, cols > 0, k > 0 else { return }
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                storage.withUnsafeMutableBufferPointer { cp in
                    Gemm.multiply(m: rows, n: cols, k: k, a: ap.baseAddress!, aRowStride: aRowStride, aColStride: aColStride,
                                  b: bp.baseAddress!, ldb: b.cols, c: cp.baseAddress!, ldc: cols, accumulate: true)
                }
            }
        }
    }

    /// Pointwise map.
    @inline(__always) public func map(_ f: (Double) -> Double) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: storage.map(f))
    }

    /// Pointwise combination of two same-shaped matrices.
    @inline(__always) public func zip(_ other: Matrix, _ f: (Double, Double) -> Double) -> Matrix {
        precondition(rows == other.rows && cols == other.cols, "pointwise operands differ in shape")
        var out = self
        out.storage.withUnsafeMutableBufferPointer { o in
            other.storage.withUnsafeBufferPointer { b in
                for k in 0..<o.count { o[k] = f(o[k], b[k]) }
            }
        }
        return out
    }

    /// Pointwise combination of three same-shaped matrices.
    @inline(__always) public func zip(_ b: Matrix, _ c: Matrix, _ f: (Double, Double, Double) -> Double) -> Matrix {
        precondition(rows == b.rows && rows == c.rows && cols == b.cols && cols == c.cols, "shapes differ")
        var out = self
        out.storage.withUnsafeMutableBufferPointer { o in
            b.storage.withUnsafeBufferPointer { bb in
                c.storage.withUnsafeBufferPointer { cc in
                    for k in 0..<o.count { o[k] = f(o[k], bb[k], cc[k]) }
                }
            }
        }
        return out
    }

    /// Pointwise sum.
    public static func + (a: Matrix, b: Matrix) -> Matrix { a.zip(b, +) }

    /// Sum of each column over the rows (a bias gradient summed over the batch).
    public var columnSums: [Double] {
        var s = [Double](repeating: 0, count: cols)
        for r in 0..<rows { for c in 0..<cols { s[c] += storage[r * cols + c] } }
        return s
    }

    /// Columns `block * width ..< (block + 1) * width`.
    @inline(__always) public func block(_ block: Int, width: Int) -> Matrix {
        columns(block * width ..< (block + 1) * width)
    }

    /// Writes `m` into the columns starting at `offset`.
    public mutating func setColumns(at offset: Int, _ m: Matrix) {
        precondition(m.rows == rows && offset + m.cols <= cols, "column block does not fit")
        for r in 0..<rows {
            for c in 0..<m.cols { storage[r * cols + offset + c] = m.storage[r * m.cols + c] }
        }
    }
}

/// Pointwise sigmoid of a batch.
@inline(__always) func σ(_ m: Matrix) -> Matrix { Activations.sigmoid(m) }
/// Pointwise tanh of a batch.
@inline(__always) func tanh(_ m: Matrix) -> Matrix { Activations.tanh(m) }

/// ∂L/∂z for z → σ(z) = s, given ∂L/∂s.
@inline(__always) func sigmoidBackward(_ ds: Matrix, _ s: Matrix) -> Matrix { ds.zip(s) { d, s in d * s * (1 - s) } }
/// ∂L/∂z for z → tanh(z) = t, given ∂L/∂t.
@inline(__always) func tanhBackward(_ dt: Matrix, _ t: Matrix) -> Matrix { dt.zip(t) { d, t in d * (1 - t * t) } }

/// Pointwise product of two batches.
@inline(__always) func ⊙ (a: Matrix, b: Matrix) -> Matrix { a.zip(b, *) }
/// Pointwise difference of two batches.
@inline(__always) func - (a: Matrix, b: Matrix) -> Matrix { a.zip(b, -) }
/// `s - m`, pointwise (`1 - z` of a gate).
@inline(__always) func - (s: Double, m: Matrix) -> Matrix { m.map { s - $0 } }
