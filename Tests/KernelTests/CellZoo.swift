import Kernel

/// Every cell configuration the kernel offers, built at a given size and seed, for property tests.
enum CellZoo {
    static let configurations = [
        "rnn", "lstm", "lstm coupled", "lstm peephole f", "lstm peephole io", "lstm peephole fio",
        "lstm peephole fio coupled", "lstm diagonal fio", "lstm diagonal f coupled", "gru", "gru pytorch",
    ]

    static func make(_ config: String, inputs: Int, hidden: Int, seed: UInt64) -> any RecurrentCell {
        let words = config.split(separator: " ").map(String.init)
        switch words[0] {
        case "rnn": return RNNCell(inputs: inputs, hidden: hidden, seed: seed)
        case "gru":
            return GRUCell(inputs: inputs, hidden: hidden, convention: words.contains("pytorch") ? .pytorch : .olah, seed: seed)
        default:
            var options = LSTMOptions(coupled: words.contains("coupled"))
            if let k = words.firstIndex(where: { $0 == "peephole" || $0 == "diagonal" }) {
                let gates = words[k + 1].compactMap { LSTMGate(rawValue: String($0)) }
                options.peepholes = Set(gates).subtracting(options.coupled ? [.i] : [])
                options.peepholeForm = words[k] == "diagonal" ? .diagonal : .full
            }
            return LSTMCell(inputs: inputs, hidden: hidden, options: options, seed: seed)
        }
    }
}

/// A scalar loss over a run, `L = Σ_t Σ r_t ⊙ h_t + Σ_s Σ r_s ⊙ (final state s)`, with random weights r.
struct ProbeLoss {
    let perStep: [Matrix]
    let perState: [Matrix]

    init(cell: any RecurrentCell, steps: Int, batch: Int, rng: inout SplitMix64) {
        perStep = (0..<steps).map { _ in rng.uniformMatrix(rows: batch, cols: cell.hidden, bound: 1) }
        perState = cell.stateNames.map { _ in rng.uniformMatrix(rows: batch, cols: cell.hidden, bound: 1) }
    }

    func value(_ cell: any RecurrentCell, _ trace: Trace) -> Double {
        let h = cell.intermediateNames.firstIndex(of: "h_t")!
        var sum = 0.0
        for (t, r) in perStep.enumerated() { sum += r.zip(trace.steps[t][h], *).storage.reduce(0, +) }
        for (s, r) in perState.enumerated() { sum += r.zip(trace.final[s], *).storage.reduce(0, +) }
        return sum
    }

    func gradients(_ cell: any RecurrentCell, _ trace: Trace) -> Gradients {
        cell.backward(trace, dH: perStep, dFinal: perState)
    }
}
