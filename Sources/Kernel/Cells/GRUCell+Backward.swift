/// Backpropagation through time for the GRU, batched, in both conventions.
extension GRUCell {
    public func backward(_ trace: Trace, dH: [Matrix?], dFinal: [Matrix?]) -> Gradients {
        let H = hidden, N = trace.initial[0].rows, T = trace.steps.count
        var dStacked = Matrix(rows: 2 * H, cols: H + inputs)
        var dW_h = Matrix(rows: H, cols: H + inputs)
        var db: [String: [Double]] = ["z": [], "r": [], "h": [], "hn": []].mapValues { _ in [Double](repeating: 0, count: H) }
        var dh = dFinal[0] ?? Matrix(rows: N, cols: H)
        var dxs = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: T)

        func addSums(_ key: String, _ m: Matrix) { for (k, v) in m.columnSums.enumerated() { db[key]![k] += v } }

        for t in stride(from: T - 1, through: 0, by: -1) {
            let hPrev = t > 0 ? trace.steps[t - 1][3] : trace.initial[0]
            let x = trace.xs[t]
            let z = trace.steps[t][0], r = trace.steps[t][1], hTilde = trace.steps[t][2]
            if let d = dH[t] { dh = dh + d }
            var dhPrev: Matrix, dz: Matrix, dr: Matrix, dx: Matrix
            switch convention {
            case .olah:
                dz = dh.zip(hTilde, hPrev) { d, ht, hp in d * (ht - hp) }
                let dzh = tanhBackward(dh.zip(z, *), hTilde)
                dhPrev = dh.zip(z) { d, z in d * (1 - z) }
                let rh = r.zip(hPrev, *)
                dW_h.addTransposedProduct(dzh, Matrix.concat(rh, x))
                addSums("h", dzh)
                var dIn = Matrix(rows: N, cols: H + inputs)
                dIn.addProduct(dzh, W["h"]!)
                let drh = dIn.columns(0 ..< H)
                dx = dIn.columns(H ..< H + inputs)
                dr = drh.zip(hPrev, *)
                dhPrev = dhPrev.zip(drh, r) { a, d, r in a + d * r }
            case .pytorch:
                dz = dh.zip(hPrev, hTilde) { d, hp, n in d * (hp - n) }
                let dzn = tanhBackward(dh.zip(z) { d, z in d * (1 - z) }, hTilde)
                dhPrev = dh.zip(z, *)
                let fromH = Matrix.affine(hPrev, weights: candidateH, bias: b["hn"]!)
                let dFromH = dzn.zip(r, *)
                dr = dzn.zip(fromH, *)
                var dWx = Matrix(rows: H, cols: inputs), dWh = Matrix(rows: H, cols: H)
                dWx.addTransposedProduct(dzn, x)
                dWh.addTransposedProduct(dFromH, hPrev)
                dW_h = dW_h + Matrix.concat(dWh, dWx)
                addSums("h", dzn)
                addSums("hn", dFromH)
                dx = Matrix(rows: N, cols: inputs)
                dx.addProduct(dzn, candidateX)
                dhPrev.addProduct(dFromH, candidateH)
            }
            let dzr = Matrix.concatColumns([sigmoidBackward(dz, z), sigmoidBackward(dr, r)])
            dStacked.addTransposedProduct(dzr, Matrix.concat(hPrev, x))
            addSums("z", dzr.block(0, width: H))
            addSums("r", dzr.block(1, width: H))
            var dhx = Matrix(rows: N, cols: H + inputs)
            dhx.addProduct(dzr, stacked)
            dh = dhPrev + dhx.columns(0 ..< H)
            dxs[t] = dx + dhx.columns(H ..< H + inputs)
        }
        var grads: [String: Matrix] = [
            "W_z": dStacked.rows(0 ..< H), "W_r": dStacked.rows(H ..< 2 * H), "W_h": dW_h,
            "b_z": Matrix(row: db["z"]!), "b_r": Matrix(row: db["r"]!), "b_h": Matrix(row: db["h"]!),
        ]
        if convention == .pytorch { grads["b_hn"] = Matrix(row: db["hn"]!) }
        return Gradients(parameters: grads, initial: [dh], xs: dxs)
    }
}
