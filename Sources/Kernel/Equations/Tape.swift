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

/// Reverse-mode differentiation of one step of an equation program: the forward pass records each
/// operation and its value; `backward` sends adjoints from the outputs back to every leaf.
struct Tape {
    enum Op {
        /// Leaves: x_t, a state's t-1 value, a vector parameter (its rows repeated over the batch), a number.
        case input, state(Int), vectorParameter(Int), constant
        case add, subtract, multiply, divide, negate, sigmoid, tanh, exp
        /// `W_p ⋅ v`, v the one argument.
        case product(Int)
        /// The arguments side by side, with these widths.
        case concat([Int])
    }

    struct Node {
        var op: Op
        var args: [Int]
        var value: TapeValue
    }

    var nodes: [Node] = []

    mutating func push(_ op: Op, _ args: [Int], _ value: TapeValue) -> Int {
        nodes.append(Node(op: op, args: args, value: value))
        return nodes.count - 1
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

    /// Sends `adjoint` (seeded on some nodes) back through every node, adding parameter gradients into
    /// `parameterGradients` (by parameter index, shaped like the parameter).
    func backward(adjoint: inout [Matrix?], parameters: [Matrix], parameterGradients: inout [Matrix]) {
        for k in stride(from: nodes.count - 1, through: 0, by: -1) {
            guard let g = adjoint[k] else { continue }
            let node = nodes[k], a = node.args
            func arg(_ i: Int) -> Matrix { nodes[a[i]].value.broadcast(rows: g.rows, cols: g.cols) }
            let out = node.value.broadcast(rows: g.rows, cols: g.cols)
            switch node.op {
            case .input, .state, .constant: continue
            case .vectorParameter(let p): parameterGradients[p] = parameterGradients[p] + Matrix(row: g.columnSums)
            case .add: add(&adjoint, a[0], g); add(&adjoint, a[1], g)
            case .subtract: add(&adjoint, a[0], g); add(&adjoint, a[1], g.map { -$0 })
            case .multiply: add(&adjoint, a[0], g.zip(arg(1), *)); add(&adjoint, a[1], g.zip(arg(0), *))
            case .divide:
                add(&adjoint, a[0], g.zip(arg(1), /))
                add(&adjoint, a[1], g.zip(arg(0), arg(1)) { g, x, y in -g * x / (y * y) })
            case .negate: add(&adjoint, a[0], g.map { -$0 })
            case .sigmoid: add(&adjoint, a[0], sigmoidBackward(g, out))
            case .tanh: add(&adjoint, a[0], tanhBackward(g, out))
            case .exp: add(&adjoint, a[0], g.zip(out, *))
            case .product(let p):
                let v = nodes[a[0]].value.broadcast(rows: g.rows, cols: parameters[p].cols)
                var dv = Matrix(rows: g.rows, cols: parameters[p].cols)
                dv.addProduct(g, parameters[p])
                add(&adjoint, a[0], dv)
                parameterGradients[p].addTransposedProduct(g, v)
            case .concat(let widths):
                var offset = 0
                for (i, w) in widths.enumerated() {
                    add(&adjoint, a[i], g.columns(offset ..< offset + w))
                    offset += w
                }
            }
        }
    }

    /// Adds `g` to node k's adjoint; a number's adjoint is the sum over everything it was broadcast to.
    private func add(_ adjoint: inout [Matrix?], _ k: Int, _ g: Matrix) {
        var g = g
        if case .scalar = nodes[k].value { g = Matrix(rows: 1, cols: 1, storage: [g.storage.reduce(0, +)]) }
        adjoint[k] = adjoint[k].map { $0 + g } ?? g
    }
}
