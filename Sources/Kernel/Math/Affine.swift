extension Matrix {
    /// `a · wᵀ` plus `bias` on every row, where `w` holds one weight row per output (M × K).
    ///
    /// This is the project's one matrix–vector product: the language's `W · v`, every cell's step and every
    /// pasted equation compute it this way, so a gate recomputed at the prompt from a cell's fields equals the
    /// cell's own value to the bit. Each output is one chain of fused multiply-adds starting from zero and
    /// running over v from its last entry to its first, then its bias added. Reading `[h, x]` from the end lets
    /// an LSTM make the products of every x_t of a sequence ahead of the recurrence and continue each chain with
    /// h_{t-1} when it comes. One chain per output, whatever the batch, blocking or thread: the same bits.
    public static func affine(_ a: Matrix, weights w: Matrix, bias: [Double]) -> Matrix {
        affine(a, transposedWeights: w.transposed, bias: bias)
    }

    /// `affine` given the weights already transposed (K × M, an output per column): what a cell that keeps its
    /// weights that way calls at every step, so they are not transposed again each time.
    public static func affine(_ a: Matrix, transposedWeights wt: Matrix, bias: [Double]) -> Matrix {
        precondition(a.cols == wt.rows && bias.count == wt.cols, "affine shapes do not fit")
        var out = Matrix(rows: a.rows, cols: wt.cols)
        let K = a.cols, M = wt.cols
        if K > 0 {
            a.storage.withUnsafeBufferPointer { ap in
                wt.storage.withUnsafeBufferPointer { wp in
                    out.storage.withUnsafeMutableBufferPointer { cp in
                        guard let ab = ap.baseAddress, let wb = wp.baseAddress, let cb = cp.baseAddress else { return }
                        Gemm.multiply(m: a.rows, n: M, k: K, a: ab + (K - 1), aRowStride: K, aColStride: -1,
                                      b: wb + (K - 1) * M, ldb: -M, c: cb, ldc: M, accumulate: true)
                    }
                }
            }
        }
        for r in 0..<a.rows {
            for c in 0..<M { out.storage[r * M + c] = out.storage[r * M + c] + bias[c] }
        }
        return out
    }
}
