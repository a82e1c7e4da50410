/// An expression, with the source range it was written at.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case boolean(Bool)
        /// `"file.json"`: a file name.
        case string(String)
        /// `a:b` inside an index (either end may be left out).
        case range(Expr?, Expr?)
        case name(String)
        /// `[a, b, …]`: a vector, a matrix (when every element is itself a bracket), or a concatenation.
        case list([Expr])
        case negate(Expr)
        /// `+ - * / · @`, with `@` written as `·`.
        case binary(String, Expr, Expr)
        /// `f(a, label: b)`.
        case call(String, [Argument])
        /// `c.W_f`.
        case field(Expr, String)
        /// `v[0]`, `m[1:3, 0]`: one index or range per dimension.
        case index(Expr, [Expr])
    }

    public let kind: Kind
    public var range: SourceRange
    /// How many expressions deep the tree is (1 for a number or a name): what walking it costs in stack.
    public let height: Int

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        height = 1 + Self.childHeight(kind)
    }

    static func childHeight(_ kind: Kind) -> Int {
        switch kind {
        case .number, .boolean, .string, .name: 0
        case .range(let low, let high): max(low?.height ?? 0, high?.height ?? 0)
        case .list(let items): items.map(\.height).max() ?? 0
        case .negate(let a), .field(let a, _): a.height
        case .binary(_, let a, let b): max(a.height, b.height)
        case .call(_, let args): args.map(\.value.height).max() ?? 0
        case .index(let base, let parts): max(base.height, parts.map(\.height).max() ?? 0)
        }
    }
}

/// A call's argument, optionally labelled (`hidden: 2`).
public struct Argument: Sendable {
    public var label: String?
    public var labelRange: SourceRange?
    public var value: Expr
}

/// One line of a cell's equation block: `name = expression`.
public struct EquationLine: Sendable {
    public var name: String
    public var nameRange: SourceRange
    public var value: Expr
}

/// A statement of the command language.
public struct Stmt: Sendable {
    public enum Kind: Sendable {
        /// `cell c = lstm(inputs: 1, hidden: 2)`.
        case cell(name: String, constructor: Expr)
        /// `cell v(inputs: 1, hidden: 2) { … }`.
        case equationCell(name: String, arguments: [Argument], equations: [EquationLine])
        /// `let x = …`.
        case bind(name: String, value: Expr)
        /// `c.W_f = …` or `x = …` (an existing `let`).
        case assign(target: Expr, value: Expr)
        /// `feed c [0.5]`.
        case feed(cell: Expr, input: Expr)
        /// `print a, b`.
        case print([Expr])
        /// `show c`, `trace c`, `reset c`.
        case show(Expr), trace(Expr), reset(Expr)
        /// `precision 6`.
        case precision(Expr)
        /// `entries 20`: how much of a long value is shown.
        case entries(Expr)
        /// `backward c dh_t: R, dC_T: v`: backpropagation through the steps fed so far.
        case backward(cell: Expr, seeds: [Argument])
        /// A bare expression: printed.
        case expression(Expr)
        /// `model m = l1 -> l2 -> linear(outputs: 1)`.
        case model(name: String, layers: [Expr])
        /// `train m input: X, target: Y, optimizer: lbfgs(lr: 0.8), steps: 15`.
        case train(model: Expr, arguments: [Argument])
        /// `plot a, b to "file.svg"`.
        case plot([Expr], file: String?)
        /// `draw c`, `draw c at t=4`, `draw c unrolled 3`, `draw c focus f_t`, `draw c to "c.svg"`.
        case draw(Expr, DrawRequest)
        /// `heatmap c.f_t [to "f.svg"]`: a value over time × unit.
        case heatmap(Expr, file: String?)
        /// `save m to "file.json"` and `load m from "file.json"`.
        case save(model: Expr, file: String)
        case load(model: Expr, file: String)
        /// `sweep seed in [1, 2, 3] full linspace(1, 20, 20)`: an axis of a sweep (`lstm sweep` runs every combination).
        case sweep(axis: String, values: Expr, full: Expr?)
    }

    public var kind: Kind
    public var range: SourceRange
    /// Where the statement's name (cell or let) was written, for diagnostics.
    public var nameRange: SourceRange?
}

/// What `draw` was asked for beyond the cell: a past step (`at t=4`), an unrolled chain of a few steps
/// (`unrolled`, `unrolled 3`), the part of the module to pick out (`focus f_t, i_t`), a file to write the SVG to.
public struct DrawRequest: Sendable {
    public var step: Expr?
    public var unrolled = false
    public var count: Expr?
    /// The wires named after `focus`, with where each was written.
    public var focus: [(name: String, range: SourceRange)] = []
    public var file: String?
}
