/// One GRU step's values (each N × hidden), as the course names them.
public struct GRUStep: Sendable {
    public var z, r, hTilde, h: Matrix
}

/// The gated recurrent unit. Olah's drawing (the default):
///
///     z = σ(W_z ⋅ [h, x] + b_z)     r = σ(W_r ⋅ [h, x] + b_r)     h̃ = tanh(W_h ⋅ [r ⊙ h, x] + b_h)
///     h_t = (1 - z) ⊙ h_{t-1} + z ⊙ h̃
///
/// PyTorch's GRUCell (`convention: .pytorch`) applies the reset after the product, with a bias of its own,
/// and lets z weight the old state: `h̃ = tanh(W_hx ⋅ x + b_h + r ⊙ (W_hh ⋅ h + b_hn))`,
/// `h_t = (1 - z) ⊙ h̃ + z ⊙ h_{t-1}` — so PyTorch weights can be used as they are.
public struct GRUCell: RecurrentCell {
    /// Where the reset gate acts and which side z weights.
    public enum Convention: String, Sendable { case olah, pytorch }

    public let inputs: Int
    public let hidden: Int
    public let convention: Convention
    /// The update gate z, the reset gate r and the candidate h̃ (W_h, b_h).
    public private(set) var update: Gate
    public private(set) var reset: Gate
    public private(set) var candidate: Gate
    /// PyTorch's second candidate bias, inside the reset (`b_hn`); nil in Olah's convention.
    public private(set) var resetBias: [Double]?
    /// Fast-path packing: z and r stacked over [h, x] (2H × (H+X)); W_h's h and x blocks (PyTorch's form).
    var stacked = Matrix(rows: 0, cols: 0)
    var stackedBias: [Double] = []
    var candidateH = Matrix(rows: 0, cols: 0), candidateX = Matrix(rows: 0, cols: 0)
    /// The same four transposed (one output per column), for the fast path's products.
    var stackedT = Matrix(rows: 0, cols: 0), candidateT = Matrix(rows: 0, cols: 0)
    var candidateHT = Matrix(rows: 0, cols: 0), candidateXT = Matrix(rows: 0, cols: 0)

    /// `b_hn` in PyTorch's convention (where it always exists), zero otherwise.
    var resetBiasOrZero: [Double] { resetBias ?? [Double](repeating: 0, count: hidden) }

    public var kind: CellKind { .gru(convention) }
    public var stateNames: [String] { ["h"] }
    public var intermediateNames: [String] { ["z_t", "r_t", "h~_t", "h_t"] }

    /// Every parameter's name and shape, in the order the seed draws them.
    public static func parameterLayout(inputs: Int, hidden: Int, convention: Convention) -> [ParameterShape] {
        var shapes: [ParameterShape] = []
        for g in GRUGate.allCases {
            shapes.append(ParameterShape(name: "W_\(g.rawValue)", rows: hidden, cols: hidden + inputs, isVector: false))
            shapes.append(ParameterShape(name: "b_\(g.rawValue)", rows: 1, cols: hidden, isVector: true))
        }
        if convention == .pytorch { shapes.append(ParameterShape(name: "b_hn", rows: 1, cols: hidden, isVector: true)) }
        return shapes
    }

    public init(inputs: Int, hidden: Int, convention: Convention = .olah, seed: UInt64 = 0) {
        self.inputs = inputs
        self.hidden = hidden
        self.convention = convention
        let none = Gate(W: Matrix(rows: 0, cols: 0), b: [], p: nil)
        (update, reset, candidate) = (none, none, none)
        let layout = Self.parameterLayout(inputs: inputs, hidden: hidden, convention: convention)
        for param in initialParameters(layout, hidden: hidden, seed: seed) { store(param.name, param.value) }
        repack()
    }

    /// A gate's parameters by its letter.
    public func gate(_ g: GRUGate) -> Gate {
        switch g {
        case .z: return update
        case .r: return reset
        case .h: return candidate
        }
    }

    public var parameters: [Parameter] {
        var out: [Parameter] = []
        for g in GRUGate.allCases {
            out.append(Parameter("W_\(g.rawValue)", gate(g).W, isVector: false))
            out.append(Parameter("b_\(g.rawValue)", Matrix(row: gate(g).b), isVector: true))
        }
        if let resetBias { out.append(Parameter("b_hn", Matrix(row: resetBias), isVector: true)) }
        return out
    }

    public mutating func setParameter(_ name: String, to value: Matrix) throws(ShapeError) {
        let detail = name == "W_h" && convention == .olah ? "hidden × [r ⊙ h, x]" : name.hasPrefix("W_") ? "hidden × [h, x]" : "hidden"
        try checkedShape(name, value, against: parameter(name)?.value, detail: detail)
        store(name, value)
        repack()
    }

    private mutating func store(_ name: String, _ value: Matrix) {
        if name == "b_hn" { return resetBias = value.storage }
        guard let g = GRUGate(rawValue: String(name.dropFirst(2))) else { return }
        var gate = self.gate(g)
        if name.hasPrefix("W_") { gate.W = value } else { gate.b = value.storage }
        switch g {
        case .z: update = gate
        case .r: reset = gate
        case .h: candidate = gate
        }
    }

    private mutating func repack() {
        stacked = Matrix.concatRows([update.W, reset.W])
        stackedBias = update.b + reset.b
        candidateH = candidate.W.columns(0 ..< hidden)
        candidateX = candidate.W.columns(hidden ..< hidden + inputs)
        (stackedT, candidateT) = (stacked.transposed, candidate.W.transposed)
        (candidateHT, candidateXT) = (candidateH.transposed, candidateX.transposed)
    }

    /// The reference step for one sequence, as the course writes it (or PyTorch, by convention).
    public func referenceStep(x: [Double], hPrev h: [Double]) -> (z: [Double], r: [Double], hTilde: [Double], h: [Double]) {
        let z = σ(update.W ⋅ (h + x) ⊕ update.b)
        let r = σ(reset.W ⋅ (h + x) ⊕ reset.b)
        switch convention {
        case .olah:
            let hTilde = tanh(candidate.W ⋅ (r ⊙ h + x) ⊕ candidate.b)
            return (z, r, hTilde, oneMinus(z) ⊙ h ⊕ z ⊙ hTilde)
        case .pytorch:
            let hTilde = tanh(candidateX ⋅ x ⊕ candidate.b ⊕ r ⊙ (candidateH ⋅ h ⊕ (resetBiasOrZero)))
            return (z, r, hTilde, oneMinus(z) ⊙ hTilde ⊕ z ⊙ h)
        }
    }

    /// A step read back from a trace.
    func step(from values: [Matrix]) -> GRUStep { GRUStep(z: values[0], r: values[1], hTilde: values[2], h: values[3]) }

    public func forward(_ xs: [Matrix], from state: [Matrix], shouldStop: () -> Bool) -> Trace? {
        var h = state[0]
        var steps: [[Matrix]] = []
        steps.reserveCapacity(xs.count)
        for x in xs {
            if shouldStop() { return nil }
            let s = fastStep(x: x, hPrev: h)
            steps.append([s.z, s.r, s.hTilde, s.h])
            h = s.h
        }
        return Trace(initial: state, xs: xs, steps: steps, final: [h])
    }

    /// The batched step: z and r from one product, then the candidate.
    private func fastStep(x: Matrix, hPrev h: Matrix) -> GRUStep {
        let zr = σ(Matrix.affine(Matrix.concat(h, x), transposedWeights: stackedT, bias: stackedBias))
        let z = zr.block(0, width: hidden), r = zr.block(1, width: hidden)
        switch convention {
        case .olah:
            let hTilde = tanh(Matrix.affine(Matrix.concatColumns([r ⊙ h, x]), transposedWeights: candidateT, bias: candidate.b))
            return GRUStep(z: z, r: r, hTilde: hTilde, h: z.zip(h, hTilde) { z, h, ht in (1 - z) * h + z * ht })
        case .pytorch:
            let fromX = Matrix.affine(x, transposedWeights: candidateXT, bias: candidate.b)
            let fromH = Matrix.affine(h, transposedWeights: candidateHT, bias: resetBiasOrZero)
            let hTilde = tanh(fromX.zip(r, fromH) { a, r, c in a + r * c })
            return GRUStep(z: z, r: r, hTilde: hTilde, h: z.zip(hTilde, h) { z, n, h in (1 - z) * n + z * h })
        }
    }
}

extension GRUCell {
    /// The gates' own weights, the stacked copy of update and reset, and the candidate's two halves.
    public var storedNumbers: Int {
        [update, reset, candidate].map { $0.W.storage.count + $0.b.count }.reduce(0, +) + (resetBias?.count ?? 0)
            + stacked.storage.count + stackedBias.count + candidateH.storage.count + candidateX.storage.count
    }
    public static var copiesOfParameters: Int { 2 }
}
