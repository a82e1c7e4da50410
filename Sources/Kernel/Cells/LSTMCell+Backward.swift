/// Backpropagation through time for the LSTM family, batched: the course's equations read backwards.
///
/// Each step back works out the pre-activation gradients dz of its gates element by element, then `dz ⋅ W`
/// gives ∂L/∂h_{t-1} and ∂L/∂x_t. The weight gradients Σ_t dz_tᵀ ⋅ [h_{t-1}, x_t] wait: a block of steps'
/// dz and inputs are gathered, and each block adds one product. The sums run over steps from the last back
/// and over the batch in order, the same whatever the block, so the bits do not depend on it.
extension LSTMCell {
    public func backward(_ trace: Trace, dH: [Matrix?], dFinal: [Matrix?], shouldStop: () -> Bool) -> Gradients? {
        let H = hidden, X = inputs, N = trace.initial[0].rows, T = trace.steps.count
        let w = weights, plan = w.plan, G = w.gates, width = w.width, Kp = w.stacked.stride
        let block = max(1, min(T, 384 / max(1, N)))  // steps whose weight gradients are one product
        let full = w.peephole.keys.sorted { $0.rawValue < $1.rawValue }
        let work = BackwardBuffers(N: N, H: H, width: width, Kp: Kp, block: block, peepholes: !full.isEmpty)
        var dStacked = [Double](repeating: 0, count: G * Kp), dBias = [Double](repeating: 0, count: G)
        var dPeepFull = [LSTMGate: [Double]](uniqueKeysWithValues: full.map { ($0, [Double](repeating: 0, count: H * H)) })
        var dPeepDiag: [LSTMGate: [Double]] = [:]
        for g in [LSTMGate.f, .i, .o] where plan.diagonal(g) != nil {
            dPeepDiag[g] = [Double](repeating: 0, count: H)
        }
        var dh = dFinal[0]?.storage ?? [Double](repeating: 0, count: N * H)
        var dC = (dFinal.count > 1 ? dFinal[1] : nil)?.storage ?? [Double](repeating: 0, count: N * H)
        var dxs = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: T)
        var spare = [Double](repeating: 0, count: N * H)  // ∂L/∂C_{t-1}'s storage, taken turns with dC's
        var filled = 0

        /// Adds the gathered block's products to the weight gradients.
        func flush() {
            guard filled > 0 else { return }
            dStacked.withUnsafeMutableBufferPointer { c in
                // Kp columns (the padding's are zeros) keep every tile whole.
                Gemm.multiply(m: G, n: Kp, k: filled * N, a: work.dz, aRowStride: 1, aColStride: width,
                              b: work.hx, ldb: Kp, c: c.baseAddress!, ldc: Kp, accumulate: true)
            }
            for g in full {  // P_g's gradient: Σ dz_gᵀ ⋅ C_{t-1} (f, i) or C_t (o)
                dPeepFull[g]!.withUnsafeMutableBufferPointer { c in
                    Gemm.multiply(m: H, n: H, k: filled * N, a: work.dz + plan.column(g), aRowStride: 1, aColStride: width,
                                  b: g == .o ? work.cell : work.cellPrev, ldb: H, c: c.baseAddress!, ldc: H, accumulate: true)
                }
            }
            filled = 0
        }

        for t in stride(from: T - 1, through: 0, by: -1) {
            if shouldStop() { return nil }
            let values = trace.steps[t], row = filled * N
            let hPrev = t > 0 ? trace.steps[t - 1][outputIndex] : trace.initial[0]
            let cPrev = t > 0 ? trace.steps[t - 1][cellIndex] : trace.initial[1]
            if let d = dH[t] { for k in dh.indices { dh[k] = dh[k] + d.storage[k] } }
            let dz = work.dz + row * width
            var dCPrev = spare  // every entry is written below
            spare = []  // so dCPrev's storage is its own
            withPointers(values + [cPrev]) { v in
                let f = v[0], i = plan.coupled ? nil : v[1], s = plan.coupled ? 0 : 1
                let g = v[1 + s], c = v[2 + s], o = v[3 + s], cp = v[v.count - 1]
                dh.withUnsafeBufferPointer { dh in dC.withUnsafeMutableBufferPointer { dC in
                    dCPrev.withUnsafeMutableBufferPointer { dCPrev in
                        let dh = dh.baseAddress!, dC = dC.baseAddress!, dCPrev = dCPrev.baseAddress!
                        gatesBack(f: f, i: i, g: g, c: c, o: o, cPrev: cp, dh: dh, dC: dC, dCPrev: dCPrev, dz: dz, N: N,
                                  peephole: {
                                      peepholeBack(.o, dz: dz, cell: c, into: dC, N: N, grads: &dPeepDiag)
                                  })
                        peepholeBack(.f, dz: dz, cell: cp, into: dCPrev, N: N, grads: &dPeepDiag)
                        if !plan.coupled { peepholeBack(.i, dz: dz, cell: cp, into: dCPrev, N: N, grads: &dPeepDiag) }
                        if !full.isEmpty {
                            (work.cellPrev + row * H).update(from: cp, count: N * H)
                            (work.cell + row * H).update(from: c, count: N * H)
                        }
                    }
                } }
            }
            withUnsafeTemporaryAllocation(of: Double.self, capacity: G) { sums in  // the biases' gradient: this step's sum
                let sums = sums.baseAddress!
                sums.initialize(repeating: 0, count: G)
                for n in 0..<N { let row = UnsafePointer(dz + n * width); for k in 0..<G { sums[k] += row[k] } }
                dBias.withUnsafeMutableBufferPointer { d in for k in 0..<G { d[k] += sums[k] } }
            }
            withPointers([hPrev, trace.xs[t]]) { v in
                for n in 0..<N {
                    (work.hx + (row + n) * Kp).update(from: v[0] + n * H, count: H)
                    (work.hx + (row + n) * Kp + H).update(from: v[1] + n * X, count: X)
                }
            }
            // ∂L/∂[h_{t-1}, x_t] = dz ⋅ W   (z = W ⋅ [h, x] + b)
            Gemm.multiply(m: N, n: Kp, k: G, a: dz, aRowStride: width, aColStride: 1, b: w.stacked.base, ldb: Kp,
                          c: work.dhx, ldc: Kp, accumulate: false)
            dh.withUnsafeMutableBufferPointer { d in
                for n in 0..<N { (d.baseAddress! + n * H).update(from: work.dhx + n * Kp, count: H) }
            }
            dxs[t] = Matrix(rows: N, cols: X, storage: [Double](unsafeUninitializedCapacity: N * X) { d, initialized in
                for n in 0..<N where X > 0 { (d.baseAddress! + n * X).initialize(from: work.dhx + n * Kp + H, count: X) }
                initialized = N * X
            })
            swap(&dC, &dCPrev)
            spare = dCPrev
            filled += 1
            if filled == block { flush() }
        }
        flush()
        return gradients(dStacked: dStacked, stride: Kp, dBias: dBias, dPeepFull: dPeepFull, dPeepDiag: dPeepDiag,
                         initial: [Matrix(rows: N, cols: H, storage: dh), Matrix(rows: N, cols: H, storage: dC)], xs: dxs)
    }

    /// One step's pointwise part, row by row: dz of o from ∂L/∂h (h = o ⊙ tanh(C)), ∂L/∂C_t, then `peephole`
    /// (what o's peephole sends back into C_t), then dz of f, i, C̃ and ∂L/∂C_{t-1} (C = f ⊙ C_{t-1} + i ⊙ C̃).
    /// `i` is nil when the gates are coupled (i = 1 - f).
    private func gatesBack(
        f: UnsafePointer<Double>, i: UnsafePointer<Double>?, g: UnsafePointer<Double>, c: UnsafePointer<Double>,
        o: UnsafePointer<Double>, cPrev: UnsafePointer<Double>, dh: UnsafePointer<Double>, dC: UnsafeMutablePointer<Double>,
        dCPrev: UnsafeMutablePointer<Double>, dz: UnsafeMutablePointer<Double>, N: Int, peephole: () -> Void
    ) {
        let H = hidden, plan = weights.plan, width = weights.width
        withUnsafeTemporaryAllocation(of: Double.self, capacity: N * H) { buffer in
            let tc = buffer.baseAddress!
            Activations.tanh(c, tc, N * H)
            for k in 0 ..< N * H {
                dC[k] = dC[k] + dh[k] * (o[k] * (1 - tc[k] * tc[k]))
            }
            for n in 0..<N {
                let r = n * H, dzo = dz + n * width + plan.o, dh = dh + r, tc = UnsafePointer(tc) + r, o = o + r
                for j in 0..<H { dzo[j] = dh[j] * tc[j] * o[j] * (1 - o[j]) }
            }
        }
        peephole()
        // One short loop per result, each over one row's units: few enough pointers for the compiler to vectorize.
        for n in 0..<N {
            let r = n * H, row = dz + n * width, dc = UnsafePointer(dC) + r, f = f + r, g = g + r, cp = cPrev + r
            let dzC = row + plan.cTilde, dzf = row + plan.f, dzi = row + plan.i, dCPrev = dCPrev + r
            if let i = i.map({ $0 + r }) {
                for j in 0..<H { dzC[j] = dc[j] * i[j] * (1 - g[j] * g[j]) }
                for j in 0..<H { dzf[j] = dc[j] * cp[j] * f[j] * (1 - f[j]) }
                for j in 0..<H { dzi[j] = dc[j] * g[j] * i[j] * (1 - i[j]) }
            } else {
                for j in 0..<H { dzC[j] = dc[j] * (1 - f[j]) * (1 - g[j] * g[j]) }
                for j in 0..<H { dzf[j] = dc[j] * (cp[j] - g[j]) * f[j] * (1 - f[j]) }
            }
            for j in 0..<H { dCPrev[j] = dc[j] * f[j] }
        }
    }

    /// Where C_t sits among a step's intermediates.
    private var cellIndex: Int { options.coupled ? 2 : 3 }

    /// Adds what peephole gate `g`'s pre-activation gradient (its columns of `dz`, rows `weights.width` apart) sends
    /// into the cell state it read, and the diagonal peephole's own gradient; a full peephole's P waits for the block's
    /// product.
    private func peepholeBack(
        _ g: LSTMGate, dz: UnsafeMutablePointer<Double>, cell: UnsafePointer<Double>,
        into dCell: UnsafeMutablePointer<Double>, N: Int, grads: inout [LSTMGate: [Double]]
    ) {
        let H = hidden, width = weights.width, dz = dz + weights.plan.column(g)
        if let P = weights.peephole[g] {
            Gemm.multiply(m: N, n: H, k: H, a: dz, aRowStride: width, aColStride: 1, b: P.base, ldb: P.stride,
                          c: dCell, ldc: H, accumulate: true)
        } else if let p = weights.plan.diagonal(g) {
            for n in 0..<N { for j in 0..<H { dCell[n * H + j] += p[j] * dz[n * width + j] } }
            for j in 0..<H {
                var sum = 0.0
                for n in 0..<N { sum += dz[n * width + j] * cell[n * H + j] }
                grads[g]![j] += sum
            }
        }
    }

    /// The gradients by parameter name, in the course's layout.
    private func gradients(
        dStacked: [Double], stride: Int, dBias: [Double], dPeepFull: [LSTMGate: [Double]], dPeepDiag: [LSTMGate: [Double]],
        initial: [Matrix], xs: [Matrix]
    ) -> Gradients {
        let H = hidden, K = H + inputs
        var grads: [String: Matrix] = [:]
        for (k, g) in gateOrder.enumerated() {
            let full = dPeepFull[g] == nil ? 0 : H
            var W = Matrix(rows: H, cols: full + K)
            for r in 0..<H {
                for c in 0..<full { W[r, c] = dPeepFull[g]![r * H + c] }
                for c in 0..<K { W[r, full + c] = dStacked[(k * H + r) * stride + c] }
            }
            grads["W_\(g.rawValue)"] = W
            grads["b_\(g.rawValue)"] = Matrix(row: Array(dBias[k * H ..< (k + 1) * H]))
        }
        for (g, v) in dPeepDiag { grads["p_\(g.rawValue)"] = Matrix(row: v) }
        return Gradients(parameters: grads, initial: initial, xs: xs)
    }
}

/// The backward pass's working memory: a block of steps' dz rows and `[h_{t-1}, x_t]` rows (and the cell
/// states a full peephole read), and one step's `dz ⋅ W`.
private final class BackwardBuffers {
    let dz, hx, cell, cellPrev, dhx: UnsafeMutablePointer<Double>
    private let all: UnsafeMutableBufferPointer<Double>

    init(N: Int, H: Int, width: Int, Kp: Int, block: Int, peepholes: Bool) {
        let sizes = [block * N * width, block * N * Kp, peepholes ? block * N * H : 0, peepholes ? block * N * H : 0, N * Kp]
        all = .allocate(capacity: max(1, sizes.reduce(0, +)))
        all.initialize(repeating: 0)
        var p = all.baseAddress!
        var pointers: [UnsafeMutablePointer<Double>] = []
        for size in sizes { pointers.append(p); p += size }
        (dz, hx, cell, cellPrev, dhx) = (pointers[0], pointers[1], pointers[2], pointers[3], pointers[4])
    }

    deinit { all.deallocate() }
}

/// Where an empty matrix's storage is said to start (nothing is ever read there).
nonisolated(unsafe) private let nowhere = UnsafePointer(UnsafeMutablePointer<Double>.allocate(capacity: 1))

/// Runs `body` with the storage of every matrix in `matrices`, in order.
func withPointers<R>(_ matrices: [Matrix], _ body: ([UnsafePointer<Double>]) -> R) -> R {
    func next(_ k: Int, _ pointers: [UnsafePointer<Double>]) -> R {
        guard k < matrices.count else { return body(pointers) }
        return matrices[k].storage.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return next(k + 1, pointers + [nowhere]) }
            return next(k + 1, pointers + [base])
        }
    }
    return next(0, [])
}
