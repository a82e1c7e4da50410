/// The LSTM's step over its packed weights: the input products of a block of steps, then each step's recurrence
/// (see `LSTMCell.forward`). Methods of the packed weights, so the hot loops hold one reference, not a cell.
extension LSTMWeights {
    /// The pre-activations' chains over the steps `xs` (each N × inputs) before the recurrence: `W_x ⋅ x` read
    /// from the end, step after step, `width` numbers to a row. One product for the whole block.
    func project(_ xs: ArraySlice<Matrix>, batch N: Int, into z: UnsafeMutablePointer<Double>) {
        let X = inputs, width = width, rows = xs.count * N
        z.update(repeating: 0, count: rows * width)
        guard X > 0, rows > 0 else { return }
        let input = [Double](unsafeUninitializedCapacity: rows * X) { buffer, initialized in
            for (s, x) in xs.enumerated() {
                precondition(x.storage.count == N * X, "every step's input must be batch × inputs")
                x.storage.withUnsafeBufferPointer { (buffer.baseAddress! + s * N * X).initialize(from: $0.baseAddress!, count: N * X) }
            }
            initialized = rows * X
        }
        input.withUnsafeBufferPointer { a in
            Gemm.multiply(m: rows, n: width, k: X, a: a.baseAddress! + (X - 1), aRowStride: X, aColStride: -1,
                          b: inputT.base + (X - 1) * width, ldb: -width, c: z, ldc: width, accumulate: true)
        }
    }

    /// Finishes a step whose pre-activations `z` (N rows of `width`) hold the input chains (or, when `x` is
    /// given, nothing yet: its chains are then made here): goes on with `W_h ⋅ h_{t-1}`, adds biases and peepholes,
    /// and computes the gates, C_t and h_t. With threads, a batch is cut by rows, each part a whole step of its
    /// rows; a few rows are cut by gates (f and i on one core, C̃ and o on the other: each part's columns whole
    /// tiles, its weights staying in its core's cache), then C_t and h_t follow on this thread.
    func recur(_ z: UnsafeMutablePointer<Double>, hPrev: Matrix, cPrev: Matrix, x: Matrix?) -> LSTMStep {
        let H = hidden, N = hPrev.rows, X = inputs, kinds = gates / max(1, H)
        let share = Threading.count > 1 && !Threading.isSerialHere && N * gates * (H + X) >= Gemm.splitThreshold
        let threads = share ? Threading.count : 1  // the cut never depends on which threads run the parts
        let byRows = threads == 1 || N >= 12 * threads
        let parts = byRows ? threads : min(threads, kinds)
        let rows = { (p: Int) in byRows ? N * p / parts ..< N * (p + 1) / parts : 0..<N }
        let owned = { (p: Int) in byRows ? 0..<kinds : kinds * p / parts ..< kinds * (p + 1) / parts }  // blocks of H columns
        if x != nil { z.update(repeating: 0, count: N * width) }
        let values = Matrix.written(6, rows: N, cols: H) { out in
            let step = StepPointers(f: out[0], i: out[1], g: out[2], c: out[3], o: out[4], h: out[5], z: z)
            hPrev.storage.withUnsafeBufferPointer { hp in cPrev.storage.withUnsafeBufferPointer { cp in
                (x?.storage ?? []).withUnsafeBufferPointer { xs in
                    let input = x == nil ? nil : xs.baseAddress  // an empty array's buffer still has an address
                    let hPrev = hp.baseAddress!, cPrev = cp.baseAddress!
                    WorkerTeam.shared.run(parts: parts) { p in
                        let rows = rows(p), owned = owned(p)
                        let cols = owned.lowerBound * H ..< (owned.upperBound == kinds ? width : owned.upperBound * H)
                        if let xb = input, X > 0 {
                            Gemm.accumulate(rows: rows, cols: cols, k: X, a: xb + (X - 1), rs: X, cs: -1,
                                            b: inputT.base + (X - 1) * width, ldb: -width, c: z, ldc: width)
                        }
                        Gemm.accumulate(rows: rows, cols: cols, k: H, a: hPrev + (H - 1), rs: H, cs: -1,
                                        b: hiddenT.base + (H - 1) * width, ldb: -width, c: z, ldc: width)
                        for g in plan.order[owned] where !readsNewCell(g) { activateGate(g, rows: rows, cPrev: cPrev, step) }
                        if byRows { cellAndOutput(rows: rows, cPrev: cPrev, step) }
                    }
                    if !byRows { cellAndOutput(rows: 0..<N, cPrev: cPrev, step) }
                }
            } }
        }
        return LSTMStep(f: values[0], i: values[1], cTilde: values[2], c: values[3], o: values[4], h: values[5])
    }

    /// Whether gate `g` reads C_t (o's peephole), so it waits for the cell state.
    private func readsNewCell(_ g: LSTMGate) -> Bool {
        g == .o && (peephole[.o] != nil || plan.diagonalO != nil)
    }

    /// Gate `g`'s values for the given rows: its pre-activations finished (bias, peephole on C_{t-1}, or on C_t for
    /// o), then tanh for C̃ and σ for the others.
    private func activateGate(_ g: LSTMGate, rows: Range<Int>, cPrev: UnsafePointer<Double>, _ s: StepPointers) {
        let out = s.gate(g)
        finish(g, cell: g == .o ? UnsafePointer(s.c) : cPrev, rows: rows, z: s.z, into: out)
        if g == .C { activate(Activations.tanh, out, rows: rows) } else { activate(Activations.sigmoid, out, rows: rows) }
    }

    /// The rest of a step once f, C̃ (and i) are known: i = 1 - f when coupled, C_t = f ⊙ C_{t-1} + i ⊙ C̃, o if it
    /// reads C_t, and h_t = o ⊙ tanh(C_t).
    private func cellAndOutput(rows: Range<Int>, cPrev: UnsafePointer<Double>, _ s: StepPointers) {
        let H = hidden, coupled = plan.coupled
        for n in rows {  // per row, so the compiler sees plain pointers and vectorizes
            let r = n * H, c = s.c + r, f = s.f + r, cPrev = cPrev + r, i = s.i + r, g = s.g + r
            if coupled { for j in 0..<H { i[j] = 1 - f[j] } }
            for j in 0..<H { c[j] = f[j] * cPrev[j] + i[j] * g[j] }
        }
        if readsNewCell(.o) { activateGate(.o, rows: rows, cPrev: cPrev, s) }
        let all = rows.lowerBound * H, count = rows.count * H
        Activations.tanh(s.c + all, s.h + all, count)
        let (h, o) = (s.h + all, s.o + all)
        for k in 0..<count { h[k] *= o[k] }
    }

    /// `function` over the given rows of `values` (N × hidden), in place.
    @inline(__always) private func activate(
        _ function: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void, _ values: UnsafeMutablePointer<Double>,
        rows: Range<Int>
    ) {
        function(values + rows.lowerBound * hidden, values + rows.lowerBound * hidden, rows.count * hidden)
    }

    /// Finishes gate `g`'s pre-activations (its columns of `z`) for the given rows into `out` (N × hidden): a full
    /// peephole's chain goes on over C (`W · [C, h, x]` read from the end), then the bias is added, then a diagonal
    /// peephole's `p ⊙ C`.
    private func finish(
        _ g: LSTMGate, cell: UnsafePointer<Double>, rows: Range<Int>, z: UnsafeMutablePointer<Double>,
        into out: UnsafeMutablePointer<Double>
    ) {
        let H = hidden, width = width, column = plan.column(g), z = z + column
        if let PT = peepholeT[g] {
            Gemm.accumulate(rows: rows, cols: 0..<H, k: H, a: cell + (H - 1), rs: H, cs: -1,
                            b: PT.base + (H - 1) * PT.stride, ldb: -PT.stride, c: z, ldc: width)
        }
        bias.withUnsafeBufferPointer { bias in
            let bias = bias.baseAddress! + column
            for n in rows { let (out, z) = (out + n * H, z + n * width); for j in 0..<H { out[j] = z[j] + bias[j] } }
        }
        if let diagonal = plan.diagonal(g) {
            diagonal.withUnsafeBufferPointer { p in
                for n in rows { let (out, cell) = (out + n * H, cell + n * H); for j in 0..<H { out[j] += p[j] * cell[j] } }
            }
        }
    }
}

/// Where a step's values go: its gates, C_t and h_t (each N × hidden) and its pre-activations.
struct StepPointers {
    let f, i, g, c, o, h, z: UnsafeMutablePointer<Double>

    /// Where gate `gate`'s values go.
    func gate(_ gate: LSTMGate) -> UnsafeMutablePointer<Double> {
        switch gate {
        case .f: f
        case .i: i
        case .C: g
        case .o: o
        }
    }
}

extension Matrix {
    /// `count` matrices of `rows × cols` whose every entry `body` writes (given their storage), never zeroed first.
    static func written(_ count: Int, rows: Int, cols: Int, _ body: ([UnsafeMutablePointer<Double>]) -> Void) -> [Matrix] {
        let n = rows * cols
        guard n > 0 else { return (0..<count).map { _ in Matrix(rows: rows, cols: cols) } }
        var made: [Matrix] = []
        made.reserveCapacity(count)
        var slots: [UnsafeMutablePointer<Double>] = []
        slots.reserveCapacity(count)
        func make(_ k: Int) {  // each storage's pointer is good while its initializer runs: the next ones run inside it
            let storage = [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
                slots.append(buffer.baseAddress!)
                if k + 1 < count { make(k + 1) } else { body(slots) }
                initialized = n
            }
            made.append(Matrix(rows: rows, cols: cols, storage: storage))  // the innermost is made first
        }
        make(0)
        made.reverse()
        return made
    }
}
