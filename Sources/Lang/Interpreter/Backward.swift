import Kernel

extension Session {
    /// `backward c dh_t: R, dC_T: v`: ∂L/∂h_t for every step fed (one row each) and ∂L/∂(final state);
    /// stores ∂L/∂(every parameter) as `c.dW_f`…, ∂L/∂(initial state) as `c.dh_0`…, and ∂L/∂x_t as `c.dx_t`.
    mutating func backward(_ name: String, _ seeds: [Argument], at range: SourceRange, _ cx: Context) throws(Diagnostic) {
        let slot = cells[name]!
        let cell = slot.cell, T = slot.steps.count, H = cell.hidden
        guard T > 0 else { throw cx.error(.noBackwardYet(name), range) }
        var dH = [Matrix?](repeating: nil, count: T)
        var dFinal = [Matrix?](repeating: nil, count: cell.stateNames.count)
        for seed in seeds {
            let label = seed.label!, at = seed.labelRange ?? seed.value.range
            let value = try evaluate(seed.value, cx)
            if label == "dh_t" {
                let rows: [[Double]]
                switch value {
                case .matrix(let m): rows = m.nested
                case .vector(let v) where T == 1: rows = [v]
                default: rows = []
                }
                guard rows.count == T, rows.allSatisfy({ $0.count == H }) else {
                    throw cx.error(.dhShape(steps: T, hidden: H, got: value), seed.value.range)
                }
                dH = rows.map { Matrix(row: $0) }
            } else if label.hasPrefix("d"), label.hasSuffix("_T"),
                      let k = cell.stateNames.firstIndex(of: String(label.dropFirst().dropLast(2))) {
                guard case .vector(let v) = value, v.count == H else {
                    throw cx.error(.seedShape(label, hidden: H, got: value), seed.value.range)
                }
                dFinal[k] = Matrix(row: v)
            } else {
                throw cx.error(.unknownGradient(label), at,
                    notes: [.init("give dh_t (one row per step) and any of "
                        + cell.stateNames.map { "d\($0)_T" }.joined(separator: ", "))])
            }
        }
        try reserve(2 * Double(slot.steps.count) * CellSlot.numbersPerStep(cell) + Double(slot.size), for: "the backward pass",
                    at: range, cx)
        guard let trace = cell.forward(slot.steps.map { Matrix(row: $0.x) }, from: slot.steps[0].before, shouldStop: shouldStop),
              let gradients = cell.backward(trace, dH: dH, dFinal: dFinal, shouldStop: shouldStop)
        else { throw cx.error(.interrupted, range) }
        cells[name]!.gradients = gradients
        // The first parameter whose gradient overflowed, in the cell's order.
        if let p = cell.parameters.first(where: { gradients.parameters[$0.name]?.storage.allSatisfy(\.isFinite) == false }) {
            cx.warnAtFirstNonFinite(gradients.parameters[p.name]!, at: range, backward: true) { row, column, x in
                .gradientNonFinite("\(name).d\(p.name)", row: row, column: column, x)
            }
        }
    }
}

extension CellSlot {
    /// The gradient fields after `backward`: `dW_f`…, `dh_0`…, `dx_t`.
    func gradientField(_ field: String) -> Value? {
        guard let g = gradients, field.hasPrefix("d") else { return nil }
        let rest = String(field.dropFirst())
        if let p = cell.parameter(rest), let m = g.parameters[rest] { return p.isVector ? .vector(m.storage) : .matrix(m) }
        if rest.hasSuffix("_0"), let k = cell.stateNames.firstIndex(of: String(rest.dropLast(2))) { return .vector(g.initial[k].storage) }
        if rest == "x_t" { return .matrix(Matrix.concatRows(g.xs)) }
        return nil
    }
}

extension Session {
    /// `reach(c)`: how much each input step reaches the last output, ‖∂h_T[u]/∂x_t‖ for each unit u (rows) and each
    /// step t fed (columns): one backward pass per unit through the steps fed.
    func reach(_ list: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard list.count == 1, list[0].label == nil else { throw cx.error(.reachUsage, range) }
        let (name, slot, _) = try cellView(list[0].value, cx)
        let cell = slot.cell, T = slot.steps.count, H = cell.hidden
        guard T > 0 else { throw cx.error(.noBackwardYet(name), range) }
        let work = Double(H) * Double(T) * Double(cell.parameters.reduce(0) { $0 + $1.value.storage.count })
        guard work <= 5e10 else { throw cx.error(.reachTooLong(name), range) }
        try reserve(2 * Double(T) * CellSlot.numbersPerStep(cell) + Double(T * H), for: "reach", at: range, cx)
        guard let trace = cell.forward(slot.steps.map { Matrix(row: $0.x) }, from: slot.steps[0].before, shouldStop: shouldStop) else {
            throw cx.error(.interrupted, range)
        }
        var rows: [[Double]] = []
        for u in 0 ..< H {
            var seed = [Double](repeating: 0, count: H)
            seed[u] = 1
            var dH = [Matrix?](repeating: nil, count: T)
            dH[T - 1] = Matrix(row: seed)
            guard let g = cell.backward(trace, dH: dH, dFinal: [Matrix?](repeating: nil, count: cell.stateNames.count),
                                        shouldStop: shouldStop) else { throw cx.error(.interrupted, range) }
            rows.append(g.xs.map { frobeniusNorm($0.storage) })
        }
        let reach = Matrix(rows: H, cols: T, storage: rows.flatMap { $0 })
        cx.warnAtFirstNonFinite(reach, at: range, backward: true) { unit, t, x in .gradientNonFinite("reach(\(name))", row: unit,
            column: t, x) }
        return .matrix(reach)
    }
}
