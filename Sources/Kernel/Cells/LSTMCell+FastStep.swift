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
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, x.rows * weights.width)) {
            recur($0.baseAddress!, hPrev: hPrev, cPrev: cPrev, x: x)
        }
    }

    /// The pre-activations' chains over the steps `xs` (each N × inputs) before the recurrence: `W_x ⋅ x` read
    /// from the end, step after step, `weights.width` numbers to a row. One product for the whole block.
    private func project(_ xs: ArraySlice<Matrix>, batch N: Int, into z: UnsafeMutablePointer<Double>) {
        let X = inputs, width = weights.width, rows = xs.count * N
        z.update(repeating: 0, count: rows * width)
        guard X > 0, rows > 0 else { return }
        var input = [Double](repeating: 0, count: rows * X)
        input.withUnsafeMutableBufferPointer { buffer in
            for (s, x) in xs.enumerated() {
                precondition(x.storage.count == N * X, "every step's input must be batch × inputs")
                x.storage.withUnsafeBufferPointer { (buffer.baseAddress! + s * N * X).update(from: $0.baseAddress!, count: N * X) }
            }
        }
        input.withUnsafeBufferPointer { a in
            Gemm.multiply(m: rows, n: width, k: X, a: a.baseAddress! + (X - 1), aRowStride: X, aColStride: -1,
                          b: weights.inputT.base + (X - 1) * width, ldb: -width, c: z, ldc: width, accumulate: true)
        }
    }

    /// Finishes a step whose pre-activations `z` (N rows of `weights.width`) hold the input chains (or, when `x` is
    /// given, nothing yet: its chains are then made here): goes on with `W_h ⋅ h_{t-1}`, adds biases and peepholes,
    /// and computes the gates, C_t and h_t. With threads, part p owns hidden units `lo..<hi` of every gate, so
    /// one hand-over covers the step; a full o peephole reads all of C_t, so then o and h_t wait for a second.
    private func recur(_ z: UnsafeMutablePointer<Double>, hPrev: Matrix, cPrev: Matrix, x: Matrix?) -> LSTMStep {
        let H = hidden, N = hPrev.rows, X = inputs, w = weights, plan = w.plan, width = w.width
        let parts = N * w.gates * (H + X) >= Gemm.splitThreshold ? WorkerTeam.shared.parts(min(Threading.count, H)) : 1
        if x != nil { z.update(repeating: 0, count: N * width) }
        let values = Matrix.written(6, rows: N, cols: H) { out in
            let (f, i, g, c, o, h) = (out[0], out[1], out[2], out[3], out[4], out[5])
            hPrev.storage.withUnsafeBufferPointer { hp in cPrev.storage.withUnsafeBufferPointer { cp in
                (x?.storage ?? []).withUnsafeBufferPointer { xs in
                    let input = x == nil ? nil : xs.baseAddress  // an empty array's buffer still has an address
                    let hPrev = hp.baseAddress!, cPrev = cp.baseAddress!
                    let units = { (p: Int) in H * p / parts ..< H * (p + 1) / parts }
                    WorkerTeam.shared.run(parts: parts) { p in
                        let u = units(p)
                        // Alone, a step computes every column at once (padding included); in parts, each gate's units.
                        for gate in stride(from: 0, to: parts == 1 ? 1 : w.gates, by: H) {
                            let cols = parts == 1 ? 0 ..< width : gate + u.lowerBound ..< gate + u.upperBound
                            if let xb = input, X > 0 {
                                Gemm.accumulate(rows: 0..<N, cols: cols, k: X, a: xb + (X - 1), rs: X, cs: -1,
                                                b: w.inputT.base + (X - 1) * width, ldb: -width, c: z, ldc: width)
                            }
                            Gemm.accumulate(rows: 0..<N, cols: cols, k: H, a: hPrev + (H - 1), rs: H, cs: -1,
                                            b: w.hiddenT.base + (H - 1) * width, ldb: -width, c: z, ldc: width)
                        }
                        finish(.f, at: plan.f, plan.diagonalF, cell: cPrev, units: u, z: z, N: N, into: f)
                        activate(Activations.sigmoid, f, units: u, N: N)
                        finish(.C, at: plan.cTilde, nil, cell: cPrev, units: u, z: z, N: N, into: g)
                        activate(Activations.tanh, g, units: u, N: N)
                        if plan.coupled {
                            for n in 0..<N { for j in u { i[n * H + j] = 1 - f[n * H + j] } }
                        } else {
                            finish(.i, at: plan.i, plan.diagonalI, cell: cPrev, units: u, z: z, N: N, into: i)
                            activate(Activations.sigmoid, i, units: u, N: N)
                        }
                        for n in 0..<N { for j in u { c[n * H + j] = f[n * H + j] * cPrev[n * H + j] + i[n * H + j] * g[n * H + j] } }
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
        let H = hidden, plan = weights.plan
        finish(.o, at: plan.o, plan.diagonalO, cell: UnsafePointer(c), units: u, z: z, N: N, into: o)
        activate(Activations.sigmoid, o, units: u, N: N)
        for n in 0..<N { (h + n * H + u.lowerBound).update(from: c + n * H + u.lowerBound, count: u.count) }
        activate(Activations.tanh, h, units: u, N: N)
        for n in 0..<N { for j in u { h[n * H + j] *= o[n * H + j] } }
    }

    /// `function` over the given units of every row of `values` (N × hidden), in place: one call over all of
    /// them when the units are all the cell's.
    @inline(__always) private func activate(
        _ function: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void, _ values: UnsafeMutablePointer<Double>,
        units u: Range<Int>, N: Int
    ) {
        if u.count == hidden {
            function(values, values, N * hidden)
        } else {
            for n in 0..<N { function(values + n * hidden + u.lowerBound, values + n * hidden + u.lowerBound, u.count) }
        }
    }

    /// Finishes gate `g`'s pre-activations (at column `column` of `z`) for the given units into `out` (N × hidden):
    /// a full peephole's chain goes on over C (`W · [C, h, x]` read from the end), then the bias is added, then a
    /// diagonal peephole's `p ⊙ C`.
    private func finish(
        _ g: LSTMGate, at column: Int, _ diagonal: [Double]?, cell: UnsafePointer<Double>, units u: Range<Int>,
        z: UnsafeMutablePointer<Double>, N: Int, into out: UnsafeMutablePointer<Double>
    ) {
        let H = hidden, width = weights.width, z = z + column
        if let PT = weights.peepholeT[g] {
            Gemm.accumulate(rows: 0..<N, cols: u, k: H, a: cell + (H - 1), rs: H, cs: -1,
                            b: PT.base + (H - 1) * PT.stride, ldb: -PT.stride, c: z, ldc: width)
        }
        weights.bias.withUnsafeBufferPointer { bias in
            let bias = bias.baseAddress! + column
            for n in 0..<N {
                for j in u { out[n * H + j] = z[n * width + j] + bias[j] }
            }
        }
        if let diagonal {
            for n in 0..<N {
                for j in u { out[n * H + j] += diagonal[j] * cell[n * H + j] }
            }
        }
    }
}

extension Matrix {
    /// `count` matrices of `rows × cols` whose every entry `body` writes (given their storage), never zeroed first.
    static func written(
        _ count: Int, rows: Int, cols: Int, _ body: (UnsafeMutableBufferPointer<UnsafeMutablePointer<Double>>) -> Void
    ) -> [Matrix] {
        let n = rows * cols
        guard n > 0 else { return (0..<count).map { _ in Matrix(rows: rows, cols: cols) } }
        var made: [Matrix] = []
        made.reserveCapacity(count)
        withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Double>.self, capacity: count) { slots in
            func make(_ k: Int) {
                let storage = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                    slots[k] = buffer.baseAddress!
                    if k + 1 < count { make(k + 1) } else { body(slots) }
                    initialized = n
                }
                made.append(Matrix(rows: rows, cols: cols, storage: storage))  // the innermost is made first
            }
            make(0)
        }
        return made.reversed()
    }
}
