/// Where each gate sits in the stacked pre-activations and which peepholes it has, worked out once per change.
struct LSTMPlan: Sendable {
    /// The gates in column order: the k-th block of H columns is `order[k]`'s.
    var order: [LSTMGate] = []
    var f = 0, i = 0, cTilde = 0, o = 0
    var diagonalF: [Double]?, diagonalI: [Double]?, diagonalO: [Double]?

    /// No i gate: i = 1 - f.
    var coupled: Bool { !order.isEmpty && !order.contains(.i) }

    /// Where gate `g`'s pre-activations start in a row.
    func column(_ g: LSTMGate) -> Int {
        switch g {
        case .f: f
        case .i: i
        case .C: cTilde
        case .o: o
        }
    }

    /// Gate `g`'s diagonal peephole, if it has one.
    func diagonal(_ g: LSTMGate) -> [Double]? {
        switch g {
        case .f: diagonalF
        case .i: diagonalI
        case .C: nil
        case .o: diagonalO
        }
    }
}

/// An LSTM's parameters laid out for its fast paths; rebuilt whenever a parameter changes, never changed after.
///
/// The gates' pre-activations of a batch are one row of `width` numbers per sequence: f, i, C̃, o side by
/// side (G = gates × H of them), then zeros up to a whole number of vectors. The forward products broadcast
/// each input number against a row of `inputT` or `hiddenT`, the backward's `dz · W` against a row of `stacked`.
final class LSTMWeights: @unchecked Sendable {
    /// How many pre-activations a step has (gates × hidden).
    let gates: Int
    /// The cell's sizes.
    let hidden: Int, inputs: Int
    /// `gates` rounded up to a multiple of eight: the row length of every pre-activation buffer.
    let width: Int
    /// W_xᵀ (inputs × gates) and W_hᵀ (hidden × gates), rows `width` apart.
    let inputT: AlignedRows, hiddenT: AlignedRows
    /// The stacked biases, then zeros up to `width`.
    let bias: [Double]
    /// Every gate's `[W_h | W_x]` stacked (gates × (hidden + inputs)), rows padded to whole vectors.
    let stacked: AlignedRows
    /// A full peephole's C block P (hidden × hidden) and its transpose, by gate.
    let peephole: [LSTMGate: AlignedRows], peepholeT: [LSTMGate: AlignedRows]
    let plan: LSTMPlan

    init(gates order: [(LSTMGate, Gate)], hidden H: Int, inputs X: Int, fullPeepholes: Set<LSTMGate>) {
        let hx = Matrix.concatRows(order.map { g, gate in fullPeepholes.contains(g) ? gate.W.columns(H ..< gate.W.cols) : gate.W })
        gates = hx.rows
        (hidden, inputs) = (H, X)
        width = AlignedRows.stride(for: gates)
        stacked = AlignedRows(hx)
        hiddenT = AlignedRows(hx.columns(0 ..< H).transposed)
        inputT = AlignedRows(hx.columns(H ..< H + X).transposed)
        bias = order.flatMap { $0.1.b } + [Double](repeating: 0, count: width - gates)
        var full: [LSTMGate: AlignedRows] = [:], fullT: [LSTMGate: AlignedRows] = [:]
        for (g, gate) in order where fullPeepholes.contains(g) {
            let P = gate.W.columns(0 ..< H)
            full[g] = AlignedRows(P)
            fullT[g] = AlignedRows(P.transposed)
        }
        (peephole, peepholeT) = (full, fullT)
        let column = { (g: LSTMGate) in (order.firstIndex { $0.0 == g } ?? 0) * H }
        let diagonal = { (g: LSTMGate) in order.first { $0.0 == g }?.1.p }
        plan = LSTMPlan(order: order.map(\.0), f: column(.f), i: column(.i), cTilde: column(.C), o: column(.o),
                        diagonalF: diagonal(.f), diagonalI: diagonal(.i), diagonalO: diagonal(.o))
    }

    /// Every number the layout keeps.
    var storedNumbers: Int {
        let all = [inputT, hiddenT, stacked] + Array(peephole.values) + Array(peepholeT.values)
        return all.reduce(bias.count) { $0 + $1.rows * $1.stride }
    }
}
