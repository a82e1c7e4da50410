/// Backpropagation through time for the LSTM family, batched.
extension LSTMCell {
    public func backward(_ trace: Trace, dH: [Matrix?], dFinal: [Matrix?]) -> Gradients {
        let H = hidden, N = trace.initial[0].rows, T = trace.steps.count
        let names = intermediateNames
        // Where each intermediate sits in a step, looked up once.
        let (fk, gk, ck, ok, hk) = (names.firstIndex(of: "f_t")!, names.firstIndex(of: "C~_t")!, names.firstIndex(of: "C_t")!,
                                    names.firstIndex(of: "o_t")!, names.firstIndex(of: "h_t")!)
        let ik = names.firstIndex(of: "i_t")
        let gates = gateNames
        var dStacked = Matrix(rows: stacked.rows, cols: stacked.cols)
        var dBias = [Double](repeating: 0, count: stacked.rows)
        var dPeepFull: [String: Matrix] = [:]
        for g in peephole.keys { dPeepFull[g] = Matrix(rows: H, cols: H) }
        var dPeepDiag: [String: [Double]] = [:]
        for g in p.keys { dPeepDiag[g] = [Double](repeating: 0, count: H) }
        var dh = dFinal[0] ?? Matrix(rows: N, cols: H)
        var dC = dFinal.count > 1 ? dFinal[1] ?? Matrix(rows: N, cols: H) : Matrix(rows: N, cols: H)
        var dxs = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: T)

        /// Adds what a peephole gate's pre-activation gradient `dz` sends into the cell state it read.
        func peepholeBack(_ g: String, _ dz: Matrix, _ cell: Matrix, into dCell: inout Matrix) {
            if let P = peephole[g] {
                dCell.addProduct(dz, P)
                dPeepFull[g]!.addTransposedProduct(dz, cell)
            } else if let pg = p[g] {
                dCell = addDiagonal(dCell, pg, dz)
                for (k, v) in dz.zip(cell, *).columnSums.enumerated() { dPeepDiag[g]![k] += v }
            }
        }

        for t in stride(from: T - 1, through: 0, by: -1) {
            let step = trace.steps[t]
            let hPrev = t > 0 ? trace.steps[t - 1][hk] : trace.initial[0]
            let cPrev = t > 0 ? trace.steps[t - 1][ck] : trace.initial[1]
            let f = step[fk], g = step[gk], c = step[ck], o = step[ok]
            let i = ik.map { step[$0] } ?? f.map { 1 - $0 }
            if let d = dH[t] { dh = dh + d }
            let tc = tanh(c)
            let dzo = sigmoidBackward(dh.zip(tc, *), o)
            dC = dC.zip(dh, o.zip(tc) { o, tc in o * (1 - tc * tc) }) { dc, dh, k in dc + dh * k }
            peepholeBack("o", dzo, c, into: &dC)
            let dzg = tanhBackward(dC.zip(i, *), g)
            var dzf: Matrix
            var dzi: Matrix? = nil
            if options.coupled {
                dzf = sigmoidBackward(dC.zip(cPrev, g) { dc, cp, g in dc * (cp - g) }, f)
            } else {
                dzf = sigmoidBackward(dC.zip(cPrev, *), f)
                dzi = sigmoidBackward(dC.zip(g, *), i)
            }
            var dCPrev = dC.zip(f, *)
            peepholeBack("f", dzf, cPrev, into: &dCPrev)
            if let dzi { peepholeBack("i", dzi, cPrev, into: &dCPrev) }
            var dz = Matrix(rows: N, cols: stacked.rows)
            for (k, gate) in gates.enumerated() {
                let block = gate == "f" ? dzf : gate == "i" ? dzi! : gate == "C" ? dzg : dzo
                dz.setColumns(at: k * H, block)
            }
            let hx = Matrix.concat(hPrev, trace.xs[t])
            dStacked.addTransposedProduct(dz, hx)
            for (k, v) in dz.columnSums.enumerated() { dBias[k] += v }
            var dhx = Matrix(rows: N, cols: stacked.cols)
            dhx.addProduct(dz, stacked)
            dh = dhx.columns(0 ..< H)
            dxs[t] = dhx.columns(H ..< stacked.cols)
            dC = dCPrev
        }

        var grads: [String: Matrix] = [:]
        for (k, gate) in gates.enumerated() {
            let rows = dStacked.rows(k * H ..< (k + 1) * H)
            grads["W_\(gate)"] = dPeepFull[gate].map { Matrix.concatColumns([$0, rows]) } ?? rows
            grads["b_\(gate)"] = Matrix(row: Array(dBias[k * H ..< (k + 1) * H]))
        }
        for (gate, v) in dPeepDiag { grads["p_\(gate)"] = Matrix(row: v) }
        return Gradients(parameters: grads, initial: [dh, dC], xs: dxs)
    }
}
