import Kernel

/// A sweep script as `lstm sweep` reads it: its axes (`sweep NAME in [v1, v2, …]`), every combination of their
/// values a job, and the statements each job runs with the axes' values put in place of their names.
public struct SweepPlan: Sendable {
    /// One value an axis takes: as written (a number, a name, a call like `adam(lr: 0.01)`), and as results show it.
    public struct AxisValue: Sendable {
        public let expr: Expr
        /// The value as written in the script (`0.01`, `nig`, `adam(lr: 0.01)`).
        public let text: String
        /// The value in JSON: a number for a number, otherwise the text as a string.
        public let json: String
    }

    /// An axis: its name and the values it takes, in the order written.
    public struct Axis: Sendable {
        public let name: String
        public let values: [AxisValue]
        let range: SourceRange
    }

    /// Most jobs one sweep may have.
    public static let maxJobs = 100_000

    public let file: SourceFile
    /// Whether the axes' `full` values were taken (`lstm sweep --full`).
    public let full: Bool
    public let axes: [Axis]
    /// The script's statements after its axes, as written (each job substitutes its values into them).
    let body: [Stmt]

    /// How many jobs: the product of the axes' sizes.
    public var jobCount: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// Reads the axes of `file`; a script without axes, with an axis after another statement, an axis that takes no value,
    /// or a body that never trains is refused with the place.
    public init(_ file: SourceFile, full: Bool = false) throws(Diagnostic) {
        self.file = file
        self.full = full
        let statements = try Parser.parse(file)
        var axes: [Axis] = []
        var body: [Stmt] = []
        for s in statements {
            guard case let .sweep(name, values, fullValues) = s.kind else {
                body.append(s)
                continue
            }
            let nameRange = s.nameRange ?? s.range
            guard body.isEmpty else { throw Diagnostic(.axisAfterStatement(name), at: s.range, in: file) }
            guard !axes.contains(where: { $0.name == name }) else { throw Diagnostic(.axisTwice(name), at: nameRange, in: file) }
            if Builtins.names.contains(name) || Parser.keywords.contains(name) || ["true", "false"].contains(name) {
                throw Diagnostic(.reservedName(name), at: nameRange, in: file)
            }
            let chosen = full ? (fullValues ?? values) : values
            let taken = try Self.values(of: chosen, axis: name, in: file)
            var seen: Set<String> = []
            for value in taken where !seen.insert(value.text).inserted {
                throw Diagnostic(.axisValueTwice(name, value.text), at: value.expr.range, in: file)
            }
            axes.append(Axis(name: name, values: taken, range: s.range))
        }
        guard !axes.isEmpty else {
            throw Diagnostic(.noAxes, at: SourceRange(0, 0), in: file,
                             notes: [.init("declare one at the top, like: sweep seed in [1, 2, 3]")])
        }
        let count = axes.reduce(1.0) { $0 * Double($1.values.count) }
        guard count <= Double(Self.maxJobs) else { throw Diagnostic(.tooManyJobs(count), at: axes.last!.range, in: file) }
        for s in body {
            if let defined = Self.definedName(s), axes.contains(where: { $0.name == defined }) {
                throw Diagnostic(.axisRedefined(defined), at: s.nameRange ?? s.range, in: file)
            }
        }
        guard body.contains(where: { if case .train = $0.kind { true } else { false } }) else {
            throw Diagnostic(.sweepTrainsNothing, at: axes.last!.range, in: file,
                             notes: [.init("a job reports on the model its last train fits, like: train m input: X, target: Y, "
                                           + "optimizer: adam(lr: 0.01), steps: 50")])
        }
        self.axes = axes
        self.body = body
    }

    /// The values of one axis: a bracketed list of values as written, or any expression that makes a vector of numbers.
    static func values(of e: Expr, axis: String, in file: SourceFile) throws(Diagnostic) -> [AxisValue] {
        if case .list(let items) = e.kind {
            return items.map { item in
                let text = file.text(of: item.range)
                return AxisValue(expr: item, text: text, json: json(of: item, text: text))
            }
        }
        var session = Session()
        let result = session.run([Stmt(kind: .bind(name: "axis values", value: e), range: e.range)], in: file)
        if let error = result.error { throw error }
        guard case .vector(let numbers) = session.values["axis values"] ?? .number(0) else {
            throw Diagnostic(.axisNotAList(axis), at: e.range, in: file)
        }
        return numbers.map { x in
            let text = Message.spoken(x)
            return AxisValue(expr: Expr(.number(x), e.range), text: text, json: number(x))
        }
    }

    /// A value in JSON: numbers (and negated numbers) as numbers, true and false as themselves, anything else as its text.
    static func json(of e: Expr, text: String) -> String {
        switch e.kind {
        case .number(let x): return number(x)
        case .negate(let inner): if case .number(let x) = inner.kind { return number(-x) }
        case .boolean(let b): return b ? "true" : "false"
        default: break
        }
        return JSONRenderer.string(text)
    }

    /// A number in JSON, a whole one without a decimal point (`2`, `0.01`).
    static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : JSONRenderer.number(x) }

    /// The name a statement defines or gives a new value, if it does.
    static func definedName(_ s: Stmt) -> String? {
        switch s.kind {
        case .cell(let name, _), .equationCell(let name, _, _), .bind(let name, _), .model(let name, _): return name
        case .assign(let target, _): if case .name(let name) = target.kind { return name }
        default: break
        }
        return nil
    }

    /// Job `job`'s value of every axis, the last axis changing fastest (as nested loops in the order the axes are written).
    public func values(of job: Int) -> [AxisValue] {
        var rest = job
        var picked: [AxisValue] = []
        for axis in axes.reversed() {
            picked.append(axis.values[rest % axis.values.count])
            rest /= axis.values.count
        }
        return picked.reversed()
    }

    /// `variant = nig, seed = 2`: a job's values, as a person reads them.
    public func describe(_ job: Int) -> String {
        zip(axes, values(of: job)).map { "\($0.name) = \($1.text)" }.joined(separator: ", ")
    }

    /// The statements job `job` runs: the body with each axis's name replaced by the job's value of it.
    func statements(of job: Int) -> [Stmt] {
        let substitution = AxisSubstitution(Dictionary(uniqueKeysWithValues: zip(axes.map(\.name), values(of: job).map(\.expr))))
        return body.map(substitution.statement)
    }
}
