import Testing
import Kernel
import Lang

/// Cells written in the course's notation, including ones no built-in cell matches (seed 002's output valve
/// reading C_{t-1}, a state of one's own, exp and division), backpropagate what central finite differences
/// measure: for every parameter, the initial state and every input.
@Suite struct EquationGradientTests {
    static let cells = [
        """
        f_t = \\sigma(W_f[c_{t-1}, h_{t-1}, X_t] + b_f)
        i_t = \\sigma(W_i[C_{t-1}, h_{t-1}, X_t] + b_i)
        G_t = tanh(W_g[C_{t-1}, h_{t-1}, X_t] + b_g)
        C_t = f_t*C_{t-1} + i_t*G_t
        o_t = \\sigma(W_o[C_{t-1}, h_{t-1}, X_t] + b_o)
        h_t = o_t * tanh(C_t)
        """,
        """
        m_t = 0.5 * m_{t-1} + tanh(W_m · x_t)
        C_t = σ(W_f · [h_{t-1}, x_t] + b_f) ⊙ C_{t-1} + tanh(W_C · [h_{t-1}, m_t] + b_C)
        h_t = tanh(C_t) + m_t / (1 + exp(p * m_{t-1}))
        """,
        """
        z_t = σ(W_z · [h_{t-1}, x_t] + b_z)
        r_t = σ(W_r · [h_{t-1}, x_t] + b_r)
        h̃_t = tanh(W_h · [r_t * h_{t-1}, x_t] + b_h)
        h_t = (1 - z_t) * h_{t-1} + z_t * h̃_t
        """,
    ]

    /// L = Σ_t Σ R_t ⊙ h_t + Σ_s Σ S_s ⊙ (state s at the end).
    static func loss(_ cell: any RecurrentCell, _ trace: Trace, _ dH: [Matrix], _ dFinal: [Matrix]) -> Double {
        let h = cell.outputIndex
        var total = 0.0
        for (t, step) in trace.steps.enumerated() { total += zip(step[h].storage, dH[t].storage).reduce(0) { $0 + $1.0 * $1.1 } }
        for (s, m) in trace.final.enumerated() { total += zip(m.storage, dFinal[s].storage).reduce(0) { $0 + $1.0 * $1.1 } }
        return total
    }

    @Test(arguments: cells.indices)
    func backpropagationMatchesFiniteDifferences(_ k: Int) throws {
        var session = Session()
        let result = session.run(SourceFile(name: "fd.lstm", text: "cell e(inputs: 2, hidden: 3, seed: 11) {\n\(Self.cells[k])\n}"))
        if let error = result.error { throw error }
        let cell = session.cells["e"]!.cell
        var rng = SplitMix64(seed: UInt64(40 + k))
        let (N, T, H) = (2, 4, 3)
        let xs = (0..<T).map { _ in rng.uniformMatrix(rows: N, cols: 2, bound: 1.5) }
        let state = cell.stateNames.map { _ in rng.uniformMatrix(rows: N, cols: H, bound: 1) }
        let dH = (0..<T).map { _ in rng.uniformMatrix(rows: N, cols: H, bound: 1) }
        let dFinal = cell.stateNames.map { _ in rng.uniformMatrix(rows: N, cols: H, bound: 1) }
        let analytic = cell.backward(cell.forward(xs, from: state), dH: dH, dFinal: dFinal)
        let numeric = FiniteDifferences.gradients(of: cell, inputs: xs, state: state) { Self.loss($0, $1, dH, dFinal) }
        #expect(analytic.parameters.count == cell.parameters.count)
        for m in analytic.mismatches(against: numeric, tolerance: 1e-7) {
            Issue.record("cell \(k) \(m.what)[\(m.entry)]: backpropagation \(m.value), differences \(m.expected)")
        }
    }
}
