/// Backpropagation through time for the GRU, batched, in both conventions.
extension GRUCell {
    public func backward(_ trace: Trace, dH: [Matrix?], dFinal: [Matrix?], shouldStop: () -> Bool) -> Gradients? {
        let H = hidden, N = trace.initial[0].rows, T = trace.steps.count
        var dStacked = Matrix(rows: 2 * H, cols: H + inputs)
        var dW_h = Matrix(rows: H, cols: H + inputs)
        let zeros = [Double](repeating: 0, count: H)
        var (dbz, dbr, dbh, dbhn) = (zeros, zeros, zeros, zeros)
        var dh = dFinal[0] ?? Matrix(rows: N, cols: H)
        var dxs = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: T)
        let steps = trace.steps.map(step(from:))

        func addSums(_ sums: inout [Double], _ m: Matrix) { for (k, v) in m.columnSums.enumerated() { sums[k] += v } }

        for t in stride(from: T - 1, through: 0, by: -1) {
            if shouldStop() { return nil }
            let hPrev = t > 0 ? steps[t - 1].h : trace.initial[0]
            let x = trace.xs[t]
            let (z, r, hTilde) = (steps[t].z, steps[t].r, steps[t].hTilde)
            if let d = dH[t] { dh = dh + d }
            var dhPrev: Matrix, dz: Matrix, dr: Matrix, dx: Matrix
            switch convention {
            case .olah:
                dz = dh.zip(hTilde, hPrev) { d, ht, hp in d * (ht - hp) }
                let dzh = tanhBackward(dh.zip(z, *), hTilde)
                dhPrev = dh.zip(z) { d, z in d * (1 - z) }
                let rh = r.zip(hPrev, *)
                dW_h.addTransposedProduct(dzh, Matrix.concat(rh, x))
                addSums(&dbh, dzh)
                var dIn = Matrix(rows: N, cols: H + inputs)
                dIn.addProduct(dzh, candidate.W)
                let drh = dIn.columns(0 ..< H)
                dx = dIn.columns(H ..< H + inputs)
                dr = drh.zip(hPrev, *)
                dhPrev = dhPrev.zip(drh, r) { a, d, r in a + d * r }
            case .pytorch:
                dz = dh.zip(hPrev, hTilde) { d, hp, n in d * (hp - n) }
                let dzn = tanhBackward(dh.zip(z) { d, z in d * (1 - z) }, hTilde)
                dhPrev = dh.zip(z, *)
                let fromH = Matrix.affine(hPrev, transposedWeights: candidateHT, bias: resetBiasOrZero)
                let dFromH = dzn.zip(r, *)
                dr = dzn.zip(fromH, *)
                var dWx = Matrix(rows: H, cols: inputs), dWh = Matrix(rows: H, cols: H)
                dWx.addTransposedProduct(dzn, x)
                dWh.addTransposedProduct(dFromH, hPrev)
                dW_h = dW_h + Matrix.concat(dWh, dWx)
                addSums(&dbh, dzn)
                addSums(&dbhn, dFromH)
                dx = Matrix(rows: N, cols: inputs)
                dx.addProduct(dzn, candidateX)
                dhPrev.addProduct(dFromH, candidateH)
            }
            let dzr = Matrix.concatColumns([sigmoidBackward(dz, z), sigmoidBackward(dr, r)])
            dStacked.addTransposedProduct(dzr, Matrix.concat(hPrev, x))
            addSums(&dbz, dzr.block(0, width: H))
            addSums(&dbr, dzr.block(1, width: H))
            var dhx = Matrix(rows: N, cols: H + inputs)
            dhx.addProduct(dzr, stacked)
            dh = dhPrev + dhx.columns(0 ..< H)
            dxs[t] = dx + dhx.columns(H ..< H + inputs)
        }
        var grads: [String: Matrix] = [
            "W_z": dStacked.rows(0 ..< H), "W_r": dStacked.rows(H ..< 2 * H), "W_h": dW_h,
            "b_z": Matrix(row: dbz), "b_r": Matrix(row: dbr), "b_h": Matrix(row: dbh),
        ]
        if convention == .pytorch { grads["b_hn"] = Matrix(row: dbhn) }
        return Gradients(parameters: grads, initial: [dh], xs: dxs)
    }
}
