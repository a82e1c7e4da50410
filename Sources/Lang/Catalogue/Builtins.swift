import Foundation
import Kernel

/// One built-in the language knows — a function, a cell kind, a layer or an optimizer — with everything
/// the rest of the language reads about it: dispatch, reserved names, what equations may call, tab
/// completion and `:help`.
public struct Builtin: Sendable {
    /// What a built-in makes.
    public enum Role: String, Sendable { case function, constant, cell, layer, optimizer }
    /// How a function runs, given its arguments as written.
    typealias Body = @Sendable (Session, [Argument], SourceRange, Session.Context) throws(Diagnostic) -> Value

    public let name: String
    public let role: Role
    /// The labels it accepts, in the order help shows them (empty for a function of plain values).
    public let labels: [String]
    /// How it is written, like `sigmoid(v)` or `lstm(inputs: X, hidden: H, …)`.
    public let usage: String
    /// One line for help.
    public let summary: String
    /// Whether a cell's equations may use it.
    public let inEquations: Bool
    /// A function's implementation (nil for constructors, which their statements build).
    let body: Body?
    /// A constant's value (nil for everything else).
    let value: Double?
}

/// The catalogue of built-ins, in the order help lists them.
public enum Builtins {
    public static let all: [Builtin] = functions + constants + constructors

    /// The built-in called `name`, if there is one.
    public static func named(_ name: String) -> Builtin? { byName[name] }

    /// Every built-in's name: none can name a value, a cell or a model.
    public static let names = Set(all.map(\.name))

    /// The functions an expression can call.
    public static let functionNames = Set(all.filter { $0.role == .function }.map(\.name))

    /// The functions a cell's equations may use.
    public static let equationFunctions = all.filter(\.inEquations).map(\.name)

    /// Every label any built-in takes, written as typed (`hidden:`), for completion.
    public static let labels = Array(Set(all.flatMap { $0.labels.map { $0 + ":" } })).sorted()

    /// The names of the built-ins with `role`, in catalogue order.
    public static func names(_ role: Builtin.Role) -> [String] { all.filter { $0.role == role }.map(\.name) }

    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    static func function(_ name: String, _ usage: String, _ summary: String, labels: [String] = [],
                         inEquations: Bool = false, _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name: name, role: .function, labels: labels, usage: usage, summary: summary, inEquations: inEquations, body: body,
                value: nil)
    }

    /// The value of the constant called `name`, if it is one.
    public static func constantValue(_ name: String) -> Double? { named(name)?.value }

    static func constant(_ name: String, _ summary: String, _ value: Double) -> Builtin {
        Builtin(name: name, role: .constant, labels: [], usage: name, summary: summary, inEquations: false, body: nil, value: value)
    }

    static func constructor(_ name: String, _ role: Builtin.Role, _ labels: [String], _ usage: String, _ summary: String) -> Builtin {
        Builtin(name: name, role: role, labels: labels, usage: usage, summary: summary, inEquations: false, body: nil, value: nil)
    }

    /// σ under either of its names.
    static func sigmoidBody(_ name: String) -> Builtin.Body {
        { s, a, r, cx throws(Diagnostic) in Evaluator.map(try s.single(a, name, r, cx), Evaluator.sigmoid) }
    }

    static let functions: [Builtin] = [
        function("σ", "σ(v)", "the logistic sigmoid 1 / (1 + e^-v), pointwise: a gate's squashing into (0, 1)",
                 inEquations: true, sigmoidBody("σ")),
        function("sigmoid", "sigmoid(v)", "the same as σ(v)", inEquations: true, sigmoidBody("sigmoid")),
        function("tanh", "tanh(v)", "the hyperbolic tangent, pointwise: squashes into (-1, 1)", inEquations: true) {
            s, a, r, cx throws(Diagnostic) in
            Evaluator.map(try s.single(a, "tanh", r, cx), Evaluator.tanh)
        },
        function("exp", "exp(v)", "e to the power v, pointwise", inEquations: true) { s, a, r, cx throws(Diagnostic) in
            Evaluator.map(try s.single(a, "exp", r, cx), Evaluator.exp)
        },
        function("log", "log(v)", "the natural logarithm, pointwise: the inverse of exp (log of 0 or less is refused)") {
            s, a, r, cx throws(Diagnostic) in try s.logarithm(a, r, cx)
        },
        function("sin", "sin(v)", "the sine, pointwise (v in radians)") { s, a, r, cx throws(Diagnostic) in
            Evaluator.map(try s.single(a, "sin", r, cx), Foundation.sin)
        },
        function("cos", "cos(v)", "the cosine, pointwise (v in radians)") { s, a, r, cx throws(Diagnostic) in
            Evaluator.map(try s.single(a, "cos", r, cx), Foundation.cos)
        },
        function("transpose", "transpose(m)", "a matrix's rows as columns (a vector becomes one column)") {
            s, a, r, cx throws(Diagnostic) in
            Evaluator.transpose(try s.single(a, "transpose", r, cx))
        },
        function("sum", "sum(v)", "the sum of every entry") { s, a, r, cx throws(Diagnostic) in
            .number(try s.single(a, "sum", r, cx).numbers.reduce(0, +))
        },
        function("norm", "norm(v)", "the Euclidean length: the square root of the sum of squares") { s, a, r, cx throws(Diagnostic) in
            .number(frobeniusNorm(try s.single(a, "norm", r, cx).numbers))
        },
        function("zeros", "zeros(n)", "a vector of n zeros") { s, a, r, cx throws(Diagnostic) in try s.filled(a, "zeros", 0, r, cx) },
        function("ones", "ones(n)", "a vector of n ones") { s, a, r, cx throws(Diagnostic) in try s.filled(a, "ones", 1, r, cx) },
        function("linspace", "linspace(a, b, n)", "n evenly spaced numbers from a to b") { s, a, r, cx throws(Diagnostic) in
            try s.linspace(a, r, cx)
        },
        function("mse", "mse(a, b)", "the mean squared error between two values of the same shape") { s, a, r, cx throws(Diagnostic) in
            try s.mse(a, r, cx)
        },
        function("sine_waves", "sine_waves(count: N, length: L, period: 20, seed: 2)",
                 "PyTorch's time-sequence data: N shifted sine waves, one per row",
                 labels: ["count", "length", "period", "seed"]) { s, a, r, cx throws(Diagnostic) in try s.sineWaves(a, r, cx) },
        function("damped_sine", "damped_sine(length: L, period: P, decay: D)",
                 "the damped-sine practical: 0.5 + 0.5 sin(2π i / P) e^(-D i)",
                 labels: ["length", "period", "decay"]) { s, a, r, cx throws(Diagnostic) in try s.dampedSine(a, r, cx) },
        function("remember", "remember(count: N, length: L, seed: 1)",
                 "the long-gap task: N sequences v, 0, 0, …, 0, v, each v drawn from [-1, 1)",
                 labels: ["count", "length", "seed"]) { s, a, r, cx throws(Diagnostic) in try s.rememberTask(a, r, cx) },
        function("predict", "predict(m, X, future: 0)", "a model's outputs for each row of X, then `future` steps fed its own output",
                 labels: ["future"]) { s, a, r, cx throws(Diagnostic) in try s.predict(a, r, cx) },
        function("gradient_norms", "gradient_norms(c, steps: T)",
                 "how strongly h_T depends on each earlier input: |∂h_T/∂x_t| for t = 1 … T",
                 labels: ["steps"]) { s, a, r, cx throws(Diagnostic) in try s.gradientNorms(a, r, cx) },
        function("reach", "reach(c)",
                 "how much each step's input reaches the last output: ‖∂h_T[u]/∂x_t‖, one row per unit u, one column per step",
                 labels: []) { s, a, r, cx throws(Diagnostic) in try s.reach(a, r, cx) },
        function("load_data", "load_data(\"dump.json\")", "the data matrix of a PyTorch time-sequence dump") {
            s, a, r, cx throws(Diagnostic) in
            try s.loadData(a, r, cx)
        },
    ]

    static let constants: [Builtin] = [
        constant("π", "the ratio of a circle's circumference to its diameter, 3.14159…", Double.pi),
        constant("pi", "the same as π", Double.pi),
    ]

    static let constructors: [Builtin] = [
        constructor("lstm", .cell, ["inputs", "hidden", "seed", "peephole", "peephole_form", "coupled"],
                    "cell c = lstm(inputs: X, hidden: H, peephole: [f, i, o], peephole_form: diagonal, coupled: true)",
                    "a long short-term memory cell: forget, input and output gates around the cell state C"),
        constructor("gru", .cell, ["inputs", "hidden", "seed", "convention"], "cell c = gru(inputs: X, hidden: H, convention: pytorch)",
                    "a gated recurrent unit: update gate z, reset gate r, no separate cell state"),
        constructor("rnn", .cell, ["inputs", "hidden", "seed"], "cell c = rnn(inputs: X, hidden: H)",
                    "the plain recurrent cell: h_t = tanh(W_h · [h_{t-1}, x_t] + b_h)"),
        constructor("linear", .layer, ["outputs", "seed"], "model m = c -> linear(outputs: 1)",
                    "a linear read-out W · h + b as a model's last layer"),
        constructor("lbfgs", .optimizer, ["lr", "line_search"], "optimizer: lbfgs(lr: 0.8, line_search: true)",
                    "limited-memory BFGS, as PyTorch's LBFGS"),
        constructor("sgd", .optimizer, ["lr", "momentum"], "optimizer: sgd(lr: 0.1, momentum: 0.9)",
                    "stochastic gradient descent, optionally with momentum"),
        constructor("adam", .optimizer, ["lr", "beta1", "beta2"], "optimizer: adam(lr: 0.01)", "Adam, as PyTorch's"),
    ]
}

extension Array where Element == String {
    /// The words as a sentence lists them: "a", "a and b", "a, b and c".
    var listed: String { count < 2 ? joined() : dropLast().joined(separator: ", ") + " and " + last! }
}
