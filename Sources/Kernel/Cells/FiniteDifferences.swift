/// Central finite differences of a scalar loss of a cell's run: the slopes backpropagation must give, found
/// by nudging every parameter entry, every entry of the initial state and of every input by ±ε. Slow
/// (two runs per number), so for checking gradients on small cells, as the tests do for every kind.
public enum FiniteDifferences {
    /// ∂loss/∂ everything, shaped as `backward` returns it.
    public static func gradients(of cell: any RecurrentCell, inputs xs: [Matrix], state: [Matrix], epsilon: Double = 1e-6,
                                 loss: (any RecurrentCell, Trace) -> Double) -> Gradients {
        var cell = cell
        func slopes(of m: Matrix, _ lossAt: (Matrix) -> Double) -> Matrix {
            var out = m
            for k in m.storage.indices {
                var up = m, down = m
                up.storage[k] += epsilon
                down.storage[k] -= epsilon
                out.storage[k] = (lossAt(up) - lossAt(down)) / (2 * epsilon)
            }
            return out
        }
        var parameters: [String: Matrix] = [:]
        for p in cell.parameters {
            parameters[p.name] = slopes(of: p.value) { shifted in
                try! cell.setParameter(p.name, to: shifted)  // same shape as the parameter: cannot fail
                defer { try! cell.setParameter(p.name, to: p.value) }
                return loss(cell, cell.forward(xs, from: state))
            }
        }
        let initial = state.indices.map { s in
            slopes(of: state[s]) { shifted in
                var moved = state
                moved[s] = shifted
                return loss(cell, cell.forward(xs, from: moved))
            }
        }
        let inputs = xs.indices.map { t in
            slopes(of: xs[t]) { shifted in
                var moved = xs
                moved[t] = shifted
                return loss(cell, cell.forward(moved, from: state))
            }
        }
        return Gradients(parameters: parameters, initial: initial, xs: inputs)
    }
}

extension Gradients {
    /// Every entry where `self` and `other` differ by more than `tolerance` relative to max(1, |other|):
    /// what, which entry, and the two values.
    public func mismatches(against other: Gradients, tolerance: Double) -> [(what: String, entry: Int, value: Double, expected: Double)] {
        var pairs = parameters.keys.sorted().map { ("∂" + $0, parameters[$0]!, other.parameters[$0]) }
        pairs += initial.indices.map { ("∂state \($0)", initial[$0], other.initial[$0]) }
        pairs += xs.indices.map { ("∂x_\($0)", xs[$0], other.xs[$0]) }
        var found: [(String, Int, Double, Double)] = []
        for (what, mine, theirs) in pairs {
            guard let theirs, theirs.storage.count == mine.storage.count else {
                found.append((what, -1, .nan, .nan))
                continue
            }
            for (k, (a, b)) in zip(mine.storage, theirs.storage).enumerated() where !(abs(a - b) <= tolerance * max(1, abs(b))) {
                found.append((what, k, a, b))
            }
        }
        return found
    }
}
