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
            let cell = CellZoo.make(config, inputs: size.inputs, hidden: size.hidden, seed: UInt64(n))
            let xs = (0..<size.steps).map { _ in rng.uniformMatrix(rows: size.batch, cols: size.inputs, bound: 2) }
            let state = cell.stateNames.map { _ in rng.uniformMatrix(rows: size.batch, cols: size.hidden, bound: 1) }
            let loss = ProbeLoss(cell: cell, steps: size.steps, batch: size.batch, rng: &rng)
            let analytic = loss.gradients(cell, cell.forward(xs, from: state))
            let numeric = FiniteDifferences.gradients(of: cell, inputs: xs, state: state) { loss.value($0, $1) }
            for m in analytic.mismatches(against: numeric, tolerance: 1e-7) {
                Issue.record("\(config) \(size) \(m.what)[\(m.entry)]: BPTT \(m.value), differences \(m.expected)")
            }
        }
    }
}
