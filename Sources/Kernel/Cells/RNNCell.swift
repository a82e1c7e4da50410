/// The plain recurrent cell: one tanh layer, `h_t = tanh(W_h ⋅ [h_{t-1}, x_t] + b_h)`.
public struct RNNCell: RecurrentCell {
    public let inputs: Int
    public let hidden: Int
    public private(set) var W_h: Matrix
    public private(set) var b_h: [Double]
    /// W_hᵀ, kept for the fast path's products (one output per column).
    private(set) var W_hT: Matrix

    public var kind: CellKind { .rnn }
    public var stateNames: [String] { ["h"] }

    /// Its two parameters' names and shapes, in the order the seed draws them.
    public static func parameterLayout(inputs: Int, hidden: Int) -> [ParameterShape] {
        [ParameterShape(name: "W_h", rows: hidden, cols: hidden + inputs, isVector: false),
         ParameterShape(name: "b_h", rows: 1, cols: hidden, isVector: true)]
    }
    public var intermediateNames: [String] { ["h_t"] }

    public init(inputs: Int, hidden: Int, seed: UInt64 = 0) {
        self.inputs = inputs
        self.hidden = hidden
        let params = initialParameters(Self.parameterLayout(inputs: inputs, hidden: hidden), hidden: hidden, seed: seed)
        W_h = params[0].value
        b_h = params[1].value.storage
        W_hT = W_h.transposed
    }

    public var parameters: [Parameter] {
        [Parameter("W_h", W_h, isVector: false), Parameter("b_h", Matrix(row: b_h), isVector: true)]
    }

    public mutating func setParameter(_ name: String, to value: Matrix) throws(ShapeError) {
        try checkedShape(name, value, against: parameter(name)?.value, detail: name == "W_h" ? "hidden × [h, x]" : "hidden")
        if name == "W_h" { (W_h, W_hT) = (value, value.transposed) } else { b_h = value.storage }
    }

    /// The reference step for one sequence.
    public func referenceStep(x: [Double], hPrev: [Double]) -> [Double] { tanh(W_h ⋅ (hPrev + x) ⊕ b_h) }

    public func forward(_ xs: [Matrix], from state: [Matrix], shouldStop: () -> Bool) -> Trace? {
        var h = state[0]
        var steps: [[Matrix]] = []
        for x in xs {
            if shouldStop() { return nil }
            h = tanh(Matrix.affine(Matrix.concat(h, x), transposedWeights: W_hT, bias: b_h))
            steps.append([h])
        }
        return Trace(initial: state, xs: xs, steps: steps, final: [h])
    }

    public func backward(_ trace: Trace, dH: [Matrix?], dFinal: [Matrix?], shouldStop: () -> Bool) -> Gradients? {
        let H = hidden, N = trace.initial[0].rows, T = trace.steps.count
        var dW = Matrix(rows: H, cols: H + inputs)
        var db = [Double](repeating: 0, count: H)
        var dh = dFinal[0] ?? Matrix(rows: N, cols: H)
        var dxs = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: T)
        for t in stride(from: T - 1, through: 0, by: -1) {
            if shouldStop() { return nil }
            if let d = dH[t] { dh = dh + d }
            let h = trace.steps[t][0]   // an RNN step's one value is h_t
            let dz = tanhBackward(dh, h)
            let hPrev = t > 0 ? trace.steps[t - 1][0] : trace.initial[0]
            dW.addTransposedProduct(dz, Matrix.concat(hPrev, trace.xs[t]))
            for (k, v) in dz.columnSums.enumerated() { db[k] += v }
            var dhx = Matrix(rows: N, cols: H + inputs)
            dhx.addProduct(dz, W_h)
            dh = dhx.columns(0 ..< H)
            dxs[t] = dhx.columns(H ..< H + inputs)
        }
        return Gradients(parameters: ["W_h": dW, "b_h": Matrix(row: db)], initial: [dh], xs: dxs)
    }
}
