/// Options of the LSTM family: peepholes on any of f, i, o (Olah's full W over [C, h, x] or the diagonal
/// `+ p_g ⊙ C` of Gers and Greff), and coupled forget/input gates (`i = 1 - f`).
public struct LSTMOptions: Sendable, Equatable {
    /// How a peephole gate reads the cell state.
    public enum PeepholeForm: String, Sendable { case full, diagonal }
    /// The gates that look at the cell state: any of f, i, o.
    public var peepholes: Set<LSTMGate>
    public var peepholeForm: PeepholeForm
    public var coupled: Bool

    public init(peepholes: Set<LSTMGate> = [], peepholeForm: PeepholeForm = .full, coupled: Bool = false) {
        self.peepholes = peepholes
        self.peepholeForm = peepholeForm
        self.coupled = coupled
    }
}

/// One LSTM step's values (each N × hidden), as the course names them. When the gates are coupled, `i` is
/// `1 - f` and is not reported as an intermediate of its own.
public struct LSTMStep: Sendable {
    public var f, i, cTilde, c, o, h: Matrix
}

/// Long short-term memory, as the course writes it; each gate g has `W_g` over `[h_{t-1}, x_t]`:
///
///     f = σ(W_f ⋅ [h, x] + b_f)        i = σ(W_i ⋅ [h, x] + b_i)        C̃ = tanh(W_C ⋅ [h, x] + b_C)
///     C_t = f ⊙ C_{t-1} + i ⊙ C̃        o = σ(W_o ⋅ [h, x] + b_o)        h_t = o ⊙ tanh(C_t)
///
/// A full peephole gate's W acts on `[C, h, x]` (C_{t-1} for f and i, C_t for o); a diagonal one adds
/// `p_g ⊙ C`. Coupled: no i gate, `C_t = f ⊙ C_{t-1} + (1 - f) ⊙ C̃`.
public struct LSTMCell: RecurrentCell {
    public let inputs: Int
    public let hidden: Int
    public let options: LSTMOptions
    /// The four gates' parameters; `input` is nil when the gates are coupled.
    public private(set) var forget: Gate
    public private(set) var input: Gate?
    public private(set) var candidate: Gate
    public private(set) var output: Gate
    /// The parameters laid out for the fast paths (rebuilt whenever one changes).
    var weights: LSTMWeights

    public var kind: CellKind { .lstm(options) }

    /// The gates in the order they are stacked: f, i (unless coupled), C, o.
    public var gateOrder: [LSTMGate] { Self.gateOrder(options) }
    static func gateOrder(_ options: LSTMOptions) -> [LSTMGate] { options.coupled ? [.f, .C, .o] : [.f, .i, .C, .o] }

    /// A gate's parameters by its letter (nil for i when coupled).
    public func gate(_ g: LSTMGate) -> Gate? {
        switch g {
        case .f: return forget
        case .i: return input
        case .C: return candidate
        case .o: return output
        }
    }

    public var stateNames: [String] { ["h", "C"] }

    public var intermediateNames: [String] {
        options.coupled ? ["f_t", "C~_t", "C_t", "o_t", "h_t"] : ["f_t", "i_t", "C~_t", "C_t", "o_t", "h_t"]
    }

    /// Whether gate `g` has a full peephole (its W has a C block in front).
    func hasFullPeephole(_ g: LSTMGate) -> Bool { options.peepholeForm == .full && options.peepholes.contains(g) }

    /// Every parameter's name and shape, in the order the seed draws them: W_g and b_g gate by gate, then
    /// the diagonal peepholes p_f, p_i, p_o.
    public static func parameterLayout(inputs: Int, hidden: Int, options: LSTMOptions) -> [ParameterShape] {
        let order = gateOrder(options)
        var shapes: [ParameterShape] = []
        for g in order {
            let width = (options.peepholeForm == .full && options.peepholes.contains(g) ? hidden : 0) + hidden + inputs
            shapes.append(ParameterShape(name: "W_\(g.rawValue)", rows: hidden, cols: width, isVector: false))
            shapes.append(ParameterShape(name: "b_\(g.rawValue)", rows: 1, cols: hidden, isVector: true))
        }
        for g in [LSTMGate.f, .i, .o] where options.peepholeForm == .diagonal && options.peepholes.contains(g) && order.contains(g) {
            shapes.append(ParameterShape(name: "p_\(g.rawValue)", rows: 1, cols: hidden, isVector: true))
        }
        return shapes
    }

    /// A cell with weights drawn from `seed` (see `initialParameters`).
    public init(inputs: Int, hidden: Int, options: LSTMOptions = LSTMOptions(), seed: UInt64 = 0) {
        self.inputs = inputs
        self.hidden = hidden
        self.options = options
        let none = Gate(W: Matrix(rows: 0, cols: 0), b: [], p: nil)
        (forget, input, candidate, output) = (none, nil, none, none)
        weights = LSTMWeights(gates: [], hidden: 0, inputs: 0, fullPeepholes: [])
        let layout = Self.parameterLayout(inputs: inputs, hidden: hidden, options: options)
        for param in initialParameters(layout, hidden: hidden, seed: seed) { store(param.name, param.value) }
        repack()
    }

    public var parameters: [Parameter] {
        var out: [Parameter] = []
        for g in gateOrder {
            guard let gate = gate(g) else { continue }
            out.append(Parameter("W_\(g.rawValue)", gate.W, isVector: false))
            out.append(Parameter("b_\(g.rawValue)", Matrix(row: gate.b), isVector: true))
        }
        for g in [LSTMGate.f, .i, .o] {
            if let p = gate(g)?.p { out.append(Parameter("p_\(g.rawValue)", Matrix(row: p), isVector: true)) }
        }
        return out
    }

    public mutating func setParameter(_ name: String, to value: Matrix) throws(ShapeError) {
        let full = LSTMGate(rawValue: String(name.dropFirst(2))).map(hasFullPeephole) ?? false
        let detail = name.hasPrefix("W_") ? "hidden × [\(full ? "C, " : "")h, x]" : "hidden"
        try checkedShape(name, value, against: parameter(name)?.value, detail: detail)
        store(name, value)
        repack()
    }

    /// Puts `W_g`, `b_g` or `p_g` in its gate.
    private mutating func store(_ name: String, _ value: Matrix) {
        guard let g = LSTMGate(rawValue: String(name.dropFirst(2))) else { return }
        var gate = self.gate(g) ?? Gate(W: Matrix(rows: 0, cols: 0), b: [], p: nil)
        switch name.prefix(2) {
        case "W_": gate.W = value
        case "b_": gate.b = value.storage
        default: gate.p = value.storage
        }
        switch g {
        case .f: forget = gate
        case .i: input = gate
        case .C: candidate = gate
        case .o: output = gate
        }
    }

    private mutating func repack() {
        let order = gateOrder.compactMap { g in gate(g).map { (g, $0) } }
        weights = LSTMWeights(gates: order, hidden: hidden, inputs: inputs, fullPeepholes: Set(order.map(\.0).filter(hasFullPeephole)))
    }

    /// The reference step for one sequence, one course equation per line. The fast path is tested
    /// against it.
    public func referenceStep(x: [Double], hPrev: [Double], cPrev: [Double])
        -> (f: [Double], i: [Double], cTilde: [Double], c: [Double], o: [Double], h: [Double]) {
        /// A gate's pre-activation: W ⋅ (what it reads) + b, and p ⊙ C for a diagonal peephole.
        func layer(_ g: LSTMGate, _ gate: Gate, reading cell: [Double]) -> [Double] {
            let z = gate.W ⋅ (hasFullPeephole(g) ? cell + hPrev + x : hPrev + x) ⊕ gate.b
            return gate.p.map { z ⊕ $0 ⊙ cell } ?? z
        }
        let f = σ(layer(.f, forget, reading: cPrev))
        let i = input.map { σ(layer(.i, $0, reading: cPrev)) } ?? oneMinus(f)
        let cTilde = tanh(layer(.C, candidate, reading: cPrev))
        let c = f ⊙ cPrev ⊕ i ⊙ cTilde
        let o = σ(layer(.o, output, reading: c))
        let h = o ⊙ tanh(c)
        return (f, i, cTilde, c, o, h)
    }

    /// A step's values in `intermediateNames` order, as a trace keeps them.
    func intermediates(_ s: LSTMStep) -> [Matrix] {
        options.coupled ? [s.f, s.cTilde, s.c, s.o, s.h] : [s.f, s.i, s.cTilde, s.c, s.o, s.h]
    }

    /// A step read back from a trace (`i = 1 - f` when coupled).
    public func step(from values: [Matrix]) -> LSTMStep {
        let s = options.coupled ? [values[0], values[0].map { 1 - $0 }] + values[1...] : values
        return LSTMStep(f: s[0], i: s[1], cTilde: s[2], c: s[3], o: s[4], h: s[5])
    }
}

/// `pre + p ⊙ cell` for every row (a diagonal peephole).
func addDiagonal(_ pre: Matrix, _ p: [Double], _ cell: Matrix) -> Matrix {
    var out = pre
    for r in 0..<pre.rows {
        for c in 0..<pre.cols { out.storage[r * pre.cols + c] += p[c] * cell.storage[r * pre.cols + c] }
    }
    return out
}

extension LSTMCell {
    /// The gates' own weights and the fast paths' layout of them.
    public var storedNumbers: Int {
        let gates: [Gate] = [forget, candidate, output] + (input.map { [$0] } ?? [])
        let own = gates.reduce(0) { total, g in total + g.W.storage.count + g.b.count + (g.p?.count ?? 0) }
        return own + weights.storedNumbers
    }
    public static var copiesOfParameters: Int { 3 }
}
