/// The LSTM's forward fast path. Each pre-activation is one fixed chain of operations: its bias, then the
/// fused multiply-adds of W_x ⋅ x_t in order, then those of W_h ⋅ h_{t-1}, then any peephole. A sequence's
/// input products are made ahead of the recurrence, a block of steps in one product; a single step makes its
/// own; split between cores or not, alone or in a batch, each number goes through the same chain, so the bits
/// never depend on how the work was cut.
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
            z.withUnsafeMutableBufferPointer { project(xs[t0 ..< t0 + count], batch: N, into: $0.baseAddress!) }
            for s in 0..<count {
                if shouldStop() { return nil }
                let step = z.withUnsafeMutableBufferPointer { recur($0.baseAddress! + s * N * width, hPrev: h, cPrev: c, x: nil) }
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
        var z = [Double](repeating: 0, count: x.rows * weights.width)
        return z.withUnsafeMutableBufferPointer { recur($0.baseAddress!, hPrev: hPrev, cPrev: cPrev, x: x) }
    }

    /// The pre-activations of the steps `xs` (each N × inputs) before the recurrence: every row the biases plus
    /// `W_x ⋅ x`, step after step, `weights.width` numbers to a row. One product for the whole block.
    private func project(_ xs: ArraySlice<Matrix>, batch N: Int, into z: UnsafeMutablePointer<Double>) {
        let X = inputs, width = weights.width, rows = xs.count * N
        weights.bias.withUnsafeBufferPointer { bias in
            for r in 0..<rows { (z + r * width).update(from: bias.baseAddress!, count: width) }
        }
        guard X > 0, rows > 0 else { return }
        var input = [Double](repeating: 0, count: rows * X)
        input.withUnsafeMutableBufferPointer { buffer in
            for (s, x) in xs.enumerated() {
                precondition(x.storage.count == N * X, "every step's input must be batch × inputs")
                x.storage.withUnsafeBufferPointer { (buffer.baseAddress! + s * N * X).update(from: $0.baseAddress!, count: N * X) }
            }
        }
        input.withUnsafeBufferPointer { a in
            Gemm.multiply(m: rows, n: width, k: X, a: a.baseAddress!, aRowStride: X, aColStride: 1,
                          b: weights.inputT.base, ldb: width, c: z, ldc: width, accumulate: true)
        }
    }

    /// Finishes a step whose pre-activations `z` (N rows of `weights.width`) hold the input product, or the
    /// biases alone when `x` is given (its product is then made here): adds `W_h ⋅ h_{t-1}` and the peepholes,
    /// and computes the gates, C_t and h_t. With threads, part p owns hidden units `lo..<hi` of every gate, so
    /// one hand-over covers the step; a full o peephole reads all of C_t, so then o and h_t wait for a second.
    private func recur(_ z: UnsafeMutablePointer<Double>, hPrev: Matrix, cPrev: Matrix, x: Matrix?) -> LSTMStep {
        let H = hidden, N = hPrev.rows, X = inputs, w = weights, plan = w.plan, width = w.width
        let parts = N * w.gates * (H + X) >= Gemm.splitThreshold && !Threading.isSerialHere ? max(1, min(Threading.count, H)) : 1
        if x != nil { for n in 0..<N { for j in 0..<width { z[n * width + j] = w.bias[j] } } }
        let values = Matrix.written(count: 6, rows: N, cols: H) { out in
            let (f, i, g, c, o, h) = (out[0], out[1], out[2], out[3], out[4], out[5])
            hPrev.storage.withUnsafeBufferPointer { hp in cPrev.storage.withUnsafeBufferPointer { cp in
                (x?.storage ?? []).withUnsafeBufferPointer { xs in
                    let input = x == nil ? nil : xs.baseAddress  // an empty array's buffer still has an address
                    let hPrev = hp.baseAddress!, cPrev = cp.baseAddress!
                    let units = { (p: Int) in H * p / parts ..< H * (p + 1) / parts }
                    WorkerTeam.shared.run(parts: parts) { p in
                        let u = units(p)
                        // Alone, a step computes every column at once (padding included); in parts, each gate's units.
                        let columns = parts == 1 ? [0 ..< width] : stride(from: 0, to: w.gates, by: H).map { $0 + u.lowerBound ..< $0 + u.upperBound }
                        for cols in columns {
                            if let xb = input {
                                Gemm.accumulate(rows: 0..<N, cols: cols, k: X, a: xb, rs: X, cs: 1, b: w.inputT.base, ldb: width, c: z, ldc: width)
                            }
                            Gemm.accumulate(rows: 0..<N, cols: cols, k: H, a: hPrev, rs: H, cs: 1, b: w.hiddenT.base, ldb: width, c: z, ldc: width)
                        }
                        peephole(.f, plan.diagonalF, cell: cPrev, units: u, z: z + plan.f, N: N)
                        peephole(.i, plan.diagonalI, cell: cPrev, units: u, z: z + plan.i, N: N)
                        for n in 0..<N {
                            let row = z + n * width + u.lowerBound, k = n * H + u.lowerBound, count = u.count
                            Activations.sigmoid(row + plan.f, f + k, count)
                            Activations.tanh(row + plan.cTilde, g + k, count)
                            if plan.coupled {
                                for j in k ..< k + count { i[j] = 1 - f[j] }
                            } else {
                                Activations.sigmoid(row + plan.i, i + k, count)
                            }
                            for j in k ..< k + count { c[j] = f[j] * cPrev[j] + i[j] * g[j] }
                        }
                        if w.peephole[.o] == nil { outputGate(units: u, N: N, z: z, c: c, o: o, h: h) }
                    }
                    if w.peephole[.o] != nil {
                        WorkerTeam.shared.run(parts: parts) { p in outputGate(units: units(p), N: N, z: z, c: c, o: o, h: h) }
                    }
                }
            } }
        }
        return LSTMStep(f: values[0], i: values[1], cTilde: values[2], c: values[3], o: values[4], h: values[5])
    }

    /// o = σ(pre-activation, plus its peephole on C_t) and h_t = tanh(C_t) ⊙ o for the given units.
    private func outputGate(
        units u: Range<Int>, N: Int, z: UnsafeMutablePointer<Double>,
        c: UnsafeMutablePointer<Double>, o: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>
    ) {
        let H = hidden, plan = weights.plan, width = weights.width
        peephole(.o, plan.diagonalO, cell: UnsafePointer(c), units: u, z: z + plan.o, N: N)
        for n in 0..<N {
            let k = n * H + u.lowerBound
            Activations.sigmoid(z + n * width + plan.o + u.lowerBound, o + k, u.count)
            Activations.tanh(c + k, h + k, u.count)
            for j in k ..< k + u.count { h[j] *= o[j] }
        }
    }

    /// Adds gate `g`'s peephole term for the given units: the full form's `P ⋅ C` or the diagonal `p ⊙ C`.
    private func peephole(
        _ g: LSTMGate, _ diagonal: [Double]?, cell: UnsafePointer<Double>, units u: Range<Int>,
        z: UnsafeMutablePointer<Double>, N: Int
    ) {
        let H = hidden, width = weights.width
        if let PT = weights.peepholeT[g] {
            Gemm.accumulate(rows: 0..<N, cols: u, k: H, a: cell, rs: H, cs: 1, b: PT.base, ldb: PT.stride, c: z, ldc: width)
        }
        if let diagonal {
            for n in 0..<N {
                for j in u { z[n * width + j] += diagonal[j] * cell[n * H + j] }
            }
        }
    }
}

extension Matrix {
    /// `count` matrices of `rows × cols` whose every entry `body` writes (given their storage), never zeroed first.
    static func written(count: Int, rows: Int, cols: Int, _ body: ([UnsafeMutablePointer<Double>]) -> Void) -> [Matrix] {
        let n = rows * cols
        guard n > 0 else { return (0..<count).map { _ in Matrix(rows: rows, cols: cols) } }
        func make(_ k: Int, _ pointers: [UnsafeMutablePointer<Double>]) -> [Matrix] {
            guard k < count else { body(pointers); return [] }
            var rest: [Matrix] = []
            let storage = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                rest = make(k + 1, pointers + [buffer.baseAddress!])
                initialized = n
            }
            return [Matrix(rows: rows, cols: cols, storage: storage)] + rest
        }
        return make(0, [])
    }
}
