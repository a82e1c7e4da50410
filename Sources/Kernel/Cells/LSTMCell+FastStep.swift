/// Where each gate sits in the stacked product and which peepholes it has, worked out once per change.
struct LSTMPlan: Sendable {
    var f = 0, i = 0, cTilde = 0, o = 0
    var coupled = false
    var fullF: Matrix?, fullI: Matrix?, fullO: Matrix?
    var diagonalF: [Double]?, diagonalI: [Double]?, diagonalO: [Double]?
}

extension LSTMCell {
    /// The batched step, split by hidden unit: part p owns units `lo..<hi` and computes, for every
    /// sequence of the batch, those units' pre-activation in every gate (bias, then the `[h, x]` product, then
    /// any peephole), their gates, C_t and h_t. One hand-over to the other core covers the whole step;
    /// a full o peephole reads all of C_t, so then o and h_t wait for a second one.
    ///
    /// Every number is computed by the same operations whichever part or thread it falls to, so the
    /// results do not depend on the number of threads.
    func fastStep(x: Matrix, hPrev h: Matrix, cPrev: Matrix) -> LSTMStep {
        let H = hidden, N = x.rows, X = x.cols, K = H + X, G = stacked.rows, plan = self.plan, w = packed
        let lda = AlignedRows.stride(for: K), align = 8  // input rows start on 64-byte boundaries
        let slots = 6, parts = N * G * K >= Gemm.splitThreshold ? max(1, min(Threading.count, H)) : 1
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: align + N * (lda + G + slots * H)) { scratch in
            let start = scratch.baseAddress!
            let input = start + (align - Int(bitPattern: start) / 8 % align) % align, z = input + N * lda
            let f = z + N * G, i = f + N * H, g = i + N * H, c = g + N * H, o = c + N * H, hNew = o + N * H
            for n in 0..<N {
                for j in 0..<H { input[n * lda + j] = h.storage[n * H + j] }
                for j in 0..<X { input[n * lda + H + j] = x.storage[n * X + j] }
            }
            stackedBias.withUnsafeBufferPointer { bias in
                cPrev.storage.withUnsafeBufferPointer { cp in
                    let cPrev = cp.baseAddress!, bias = bias.baseAddress!
                    let units = { (p: Int) in H * p / parts ..< H * (p + 1) / parts }
                    WorkerTeam.shared.run(parts: parts) { p in
                        let u = units(p)
                        for column in stride(from: 0, to: G, by: H) {  // each gate's block
                            for n in 0..<N {
                                for j in u { z[n * G + column + j] = bias[column + j] }
                            }
                            Gemm.dotBlock(rows: 0..<N, cols: column + u.lowerBound ..< column + u.upperBound, k: K,
                                          a: input, lda: lda, b: w.base, ldb: w.stride, c: z, ldc: G)
                        }
                        addPeephole(plan.fullF, plan.diagonalF, cell: cPrev, units: u, z: z + plan.f, N: N, G: G)
                        addPeephole(plan.fullI, plan.diagonalI, cell: cPrev, units: u, z: z + plan.i, N: N, G: G)
                        for n in 0..<N {
                            let row = z + n * G + u.lowerBound, k = n * H + u.lowerBound, count = u.count
                            Activations.sigmoid(row + plan.f, f + k, count)
                            Activations.tanh(row + plan.cTilde, g + k, count)
                            if plan.coupled {
                                for j in k ..< k + count { i[j] = 1 - f[j] }
                            } else {
                                Activations.sigmoid(row + plan.i, i + k, count)
                            }
                            for j in k ..< k + count { c[j] = f[j] * cPrev[j] + i[j] * g[j] }
                        }
                        if plan.fullO == nil { outputGate(units: u, N: N, G: G, z: z, c: c, o: o, h: hNew) }
                    }
                    if plan.fullO != nil {
                        WorkerTeam.shared.run(parts: parts) { p in
                            outputGate(units: units(p), N: N, G: G, z: z, c: c, o: o, h: hNew)
                        }
                    }
                }
            }
            let matrix = { (start: UnsafeMutablePointer<Double>) in
                Matrix(rows: N, cols: H, storage: Array(UnsafeBufferPointer(start: start, count: N * H)))
            }
            return LSTMStep(f: matrix(f), i: matrix(i), cTilde: matrix(g), c: matrix(c), o: matrix(o), h: matrix(hNew))
        }
    }

    /// o = σ(pre-activation, plus its peephole on C_t) and h_t = tanh(C_t) ⊙ o for the given units.
    private func outputGate(
        units u: Range<Int>, N: Int, G: Int, z: UnsafeMutablePointer<Double>,
        c: UnsafeMutablePointer<Double>, o: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>
    ) {
        addPeephole(plan.fullO, plan.diagonalO, cell: UnsafePointer(c), units: u, z: z + plan.o, N: N, G: G)
        let H = hidden
        for n in 0..<N {
            let k = n * H + u.lowerBound
            Activations.sigmoid(z + n * G + plan.o + u.lowerBound, o + k, u.count)
            Activations.tanh(c + k, h + k, u.count)
            for j in k ..< k + u.count { h[j] *= o[j] }
        }
    }

    /// Adds a gate's peephole term for the given units: the full form's `P · C` or the diagonal `p ⊙ C`.
    private func addPeephole(
        _ full: Matrix?, _ diagonal: [Double]?, cell: UnsafePointer<Double>, units u: Range<Int>,
        z: UnsafeMutablePointer<Double>, N: Int, G: Int
    ) {
        let H = hidden
        if let full {
            full.storage.withUnsafeBufferPointer {
                Gemm.dotBlock(rows: 0..<N, cols: u, k: H, a: cell, lda: H, b: $0.baseAddress!, ldb: H, c: z, ldc: G)
            }
        }
        if let diagonal {
            for n in 0..<N {
                for j in u { z[n * G + j] += diagonal[j] * cell[n * H + j] }
            }
        }
    }
}
