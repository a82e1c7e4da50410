/// One gate's parameters in the course's layout: `W` over what the gate reads (`[h, x]`, or `[C, h, x]`
/// for a full peephole), its bias `b`, and `p` when it has a diagonal peephole (`+ p ⊙ C`).
public struct Gate: Sendable, Equatable {
    public var W: Matrix
    public var b: [Double]
    public var p: [Double]?
}

/// The gates of the LSTM family by the course's letters: forget, input, the candidate C̃, output.
public enum LSTMGate: String, CaseIterable, Sendable {
    case f, i, C, o
}

/// The gates of the GRU: update z, reset r, the candidate h̃ (its parameters are W_h and b_h).
public enum GRUGate: String, CaseIterable, Sendable {
    case z, r, h
}

/// What kind of cell this is, as a learner would name it; `description` is the label the language shows.
public enum CellKind: Sendable, Equatable, CustomStringConvertible {
    case rnn
    case lstm(LSTMOptions)
    case gru(GRUCell.Convention)
    case equations

    public var description: String {
        switch self {
        case .rnn: return "rnn"
        case .equations: return "equations"
        case .gru(let convention): return convention == .olah ? "gru" : "gru, pytorch"
        case .lstm(let options):
            var label = "lstm"
            if options.coupled { label += ", coupled" }
            let peepholes = [LSTMGate.f, .i, .o].filter(options.peepholes.contains).map(\.rawValue)
            if !peepholes.isEmpty { label += ", peephole " + peepholes.joined(separator: " ") }
            if !peepholes.isEmpty && options.peepholeForm == .diagonal { label += " (diagonal)" }
            return label
        }
    }
}

/// A parameter's name and shape, known before any weight is drawn (to check a size before allocating).
public struct ParameterShape: Sendable, Equatable {
    public var name: String
    public var rows: Int
    public var cols: Int
    public var isVector: Bool

    public init(name: String, rows: Int, cols: Int, isVector: Bool) {
        self.name = name
        self.rows = rows
        self.cols = cols
        self.isVector = isVector
    }

    public var count: Int { rows * cols }
}
