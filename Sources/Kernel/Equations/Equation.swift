/// One right-hand side of a cell written as equations, over a step's batched values.
///
/// Variables are read as they are at that point of the step: a state before its assignment holds its
/// t-1 value, after it the new one; `previous` reads the t-1 value wherever it stands.
public indirect enum Equation: Sendable, Equatable {
    /// x_t.
    case input
    /// The current value of variable k (a state or an intermediate).
    case variable(Int)
    /// State k as the step began, whatever the step has assigned since (the course's `C_{t-1}`).
    case previous(Int)
    /// A vector parameter, the same for every sequence of the batch.
    case parameter(Int)
    /// A number, broadcast.
    case constant(Double)
    case add(Equation, Equation)
    case subtract(Equation, Equation)
    case multiply(Equation, Equation)
    case divide(Equation, Equation)
    case negate(Equation)
    /// `W ⋅ v` for a matrix parameter W.
    case product(parameter: Int, Equation)
    /// `[a, b, …]`: the parts side by side.
    case concat([Equation])
    case sigmoid(Equation)
    case tanh(Equation)
    case exp(Equation)
}

/// A cell defined by its equations: variables (states first, `h` the output at index 0), parameters and
/// the assignments of one step, in order.
public struct EquationProgram: Sendable, Equatable {
    /// A parameter's name and shape (`rows == 1 && isVector` for a vector).
    public typealias ParameterShape = Kernel.ParameterShape

    public var inputs: Int
    public var hidden: Int
    /// Every assigned name; `variables[0 ..< stateCount]` are states, and variable 0 is `h`.
    public var variables: [String]
    public var stateCount: Int
    /// The width of each variable.
    public var widths: [Int]
    public var parameters: [ParameterShape]
    public var assignments: [(variable: Int, value: Equation)]

    public init(inputs: Int, hidden: Int, variables: [String], stateCount: Int, widths: [Int],
                parameters: [ParameterShape], assignments: [(variable: Int, value: Equation)]) {
        self.inputs = inputs
        self.hidden = hidden
        self.variables = variables
        self.stateCount = stateCount
        self.widths = widths
        self.parameters = parameters
        self.assignments = assignments
    }

    public static func == (a: EquationProgram, b: EquationProgram) -> Bool {
        a.inputs == b.inputs && a.hidden == b.hidden && a.variables == b.variables && a.stateCount == b.stateCount
            && a.widths == b.widths && a.parameters == b.parameters
            && a.assignments.map(\.variable) == b.assignments.map(\.variable)
            && a.assignments.map(\.value) == b.assignments.map(\.value)
    }
}
