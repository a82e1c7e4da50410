/// Options of the LSTM family: peepholes on any of f, i, o (Olah's full W over [C, h, x] or the diagonal
/// `+ p_g ⊙ C` of Gers and Greff), and coupled forget/input gates (`i = 1 - f`).
public struct LSTMOptions: Sendable, Equatable {
    /// How a peephole gate reads the cell state.
    public enum PeepholeForm: String, Sendable { case full, diagonal }
    /// The gates that look at the cell state: any of "f", "i", "o".
    public var peepholes: Set<String>
    public var peepholeForm: PeepholeForm
    public var coupled: Bool

    public init(peepholes: Set<String> = [], peepholeForm: PeepholeForm = .full, coupled: Bool = false) {
        self.peepholes = peepholes
        self.peepholeForm = peepholeForm
        self.coupled = coupled
    }
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
    /// Gate weights (course layout), biases and diagonal peepholes, by gate name.
    public private(set) var W: [String: Matrix] = [:]
    public private(set) var b: [String: [Double]] = [:]
    public private(set) var p: [String: [Double]] = [:]
    /// The fast path's packing: every gate's `[h, x]` block stacked (G·H × (H+X)), the stacked biases,
    /// and each full peephole's C block (H × H). Rebuilt whenever a parameter changes.
    var stacked = Matrix(rows: 0, cols: 0)
    /// `stacked` again in aligned rows, for the forward step's dot products.
    var packed = AlignedRows(Matrix(rows: 0, cols: 0))
    var stackedBias: [Double] = []
    var peephole: [String: Matrix] = [:]
    var plan = LSTMPlan()

    /// The gates in the order they are stacked: f, i (unless coupled), C, o.
    public var gateNames: [String] { options.coupled ? ["f", "C", "o"] : ["f", "i", "C", "o"] }

    public var stateNames: [String] { ["h", "C"] }

    public var intermediateNames: [String] {
        options.coupled ? ["f_t", "C~_t", "C_t", "o_t", "h_t"] : ["f_t", "i_t", "C~_t", "C_t", "o_t", "h_t"]
    }

    /// Whether gate `g` has a full peephole (its W has a C block in front).
    func hasFullPeephole(_ g: String) -> Bool { options.peepholeForm == .full && options.peepholes.contains(g) }
    /// Whether gate `g` has a diagonal peephole `p_g`.
    func hasDiagonalPeephole(_ g: String) -> Bool { options.peepholeForm == .diagonal && options.peepholes.contains(g) }

    /// A cell with weights drawn from `seed` (see `initialParameters`).
    public init(inputs: Int, hidden: Int, options: LSTMOptions = LSTMOptions(), seed: UInt64 = 0) {
        self.inputs = inputs
        self.hidden = hidden
        self.options = options
        var shapes: [Parameter] = []
        for g in gateNames {
            let width = (hasFullPeephole(g) ? hidden : 0) + hidden + inputs
            shapes.append(Parameter("W_\(g)", Matrix(rows: hidden, cols: width), isVector: false))
            shapes.append(Parameter("b_\(g)", Matrix(rows: 1, cols: hidden), isVector: true))
        }
        for g in ["f", "i", "o"] where hasDiagonalPeephole(g) && gateNames.contains(g) {
            shapes.append(Parameter("p_\(g)", Matrix(rows: 1, cols: hidden), isVector: true))
        }
        for param in initialParameters(shapes: shapes, hidden: hidden, seed: seed) { store(param.name, param.value) }
        repack()
    }

    public var parameters: [Parameter] {
        var out: [Parameter] = []
        for g in gateNames {
            out.append(Parameter("W_\(g)", W[g]!, isVector: false))
            out.append(Parameter("b_\(g)", Matrix(row: b[g]!), isVector: true))
        }
        for g in ["f", "i", "o"] { if let v = p[g] { out.append(Parameter("p_\(g)", Matrix(row: v), isVector: true)) } }
        return out
    }

    public mutating func setParameter(_ name: String, to value: Matrix) throws(ShapeError) {
        let detail = name.hasPrefix("W_") ? "hidden × [\(hasFullPeephole(String(name.dropFirst(2))) ? "C, " : "")h, x]" : "hidden"
        try checkedShape(name, value, against: parameter(name)?.value, detail: detail)
        store(name, value)
        repack()
    }

    private mutating func store(_ name: String, _ value: Matrix) {
        let gate = String(name.dropFirst(2))
        switch name.prefix(2) {
        case "W_": W[gate] = value
        case "b_": b[gate] = value.storage
        default: p[gate] = value.storage
        }
    }

    private mutating func repack() {
        let H = hidden
        let hx = gateNames.map { g in hasFullPeephole(g) ? W[g]!.columns(H ..< W[g]!.cols) : W[g]! }
        stacked = Matrix.concatRows(hx)
        packed = AlignedRows(stacked)
        stackedBias = gateNames.flatMap { b[$0]! }
        peephole = [:]
        for g in gateNames where hasFullPeephole(g) { peephole[g] = W[g]!.columns(0 ..< H) }
        let names = gateNames
        let col = { (g: String) in (names.firstIndex(of: g) ?? 0) * H }
        plan = LSTMPlan(f: col("f"), i: col("i"), cTilde: col("C"), o: col("o"), coupled: options.coupled,
                        fullF: peephole["f"], fullI: peephole["i"], fullO: peephole["o"],
                        diagonalF: p["f"], diagonalI: p["i"], diagonalO: p["o"])
    }

    /// The reference step for one sequence, written as the course writes it. The fast path is tested
    /// against it.
    public func referenceStep(x: [Double], h: [Double], C: [Double]) -> (f: [Double], i: [Double], cTilde: [Double], c: [Double], o: [Double], h: [Double]) {
        func reads(_ g: String, _ cell: [Double]) -> [Double] {
            hasFullPeephole(g) ? cell + h + x : h + x
        }
        func peep(_ g: String, _ cell: [Double]) -> [Double] {
            hasDiagonalPeephole(g) ? p[g]! ⊙ cell : Array(repeating: 0, count: hidden)
        }
        let f = σ(W["f"]! ⋅ reads("f", C) ⊕ b["f"]! ⊕ peep("f", C))
        let i = options.coupled ? oneMinus(f) : σ(W["i"]! ⋅ reads("i", C) ⊕ b["i"]! ⊕ peep("i", C))
        let cTilde = tanh(W["C"]! ⋅ (h + x) ⊕ b["C"]!)
        let c = f ⊙ C ⊕ i ⊙ cTilde
        let o = σ(W["o"]! ⋅ reads("o", c) ⊕ b["o"]! ⊕ peep("o", c))
        let hNew = o ⊙ tanh(c)
        return (f, i, cTilde, c, o, hNew)
    }

    public func forward(_ xs: [Matrix], from state: [Matrix]) -> Trace {
        var h = state[0], c = state[1]
        var steps: [[Matrix]] = []
        steps.reserveCapacity(xs.count)
        for x in xs {
            let s = fastStep(x: x, h: h, cPrev: c)
            steps.append(s)
            h = s[s.count - 1]
            c = s[s.count - 3]
        }
        return Trace(initial: state, xs: xs, steps: steps, final: [h, c])
    }

    /// One step, straight to the fast path (no trace kept).
    public func step(_ x: Matrix, state: inout [Matrix]) -> [Matrix] {
        let s = fastStep(x: x, h: state[0], cPrev: state[1])
        state[0] = s[s.count - 1]
        state[1] = s[s.count - 3]
        return s
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
