/// A cell defined by its equations (see `EquationProgram`), run and differentiated by a tape.
///
/// Its intermediates are every assigned name with `_t` appended, in assignment order; its state is every
/// variable read before it is assigned (`h` first).
public struct EquationCell: RecurrentCell {
    public let program: EquationProgram
    public private(set) var values: [Matrix]

    public var kind: CellKind { .equations }
    public var inputs: Int { program.inputs }
    public var hidden: Int { program.hidden }
    public var stateNames: [String] { Array(program.variables[0 ..< program.stateCount]) }
    public var intermediateNames: [String] { program.assignments.map { program.variables[$0.variable] + "_t" } }

    /// Parameters drawn uniform(-1/√hidden, 1/√hidden) from `seed`, in the program's order.
    public init(program: EquationProgram, seed: UInt64 = 0) {
        self.program = program
        values = initialParameters(program.parameters, hidden: program.hidden, seed: seed).map(\.value)
    }

    public var parameters: [Parameter] {
        zip(program.parameters, values).map { Parameter($0.name, $1, isVector: $0.isVector) }
    }

    public mutating func setParameter(_ name: String, to value: Matrix) throws(ShapeError) {
        guard let k = program.parameters.firstIndex(where: { $0.name == name }) else {
            throw ShapeError("this cell has no parameter \(name)")
        }
        try checkedShape(name, value, against: values[k], detail: name.hasPrefix("W") ? "rows × what it multiplies" : "hidden")
        values[k] = value
    }

    /// One step on the tape: the node of every intermediate, in assignment order, and of the new state.
    func record(_ tape: inout Tape, x: Matrix, state: [Matrix]) -> (intermediates: [Int], final: [Int]) {
        let N = x.rows
        let xNode = tape.record([], .batch(x))
        var current = (0 ..< program.stateCount).map { tape.record([], .batch(state[$0])) }
        let initial = current
        current += [Int](repeating: -1, count: program.variables.count - program.stateCount)
        var vectorNodes: [Int: Int] = [:]
        func emit(_ e: Equation) -> Int {
            switch e {
            case .input: return xNode
            case .variable(let k): return current[k]
            case .previous(let k): return initial[k]
            case .constant(let c): return tape.record([], .scalar(c))
            case .parameter(let p):
                if let node = vectorNodes[p] { return node }
                let node = tape.vectorParameter(p, values[p].storage, rows: N)
                vectorNodes[p] = node
                return node
            case .add(let a, let b): let (ka, kb) = (emit(a), emit(b)); return tape.add(ka, kb)
            case .subtract(let a, let b): let (ka, kb) = (emit(a), emit(b)); return tape.subtract(ka, kb)
            case .multiply(let a, let b): let (ka, kb) = (emit(a), emit(b)); return tape.multiply(ka, kb)
            case .divide(let a, let b): let (ka, kb) = (emit(a), emit(b)); return tape.divide(ka, kb)
            case .negate(let a): return tape.negate(emit(a))
            case .sigmoid(let a): return tape.sigmoid(emit(a))
            case .tanh(let a): return tape.tanh(emit(a))
            case .exp(let a): return tape.exp(emit(a))
            case .product(let p, let a): return tape.product(p, values[p], emit(a), rows: N)
            case .concat(let parts): return tape.concat(parts.map(emit), rows: N)
            }
        }
        var intermediates: [Int] = []
        for (variable, value) in program.assignments {
            var k = emit(value)
            if case .scalar(let s) = tape.nodes[k].value {
                let zeros = tape.record([], .batch(Matrix(rows: N, cols: program.widths[variable])))
                k = tape.record([k, zeros], .batch(Matrix(rows: N, cols: program.widths[variable], repeating: s))) { g, _, _ in [g, g] }
            }
            current[variable] = k
            intermediates.append(k)
        }
        return (intermediates, Array(current[0 ..< program.stateCount]))
    }

    public func forward(_ xs: [Matrix], from initial: [Matrix], shouldStop: () -> Bool) -> Trace? {
        var state = initial
        var steps: [[Matrix]] = []
        for x in xs {
            if shouldStop() { return nil }
            var tape = Tape()
            let (intermediates, final) = record(&tape, x: x, state: state)
            steps.append(intermediates.map { tape.nodes[$0].value.broadcast(rows: x.rows, cols: 1) })
            state = final.map { tape.nodes[$0].value.broadcast(rows: x.rows, cols: 1) }
        }
        return Trace(initial: initial, xs: xs, steps: steps, final: state)
    }

    /// Backpropagation through time: each step is recorded again and its tape run backwards.
    public func backward(_ trace: Trace, dH: [Matrix?], dFinal: [Matrix?], shouldStop: () -> Bool) -> Gradients? {
        let N = trace.initial.first?.rows ?? trace.xs.first?.rows ?? 1
        var dState: [Matrix?] = dFinal
        var parameterGradients = values.map { Matrix(rows: $0.rows, cols: $0.cols) }
        var dxs = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: trace.xs.count)
        /// The last assignment of each state in a step, as an index into the step's intermediates.
        let lastAssignment = (0 ..< program.stateCount).map { s in program.assignments.lastIndex { $0.variable == s }! }
        for t in stride(from: trace.xs.count - 1, through: 0, by: -1) {
            if shouldStop() { return nil }
            let before = t == 0 ? trace.initial : lastAssignment.map { trace.steps[t - 1][$0] }
            var tape = Tape()
            let (intermediates, final) = record(&tape, x: trace.xs[t], state: before)
            var adjoint = [Matrix?](repeating: nil, count: tape.nodes.count)
            func seed(_ node: Int, _ g: Matrix?) {
                guard let g else { return }
                adjoint[node] = adjoint[node].map { $0 + g } ?? g
            }
            seed(intermediates[lastAssignment[0]], dH[t])
            for (s, node) in final.enumerated() { seed(node, dState[s]) }
            tape.backward(adjoint: &adjoint, parameterGradients: &parameterGradients)
            dxs[t] = adjoint[0] ?? Matrix(rows: N, cols: inputs)
            dState = (0 ..< program.stateCount).map { adjoint[1 + $0] ?? Matrix(rows: N, cols: program.widths[$0]) }
        }
        var grads: [String: Matrix] = [:]
        for (shape, g) in zip(program.parameters, parameterGradients) { grads[shape.name] = g }
        return Gradients(parameters: grads, initial: dState.enumerated().map { $1 ?? Matrix(rows: N, cols: program.widths[$0]) }, xs: dxs)
    }
}
