/// A recurrent cell of the course: parameters in the course's layout, a batched step, and BPTT.
///
/// Tensors are batched: a batch of N sequences advances together, so an input is N × inputs and every
/// state and intermediate is N × hidden. Batch 1 is the single-sequence case.
public protocol RecurrentCell: Sendable {
    /// What kind of cell this is (training reads PyTorch's bias layout from it; the language shows it).
    var kind: CellKind { get }
    /// Width of x_t.
    var inputs: Int { get }
    /// Width of h_t (and C_t).
    var hidden: Int { get }
    /// The state carried between steps, `h` first (`["h", "C"]` for an LSTM).
    var stateNames: [String] { get }
    /// A step's intermediates as the course names them, in the order they are computed.
    var intermediateNames: [String] { get }
    /// Which intermediate is the cell's output h_t (what the next layer or the read-out reads).
    var outputIndex: Int { get }
    /// The parameters, in the course's layout (each W over the concatenation the course writes).
    var parameters: [Parameter] { get }
    /// Replaces one parameter; the shape must match.
    mutating func setParameter(_ name: String, to value: Matrix) throws(ShapeError)
    /// Runs `xs` (each N × inputs) from `state` and keeps every intermediate of every step, asking `shouldStop`
    /// before each step: nil when it said stop.
    func forward(_ xs: [Matrix], from state: [Matrix], shouldStop: () -> Bool) -> Trace?
    /// Backpropagation through time: given ∂L/∂h_t for each step (nil for none) and ∂L/∂(final state),
    /// the gradient with respect to every parameter, the initial state and every input; asks `shouldStop`
    /// before each step back: nil when it said stop.
    func backward(_ trace: Trace, dH: [Matrix?], dFinal: [Matrix?], shouldStop: () -> Bool) -> Gradients?
    /// Every number the cell keeps: its parameters and the working copies its fast step reads.
    var storedNumbers: Int { get }
    /// About how many copies of its parameters a cell of this kind keeps (for a budget checked before making one).
    static var copiesOfParameters: Int { get }
}

/// One named parameter: a matrix `W_g`, or a vector `b_g` stored as a 1 × n matrix.
public struct Parameter: Sendable, Equatable {
    public var name: String
    public var value: Matrix
    /// Biases and diagonal peepholes are vectors; weights are matrices.
    public var isVector: Bool

    public init(_ name: String, _ value: Matrix, isVector: Bool) {
        self.name = name
        self.value = value
        self.isVector = isVector
    }
}

/// A parameter or state given a shape that does not fit the cell.
public struct ShapeError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Everything a sequence run computed: the initial state, the inputs, and every step's intermediates.
public struct Trace: Sendable {
    public var initial: [Matrix]
    public var xs: [Matrix]
    /// `steps[t][k]` is intermediate `intermediateNames[k]` of step t (N × hidden).
    public var steps: [[Matrix]]
    /// The state after the last step, in `stateNames` order.
    public var final: [Matrix]

    public init(initial: [Matrix], xs: [Matrix], steps: [[Matrix]], final: [Matrix]) {
        self.initial = initial
        self.xs = xs
        self.steps = steps
        self.final = final
    }
}

/// ∂L/∂ everything a sequence run depended on.
public struct Gradients: Sendable {
    /// By parameter name, shaped like the parameter.
    public var parameters: [String: Matrix]
    /// ∂L/∂(initial state), in `stateNames` order.
    public var initial: [Matrix]
    /// ∂L/∂x_t for every step.
    public var xs: [Matrix]

    public init(parameters: [String: Matrix], initial: [Matrix], xs: [Matrix]) {
        self.parameters = parameters
        self.initial = initial
        self.xs = xs
    }
}

extension RecurrentCell {
    /// Runs `xs` from `state` to the end, keeping every intermediate.
    public func forward(_ xs: [Matrix], from state: [Matrix]) -> Trace { forward(xs, from: state, shouldStop: { false })! }

    /// Backpropagation through time over the whole trace.
    public func backward(_ trace: Trace, dH: [Matrix?], dFinal: [Matrix?]) -> Gradients {
        backward(trace, dH: dH, dFinal: dFinal, shouldStop: { false })!
    }

    /// A cell with no working copies keeps just its parameters.
    public var storedNumbers: Int { parameters.reduce(0) { $0 + $1.value.storage.count } }
    public static var copiesOfParameters: Int { 1 }

    /// The last `h_t` a step assigns (every built-in cell reports it last).
    public var outputIndex: Int { intermediateNames.lastIndex(of: "h_t") ?? intermediateNames.count - 1 }

    /// A zero state for a batch of `batch` sequences.
    public func zeroState(batch: Int = 1) -> [Matrix] {
        stateNames.map { _ in Matrix(rows: batch, cols: hidden) }
    }

    /// The parameter called `name`, if the cell has one.
    public func parameter(_ name: String) -> Parameter? { parameters.first { $0.name == name } }

    /// One step from `state`; the new state replaces it and the intermediates are returned by name order.
    public func step(_ x: Matrix, state: inout [Matrix]) -> [Matrix] {
        let trace = forward([x], from: state)
        state = trace.final
        return trace.steps[0]
    }

    /// Checks a replacement's shape against the current parameter.
    func checkedShape(_ name: String, _ value: Matrix, against current: Matrix?, detail: String) throws(ShapeError) {
        guard let current else { throw ShapeError("this cell has no parameter \(name)") }
        guard current.rows == value.rows, current.cols == value.cols else {
            let isVector = parameter(name)?.isVector ?? false
            let want = isVector ? "\(current.cols) entries" : "\(current.rows)×\(current.cols)"
            let got = isVector ? "\(value.cols) entries" : "\(value.rows)×\(value.cols)"
            throw ShapeError("\(name) must be \(want) (\(detail)); got \(got)")
        }
    }
}

/// PyTorch's default initialization: every parameter uniform in (-1/√hidden, 1/√hidden), drawn from a
/// SplitMix64 seeded with `seed`, parameters in the layout's order, each row by row.
public func initialParameters(_ layout: [ParameterShape], hidden: Int, seed: UInt64) -> [Parameter] {
    var rng = SplitMix64(seed: seed)
    let bound = 1 / Double(hidden).squareRoot()
    return layout.map { p in
        Parameter(p.name, rng.uniformMatrix(rows: p.rows, cols: p.cols, bound: bound), isVector: p.isVector)
    }
}
