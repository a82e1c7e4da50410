/// Backpropagation through time for the LSTM family, batched: the course's equations read backwards,
/// one line per derivative.
extension LSTMCell {
    public func backward(_ trace: Trace, dH: [Matrix?], dFinal: [Matrix?], shouldStop: () -> Bool) -> Gradients? {
        let H = hidden, N = trace.initial[0].rows, T = trace.steps.count
        let steps = trace.steps.map(step(from:))
        var dStacked = Matrix(rows: stacked.rows, cols: stacked.cols)
        var dBias = [Double](repeating: 0, count: stacked.rows)
        var dPeepFull: [LSTMGate: Matrix] = [:]
        for g in peephole.keys { dPeepFull[g] = Matrix(rows: H, cols: H) }
        var dPeepDiag: [LSTMGate: [Double]] = [:]
        for g in [LSTMGate.f, .i, .o] where gate(g)?.p != nil { dPeepDiag[g] = [Double](repeating: 0, count: H) }
        var dh = dFinal[0] ?? Matrix(rows: N, cols: H)
        var dC = dFinal.count > 1 ? dFinal[1] ?? Matrix(rows: N, cols: H) : Matrix(rows: N, cols: H)
        var dxs = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: T)

        /// Adds what a peephole gate's pre-activation gradient `dz` sends into the cell state it read.
        func peepholeBack(_ g: LSTMGate, _ dz: Matrix, _ cell: Matrix, into dCell: inout Matrix) {
            if let P = peephole[g] {
                dCell.addProduct(dz, P)
                dPeepFull[g]?.addTransposedProduct(dz, cell)
            } else if let p = gate(g)?.p {
                dCell = addDiagonal(dCell, p, dz)
                for (k, v) in (dz ⊙ cell).columnSums.enumerated() { dPeepDiag[g]?[k] += v }
            }
        }

        for t in stride(from: T - 1, through: 0, by: -1) {
            if shouldStop() { return nil }
            let s = steps[t]
            let hPrev = t > 0 ? steps[t - 1].h : trace.initial[0]
            let cPrev = t > 0 ? steps[t - 1].c : trace.initial[1]
            if let d = dH[t] { dh = dh + d }
            let tc = tanh(s.c)
            let dzo = sigmoidBackward(dh ⊙ tc, s.o)                   // h = o ⊙ tanh(C)
            dC = dC + dh ⊙ (s.o ⊙ (1 - tc ⊙ tc))
            peepholeBack(.o, dzo, s.c, into: &dC)
            let dzC = tanhBackward(dC ⊙ s.i, s.cTilde)                 // C = f ⊙ C_{t-1} + i ⊙ C̃
            let dzf = options.coupled ? sigmoidBackward(dC ⊙ (cPrev - s.cTilde), s.f) : sigmoidBackward(dC ⊙ cPrev, s.f)
            let dzi = options.coupled ? nil : sigmoidBackward(dC ⊙ s.cTilde, s.i)
            var dCPrev = dC ⊙ s.f
            peepholeBack(.f, dzf, cPrev, into: &dCPrev)
            if let dzi { peepholeBack(.i, dzi, cPrev, into: &dCPrev) }
            var dz = Matrix(rows: N, cols: stacked.rows)
            for (k, g) in gateOrder.enumerated() {
                switch g {
                case .f: dz.setColumns(at: k * H, dzf)
                case .i: if let dzi { dz.setColumns(at: k * H, dzi) }
                case .C: dz.setColumns(at: k * H, dzC)
                case .o: dz.setColumns(at: k * H, dzo)
                }
            }
            dStacked.addTransposedProduct(dz, Matrix.concat(hPrev, trace.xs[t]))   // z = W ⋅ [h, x] + b
            for (k, v) in dz.columnSums.enumerated() { dBias[k] += v }
            var dhx = Matrix(rows: N, cols: stacked.cols)
            dhx.addProduct(dz, stacked)
            dh = dhx.columns(0 ..< H)
            dxs[t] = dhx.columns(H ..< stacked.cols)
            dC = dCPrev
        }

        var grads: [String: Matrix] = [:]
        for (k, g) in gateOrder.enumerated() {
            let rows = dStacked.rows(k * H ..< (k + 1) * H)
            grads["W_\(g.rawValue)"] = dPeepFull[g].map { Matrix.concatColumns([$0, rows]) } ?? rows
            grads["b_\(g.rawValue)"] = Matrix(row: Array(dBias[k * H ..< (k + 1) * H]))
        }
        for (g, v) in dPeepDiag { grads["p_\(g.rawValue)"] = Matrix(row: v) }
        return Gradients(parameters: grads, initial: [dh, dC], xs: dxs)
    }
}
