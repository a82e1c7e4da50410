/// The LSTM's forward fast path. Each pre-activation is `W ⋅ [h_{t-1}, x_t] + b` computed as `Matrix.affine`
/// computes it (so the prompt's `W_f · [h, x] + b_f` gives the cell's bits): one chain of fused multiply-adds
/// from zero over `[h, x]` read from its end, x_t first, then h_{t-1} (and C for a full peephole's
/// `W · [C, h, x]`), then the bias, then a diagonal peephole's `p ⊙ C`. Because x_t comes first, a sequence's
/// input products are made ahead of the recurrence, a block of steps in one product, and each chain goes on
/// with h_{t-1} when the step comes. Split between cores or not, alone or in a batch, every number goes through
/// the same chain, so the bits never depend on how the work was cut.
extension LSTMCell {
    /// Runs `xs` from `state`, keeping every step's values.
    public func forward(_ xs: [Matrix], from state: [Matrix], shouldStop: () -> Bool) -> Trace? {
        let N = state[0].rows, width = weights.width, T = xs.count
        var (h, c) = (state[0], state[1])
        var steps: [[Matrix]] = []
        steps.reserveCapacity(T)
        // About a megabyte of pre-activations at a time: made by one product, read back while still in cache.
        let block = max(1, min(T, (1 << 17) / max(1, N * width)))
        var z = [Double](repeating: 0, count: block * N * width)
        var t0 = 0
        while t0 < T {
            let count = min(block, T - t0)
            z.withUnsafeMutableBufferPointer { weights.project(xs[t0 ..< t0 + count], batch: N, into: $0.baseAddress!) }
            for s in 0..<count {
                if shouldStop() { return nil }
                let step = z.withUnsafeMutableBufferPointer { weights.recur($0.baseAddress! + s * N * width, hPrev: h, cPrev: c, x: nil) }
                steps.append(intermediates(step))
                (h, c) = (step.h, step.c)
            }
            t0 += count
        }
        return Trace(initial: state, xs: xs, steps: steps, final: [h, c])
    }

    /// One step, straight to the fast path (no trace kept).
    public func step(_ x: Matrix, state: inout [Matrix]) -> [Matrix] {
        let s = fastStep(x: x, hPrev: state[0], cPrev: state[1])
        state[0] = s.h
        state[1] = s.c
        return intermediates(s)
    }

    /// One step of a batch: its input product, then the recurrence.
    func fastStep(x: Matrix, hPrev: Matrix, cPrev: Matrix) -> LSTMStep {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, x.rows * weights.width)) {
            weights.recur($0.baseAddress!, hPrev: hPrev, cPrev: cPrev, x: x)
        }
    }
}
