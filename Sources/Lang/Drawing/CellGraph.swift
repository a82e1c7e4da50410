import Kernel

/// One step of a cell as the course draws it: wires carrying values, and the nodes that compute them —
/// layers (an affine map, under σ or tanh) and pointwise operations (×, +, 1−, tanh, …).
public struct CellGraph: Sendable, Equatable {
    /// Where a wire's value comes from.
    public enum Source: Sendable, Equatable {
        case input
        /// State k as the step began (`C_{t-1}`).
        case previous(Int)
        /// The output of node k.
        case node(Int)
    }

    /// A value flowing through the cell; `name` is the cell's field for it (`f_t`, `C_{t-1}`), if it has one.
    public struct Wire: Sendable, Equatable {
        public var name: String?
        public var source: Source
    }

    /// What a node does.
    public enum NodeKind: Sendable, Equatable { case layer, pointwise }

    /// A layer or a pointwise operation: its symbol (`σ`, `tanh`, `×`, `+`, `1−`), the wires it reads, the wire it
    /// writes, and for a layer the parameters it holds.
    public struct Node: Sendable, Equatable {
        public var kind: NodeKind
        public var symbol: String
        public var inputs: [Int]
        public var output: Int
        public var parameters: [String]
    }

    public var wires: [Wire] = []
    public var nodes: [Node] = []
    /// The state names, `h` first.
    public var states: [String]
    /// For each state, the wire holding its new value.
    public var stateOutputs: [Int] = []

    /// The state that runs along the top as the course's belt: the first state other than h, else h.
    public var beltState: Int { states.count > 1 ? 1 : 0 }

    /// The nodes that compute the given wires: each wire's own node and, back through wires without a name, the
    /// nodes that feed it (`C_t = f * C + i * C~`: the `+` and both `×`).
    func nodes(computing targets: [Int]) -> Set<Int> {
        var found: Set<Int> = [], pending = targets
        while let w = pending.popLast() {
            guard case .node(let k) = wires[w].source, found.insert(k).inserted else { continue }
            pending += nodes[k].inputs.filter { wires[$0].name == nil }
        }
        return found
    }
}

extension CellGraph {
    /// The graph of an equation program: every assignment's right-hand side taken apart into layers and
    /// pointwise nodes (an affine map under σ or tanh is one layer; an affine map alone is a linear layer `W·`).
    init(program p: EquationProgram) {
        states = Array(p.variables[0 ..< p.stateCount])
        var builder = Builder(program: p)
        for (variable, value) in p.assignments {
            let wire = builder.wire(for: value)
            builder.graph.wires[wire].name = builder.graph.wires[wire].name ?? Self.fieldName(p.variables[variable])
            builder.current[variable] = wire
        }
        stateOutputs = (0 ..< p.stateCount).map { builder.current[$0] ?? builder.previousWire($0) }
        wires = builder.graph.wires
        nodes = builder.graph.nodes
    }

    /// `C~` → `C~_t`: the field a variable's value is read as.
    static func fieldName(_ variable: String) -> String { variable + "_t" }

    /// Builds nodes and wires in the order a step computes them.
    struct Builder {
        let program: EquationProgram
        var graph: CellGraph
        /// The wire holding each variable's latest value, once assigned.
        var current: [Int: Int] = [:]
        var previous: [Int: Int] = [:]
        var inputWire: Int?

        init(program: EquationProgram) {
            self.program = program
            graph = CellGraph(states: Array(program.variables[0 ..< program.stateCount]))
        }

        mutating func add(_ wire: Wire) -> Int {
            graph.wires.append(wire)
            return graph.wires.count - 1
        }

        mutating func previousWire(_ k: Int) -> Int {
            if let w = previous[k] { return w }
            let w = add(Wire(name: program.variables[k] + "_{t-1}", source: .previous(k)))
            previous[k] = w
            return w
        }

        mutating func leaf(_ e: Equation) -> Int? {
            switch e {
            case .input:
                if let w = inputWire { return w }
                inputWire = add(Wire(name: "x_t", source: .input))
                return inputWire
            case .previous(let k): return previousWire(k)
            case .variable(let k): return current[k] ?? previousWire(k)
            default: return nil
            }
        }

        mutating func node(_ kind: NodeKind, _ symbol: String, _ inputs: [Int], parameters: [String] = []) -> Int {
            let out = add(Wire(name: nil, source: .node(graph.nodes.count)))
            graph.nodes.append(Node(kind: kind, symbol: symbol, inputs: inputs, output: out, parameters: parameters))
            return out
        }

        /// The wire carrying `e`'s value, adding the nodes that compute it.
        mutating func wire(for e: Equation) -> Int {
            if let w = leaf(e) { return w }
            switch e {
            case .sigmoid(let a) where a.isAffine, .tanh(let a) where a.isAffine:
                var reads: [Int] = [], parameters: [String] = []
                collect(a, into: &reads, &parameters)
                return node(.layer, e.isSigmoid ? "σ" : "tanh", reads, parameters: parameters)
            case _ where e.isAffine:
                var reads: [Int] = [], parameters: [String] = []
                collect(e, into: &reads, &parameters)
                return node(.layer, "W·", reads, parameters: parameters)
            case .sigmoid(let a): return node(.pointwise, "σ", [wire(for: a)])
            case .tanh(let a): return node(.pointwise, "tanh", [wire(for: a)])
            case .exp(let a): return node(.pointwise, "exp", [wire(for: a)])
            case .negate(let a): return node(.pointwise, "−", [wire(for: a)])
            case .subtract(.constant(let c), let a): return node(.pointwise, "\(Self.number(c))−", [wire(for: a)])
            case .multiply(.constant(let c), let a), .multiply(let a, .constant(let c)):
                return node(.pointwise, "×\(Self.number(c))", [wire(for: a)])
            case .add(.constant(let c), let a), .add(let a, .constant(let c)):
                return node(.pointwise, "+\(Self.number(c))", [wire(for: a)])
            case .add(let a, let b): return binary("+", a, b)
            case .subtract(let a, let b): return binary("−", a, b)
            case .multiply(let a, let b): return binary("×", a, b)
            case .divide(let a, let b): return binary("÷", a, b)
            case .concat(let parts): return node(.pointwise, "[ ]", parts.map { wire(for: $0) })
            default: return node(.pointwise, "\(Self.number(e.constantValue ?? 0))", [])
            }
        }

        mutating func binary(_ symbol: String, _ a: Equation, _ b: Equation) -> Int {
            let l = wire(for: a), r = wire(for: b)
            return node(.pointwise, symbol, [l, r])
        }

        /// The values an affine map reads (its parameters aside), each once, in the order written.
        mutating func collect(_ e: Equation, into reads: inout [Int], _ parameters: inout [String]) {
            func read(_ w: Int) { if !reads.contains(w) { reads.append(w) } }
            switch e {
            case .parameter(let p): parameters.append(program.parameters[p].name)
            case .constant: break
            case .product(let p, let a):
                parameters.append(program.parameters[p].name)
                collect(a, into: &reads, &parameters)
            case .concat(let parts): for part in parts { collect(part, into: &reads, &parameters) }
            case .add(let a, let b), .subtract(let a, let b):
                collect(a, into: &reads, &parameters)
                collect(b, into: &reads, &parameters)
            case .negate(let a): collect(a, into: &reads, &parameters)
            case .multiply(.parameter(let p), let a), .multiply(let a, .parameter(let p)):
                parameters.append(program.parameters[p].name)
                collect(a, into: &reads, &parameters)
            default: read(wire(for: e))
            }
        }

        static func number(_ c: Double) -> String { c == c.rounded() && abs(c) < 1e6 ? String(Int(c)) : String(c) }
    }
}

extension Equation {
    /// Whether it is an affine map: a sum with at least one term that is a parameter, `W · v` or `p * v`.
    var isAffine: Bool {
        switch self {
        case .parameter, .product, .multiply(.parameter, _), .multiply(_, .parameter): return true
        case .add(let a, let b), .subtract(let a, let b): return a.isAffine || b.isAffine
        case .negate(let a): return a.isAffine
        default: return false
        }
    }

    var isSigmoid: Bool { if case .sigmoid = self { return true } else { return false } }

    var constantValue: Double? { if case .constant(let c) = self { return c } else { return nil } }
}
