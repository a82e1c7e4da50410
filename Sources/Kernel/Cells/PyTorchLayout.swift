/// Weights in PyTorch's layout: `weight_ih` (G·H × X) and `weight_hh` (G·H × H) with the gates stacked
/// in PyTorch's order, and two biases. `LSTMCell`: gates i, f, g, o; `GRUCell`: r, z, n.
public struct PyTorchWeights: Sendable {
    public var weightIH: Matrix
    public var weightHH: Matrix
    public var biasIH: [Double]
    public var biasHH: [Double]

    public init(weightIH: Matrix, weightHH: Matrix, biasIH: [Double], biasHH: [Double]) {
        self.weightIH = weightIH
        self.weightHH = weightHH
        self.biasIH = biasIH
        self.biasHH = biasHH
    }

    /// Gate `k`'s rows of both matrices as one W over `[h, x]` (h first, as the course writes it).
    func courseWeight(_ k: Int, hidden H: Int) -> Matrix {
        Matrix.concatColumns([weightHH.rows(k * H ..< (k + 1) * H), weightIH.rows(k * H ..< (k + 1) * H)])
    }

    func bias(_ v: [Double], _ k: Int, hidden H: Int) -> [Double] { Array(v[k * H ..< (k + 1) * H]) }

    /// Checks the shapes for `gates` stacked gates of a cell with `inputs` and `hidden`.
    func check(gates: Int, inputs: Int, hidden: Int) throws(ShapeError) {
        let G = gates * hidden
        guard weightIH.rows == G, weightIH.cols == inputs, weightHH.rows == G, weightHH.cols == hidden,
              biasIH.count == G, biasHH.count == G
        else {
            throw ShapeError("PyTorch weights must be weight_ih \(G)×\(inputs), weight_hh \(G)×\(hidden) and biases of \(G); got "
                + "\(weightIH.rows)×\(weightIH.cols), \(weightHH.rows)×\(weightHH.cols), \(biasIH.count) and \(biasHH.count)")
        }
    }
}

extension LSTMCell {
    /// A plain LSTM holding PyTorch's `LSTMCell` weights: `W_g = [W_hg | W_ig]`, `b_g = b_ig + b_hg`.
    public init(pytorch w: PyTorchWeights) throws(ShapeError) {
        let H = w.weightHH.cols, X = w.weightIH.cols
        try w.check(gates: 4, inputs: X, hidden: H)
        self.init(inputs: X, hidden: H)
        for (k, g) in [LSTMGate.i, .f, .C, .o].map(\.rawValue).enumerated() {  // PyTorch stacks i, f, g, o
            try setParameter("W_\(g)", to: w.courseWeight(k, hidden: H))
            try setParameter("b_\(g)", to: Matrix(row: w.bias(w.biasIH, k, hidden: H) ⊕ w.bias(w.biasHH, k, hidden: H)))
        }
    }
}

extension GRUCell {
    /// A GRU in PyTorch's convention holding its `GRUCell` weights (gates r, z, n stacked):
    /// `W_r = [W_hr | W_ir]`, `b_r = b_ir + b_hr` (z likewise), `W_h = [W_hn | W_in]`, `b_h = b_in`, `b_hn`.
    public init(pytorch w: PyTorchWeights) throws(ShapeError) {
        let H = w.weightHH.cols, X = w.weightIH.cols
        try w.check(gates: 3, inputs: X, hidden: H)
        self.init(inputs: X, hidden: H, convention: .pytorch)
        for (k, g) in [GRUGate.r, .z].map(\.rawValue).enumerated() {  // PyTorch stacks r, z, n
            try setParameter("W_\(g)", to: w.courseWeight(k, hidden: H))
            try setParameter("b_\(g)", to: Matrix(row: w.bias(w.biasIH, k, hidden: H) ⊕ w.bias(w.biasHH, k, hidden: H)))
        }
        try setParameter("W_h", to: w.courseWeight(2, hidden: H))
        try setParameter("b_h", to: Matrix(row: w.bias(w.biasIH, 2, hidden: H)))
        try setParameter("b_hn", to: Matrix(row: w.bias(w.biasHH, 2, hidden: H)))
    }
}
