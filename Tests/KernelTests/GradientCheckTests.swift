import Testing
import Kernel

/// Backpropagation through time agrees with central finite differences, for every cell kind and option,
/// on random sizes (H = 1 and X = 1 included), for every parameter, the initial state and every input.
@Suite struct GradientCheckTests {
    static let sizes: [(inputs: Int, hidden: Int, steps: Int, batch: Int)] = [(1, 1, 3, 1), (1, 3, 4, 2), (3, 1, 2, 1), (2, 4, 5, 3)]

    @Test(arguments: CellZoo.configurations)
    func bpttMatchesFiniteDifferences(_ config: String) throws {
        var rng = SplitMix64(seed: 0xC0FFEE)
        for (n, size) in Self.sizes.enumerated() {
            var cell = CellZoo.make(config, inputs: size.inputs, hidden: size.hidden, seed: UInt64(n))
            let xs = (0..<size.steps).map { _ in rng.uniformMatrix(rows: size.batch, cols: size.inputs, bound: 2) }
            let state = cell.stateNames.map { _ in rng.uniformMatrix(rows: size.batch, cols: size.hidden, bound: 1) }
            let loss = ProbeLoss(cell: cell, steps: size.steps, batch: size.batch, rng: &rng)
            let analytic = loss.gradients(cell, cell.forward(xs, from: state))

            func check(_ what: String, _ grad: Matrix, _ perturbed: (Int, Double) -> Double) {
                for k in grad.storage.indices {
                    let eps = 1e-6
                    let numeric = (perturbed(k, eps) - perturbed(k, -eps)) / (2 * eps)
                    let scale = max(1, abs(numeric))
                    #expect(abs(numeric - grad.storage[k]) <= 1e-7 * scale,
                            "\(config) \(size) ∂L/∂\(what)[\(k)]: BPTT \(grad.storage[k]), differences \(numeric)")
                }
            }
            for p in cell.parameters {
                check(p.name, analytic.parameters[p.name]!) { k, eps in
                    var shifted = p.value
                    shifted.storage[k] += eps
                    try! cell.setParameter(p.name, to: shifted)
                    defer { try! cell.setParameter(p.name, to: p.value) }
                    return loss.value(cell, cell.forward(xs, from: state))
                }
            }
            for s in state.indices {
                check("state \(cell.stateNames[s])", analytic.initial[s]) { k, eps in
                    var shifted = state
                    shifted[s].storage[k] += eps
                    return loss.value(cell, cell.forward(xs, from: shifted))
                }
            }
            for t in xs.indices {
                check("x_\(t)", analytic.xs[t]) { k, eps in
                    var shifted = xs
                    shifted[t].storage[k] += eps
                    return loss.value(cell, cell.forward(shifted, from: state))
                }
            }
        }
    }
}
