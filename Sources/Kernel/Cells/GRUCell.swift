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
    public private(set) var W: [String: Matrix] = [:]
    public private(set) var b: [String: [Double]] = [:]
    /// Fast-path packing: z and r stacked over [h, x] (2H × (H+X)); W_h's h and x blocks (PyTorch's form).
    var stacked = Matrix(rows: 0, cols: 0)
    var stackedBias: [Double] = []
    var candidateH = Matrix(rows: 0, cols: 0), candidateX = Matrix(rows: 0, cols: 0)

    public var stateNames: [String] { ["h"] }
    public var intermediateNames: [String] { ["z_t", "r_t", "h~_t", "h_t"] }

    public init(inputs: Int, hidden: Int, convention: Convention = .olah, seed: UInt64 = 0) {
        self.inputs = inputs
        self.hidden = hidden
        self.convention = convention
        var shapes: [Parameter] = []
        for g in ["z", "r", "h"] {
            shapes.append(Parameter("W_\(g)", Matrix(rows: hidden, cols: hidden + inputs), isVector: false))
            shapes.append(Parameter("b_\(g)", Matrix(rows: 1, cols: hidden), isVector: true))
        }
        if convention == .pytorch { shapes.append(Parameter("b_hn", Matrix(rows: 1, cols: hidden), isVector: true)) }
        for param in initialParameters(shapes: shapes, hidden: hidden, seed: seed) { store(param.name, param.value) }
        repack()
    }

    public var parameters: [Parameter] {
        var out: [Parameter] = []
        for g in ["z", "r", "h"] {
            out.append(Parameter("W_\(g)", W[g]!, isVector: false))
            out.append(Parameter("b_\(g)", Matrix(row: b[g]!), isVector: true))
        }
        if let bhn = b["hn"] { out.append(Parameter("b_hn", Matrix(row: bhn), isVector: true)) }
        return out
    }

    public mutating func setParameter(_ name: String, to value: Matrix) throws(ShapeError) {
        let detail = name == "W_h" && convention == .olah ? "hidden × [r ⊙ h, x]" : name.hasPrefix("W_") ? "hidden × [h, x]" : "hidden"
        try checkedShape(name, value, against: parameter(name)?.value, detail: detail)
        store(name, value)
        repack()
    }

    private mutating func store(_ name: String, _ value: Matrix) {
        if name.hasPrefix("W_") { W[String(name.dropFirst(2))] = value } else { b[String(name.dropFirst(2))] = value.storage }
    }

    private mutating func repack() {
        stacked = Matrix.concatRows([W["z"]!, W["r"]!])
        stackedBias = b["z"]! + b["r"]!
        candidateH = W["h"]!.columns(0 ..< hidden)
        candidateX = W["h"]!.columns(hidden ..< hidden + inputs)
    }

    /// The reference step for one sequence, as the course writes it (or PyTorch, by convention).
    public func referenceStep(x: [Double], h: [Double]) -> (z: [Double], r: [Double], hTilde: [Double], h: [Double]) {
        let z = σ(W["z"]! ⋅ (h + x) ⊕ b["z"]!)
        let r = σ(W["r"]! ⋅ (h + x) ⊕ b["r"]!)
        switch convention {
        case .olah:
            let hTilde = tanh(W["h"]! ⋅ (r ⊙ h + x) ⊕ b["h"]!)
            return (z, r, hTilde, oneMinus(z) ⊙ h ⊕ z ⊙ hTilde)
        case .pytorch:
            let Wx = W["h"]!.columns(hidden ..< hidden + inputs), Wh = W["h"]!.columns(0 ..< hidden)
            let hTilde = tanh(Wx ⋅ x ⊕ b["h"]! ⊕ r ⊙ (Wh ⋅ h ⊕ b["hn"]!))
            return (z, r, hTilde, oneMinus(z) ⊙ hTilde ⊕ z ⊙ h)
        }
    }

    public func forward(_ xs: [Matrix], from state: [Matrix]) -> Trace {
        var h = state[0]
        var steps: [[Matrix]] = []
        steps.reserveCapacity(xs.count)
        for x in xs {
            let s = fastStep(x: x, h: h)
            steps.append(s)
            h = s[3]
        }
        return Trace(initial: state, xs: xs, steps: steps, final: [h])
    }

    /// The batched step: z and r from one product, then the candidate.
    private func fastStep(x: Matrix, h: Matrix) -> [Matrix] {
        let zr = σ(Matrix.affine(Matrix.concat(h, x), weights: stacked, bias: stackedBias))
        let z = zr.block(0, width: hidden), r = zr.block(1, width: hidden)
        switch convention {
        case .olah:
            let hTilde = tanh(Matrix.affine(Matrix.concatColumns([r.zip(h, *), x]), weights: W["h"]!, bias: b["h"]!))
            return [z, r, hTilde, z.zip(h, hTilde) { z, h, ht in (1 - z) * h + z * ht }]
        case .pytorch:
            let fromX = Matrix.affine(x, weights: candidateX, bias: b["h"]!)
            let fromH = Matrix.affine(h, weights: candidateH, bias: b["hn"]!)
            let hTilde = tanh(fromX.zip(r, fromH) { a, r, c in a + r * c })
            return [z, r, hTilde, z.zip(hTilde, h) { z, n, h in (1 - z) * n + z * h }]
        }
    }
}
