/// A value on the tape: one number broadcast over everything, or a batch (N × width).
enum TapeValue {
    case scalar(Double)
    case batch(Matrix)

    func broadcast(rows: Int, cols: Int) -> Matrix {
        switch self {
        case .scalar(let s): return Matrix(rows: rows, cols: cols, repeating: s)
        case .batch(let m): return m
        }
    }
}

/// Reverse-mode differentiation of one step of an equation program, as micrograd does it: each operation
/// is recorded with its value and, beside it, how an adjoint flows back to its arguments; `backward`
/// runs those rules from the outputs back to every leaf.
struct Tape {
    /// The adjoints a node sends to its arguments, given its own adjoint `g`, its value `out` (broadcast
    /// like g) and its arguments' values.
    typealias Back = (_ g: Matrix, _ out: Matrix, _ args: [TapeValue]) -> [Matrix]
    /// What a node adds to a parameter's gradient, given its adjoint and its arguments' values.
    typealias ParameterBack = (_ g: Matrix, _ args: [TapeValue], _ gradient: inout Matrix) -> Void

    struct Node {
        var args: [Int]
        var value: TapeValue
        /// Nil for a leaf that passes nothing on (x_t, a state, a number).
        var back: Back?
        var parameter: (index: Int, back: ParameterBack)?
    }

    var nodes: [Node] = []

    /// Records a node; returns its index.
    mutating func record(_ args: [Int] = [], _ value: TapeValue, back: Back? = nil,
                         parameter: (index: Int, back: ParameterBack)? = nil) -> Int {
        nodes.append(Node(args: args, value: value, back: back, parameter: parameter))
        return nodes.count - 1
    }

    func value(_ k: Int) -> TapeValue { nodes[k].value }

    // MARK: The operations, each value beside its derivative

    /// A vector parameter, its row repeated over the batch; its gradient is the adjoint summed over rows.
    mutating func vectorParameter(_ p: Int, _ row: [Double], rows: Int) -> Int {
        let batch = Matrix(rows: rows, cols: row.count, storage: Array((0..<rows).map { _ in row }.joined()))
        return record([], .batch(batch), parameter: (p, { g, _, gradient in gradient = gradient + Matrix(row: g.columnSums) }))
    }

    /// a + b.
    mutating func add(_ a: Int, _ b: Int) -> Int {
        record([a, b], Self.pointwise(value(a), value(b), +)) { g, _, _ in [g, g] }
    }

    /// a - b.
    mutating func subtract(_ a: Int, _ b: Int) -> Int {
        record([a, b], Self.pointwise(value(a), value(b), -)) { g, _, _ in [g, g.map { -$0 }] }
    }

    /// a ⊙ b: ∂/∂a = b, ∂/∂b = a.
    mutating func multiply(_ a: Int, _ b: Int) -> Int {
        record([a, b], Self.pointwise(value(a), value(b), *)) { g, _, x in
            let (a, b) = (x[0].broadcast(rows: g.rows, cols: g.cols), x[1].broadcast(rows: g.rows, cols: g.cols))
            return [g.zip(b, *), g.zip(a, *)]
        }
    }

    /// a / b: ∂/∂a = 1/b, ∂/∂b = -a/b².
    mutating func divide(_ a: Int, _ b: Int) -> Int {
        record([a, b], Self.pointwise(value(a), value(b), /)) { g, _, x in
            let (a, b) = (x[0].broadcast(rows: g.rows, cols: g.cols), x[1].broadcast(rows: g.rows, cols: g.cols))
            return [g.zip(b, /), g.zip(a, b) { g, x, y in -g * x / (y * y) }]
        }
    }

    /// -a.
    mutating func negate(_ a: Int) -> Int {
        record([a], Self.unary(value(a)) { -$0 }) { g, _, _ in [g.map { -$0 }] }
    }

    /// σ(a): σ' = σ(1 - σ).
    mutating func sigmoid(_ a: Int) -> Int {
        record([a], Self.unary(value(a), Activations.sigmoid)) { g, out, _ in [sigmoidBackward(g, out)] }
    }

    /// tanh(a): tanh' = 1 - tanh².
    mutating func tanh(_ a: Int) -> Int {
        record([a], Self.unary(value(a)) { (v: Double) in Activations.tanh(v) }) { g, out, _ in [tanhBackward(g, out)] }
    }

    /// e^a: its own derivative.
    mutating func exp(_ a: Int) -> Int {
        record([a], Self.unary(value(a)) { (v: Double) in Activations.exp(v) }) { g, out, _ in [g.zip(out, *)] }
    }

    /// W ⋅ a for the matrix parameter p: ∂/∂a = Wᵀ g, ∂/∂W = g aᵀ.
    mutating func product(_ p: Int, _ weights: Matrix, _ a: Int, rows: Int) -> Int {
        let v = value(a).broadcast(rows: rows, cols: weights.cols)
        let out = Matrix.affine(v, weights: weights, bias: [Double](repeating: 0, count: weights.rows))
        return record([a], .batch(out), back: { g, _, _ in
            var dv = Matrix(rows: g.rows, cols: weights.cols)
            dv.addProduct(g, weights)
            return [dv]
        }, parameter: (p, { g, x, gradient in gradient.addTransposedProduct(g, x[0].broadcast(rows: g.rows, cols: weights.cols)) }))
    }

    /// [a, b, …] side by side: each argument gets its own columns of the adjoint back.
    mutating func concat(_ parts: [Int], rows: Int) -> Int {
        let ms = parts.map { value($0).broadcast(rows: rows, cols: 1) }
        let widths = ms.map(\.cols)
        return record(parts, .batch(Matrix.concatColumns(ms))) { g, _, _ in
            var offset = 0
            return widths.map { w in
                defer { offset += w }
                return g.columns(offset ..< offset + w)
            }
        }
    }

    // MARK: Running it backwards

    /// Sends `adjoint` (seeded on some nodes) back through every node, adding parameter gradients into
    /// `parameterGradients` (by parameter index, shaped like the parameter).
    func backward(adjoint: inout [Matrix?], parameterGradients: inout [Matrix]) {
        for k in stride(from: nodes.count - 1, through: 0, by: -1) {
            guard let g = adjoint[k] else { continue }
            let node = nodes[k], args = node.args.map { nodes[$0].value }
            if let (p, back) = node.parameter { back(g, args, &parameterGradients[p]) }
            guard let back = node.back else { continue }
            for (a, d) in zip(node.args, back(g, node.value.broadcast(rows: g.rows, cols: g.cols), args)) { add(&adjoint, a, d) }
        }
    }

    /// Adds `g` to node k's adjoint; a number's adjoint is the sum over everything it was broadcast to.
    private func add(_ adjoint: inout [Matrix?], _ k: Int, _ g: Matrix) {
        var g = g
        if case .scalar = nodes[k].value { g = Matrix(rows: 1, cols: 1, storage: [g.storage.reduce(0, +)]) }
        adjoint[k] = adjoint[k].map { $0 + g } ?? g
    }

    /// A pointwise binary operation, numbers broadcast.
    static func pointwise(_ a: TapeValue, _ b: TapeValue, _ f: (Double, Double) -> Double) -> TapeValue {
        switch (a, b) {
        case let (.scalar(x), .scalar(y)): return .scalar(f(x, y))
        case let (.scalar(x), .batch(m)): return .batch(m.map { f(x, $0) })
        case let (.batch(m), .scalar(y)): return .batch(m.map { f($0, y) })
        case let (.batch(m), .batch(n)): return .batch(m.zip(n, f))
        }
    }

    /// A pointwise function.
    static func unary(_ a: TapeValue, _ f: (Double) -> Double) -> TapeValue {
        switch a {
        case .scalar(let x): return .scalar(f(x))
        case .batch(let m): return .batch(m.map(f))
        }
    }
}
