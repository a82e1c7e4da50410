import Kernel

/// Limits that refuse sizes before anything large is allocated.
public enum Limits {
    /// Largest `inputs` or `hidden` of a cell.
    public static let width = 4096
    /// Most numbers in one cell's parameters.
    public static let parameters = 20_000_000
}

extension Session {
    /// The labelled arguments of a constructor, checked against what it accepts.
    struct Arguments {
        var values: [String: Argument] = [:]

        init(_ args: [Argument], accepted: [String], call: String, _ cx: Session.Context) throws(Diagnostic) {
            for a in args {
                guard let label = a.label else {
                    throw cx.error(.unlabelled(call), a.value.range)
                }
                guard accepted.contains(label) else {
                    throw cx.error(.unknownLabel(call, label), a.labelRange ?? a.value.range,
                                   notes: [.init("it takes: " + accepted.joined(separator: ", "))])
                }
                guard values[label] == nil else { throw cx.error(.labelTwice(label), a.labelRange ?? a.value.range) }
                values[label] = a
            }
        }

        /// The arguments of the built-in `name`, checked against the labels the catalogue gives it.
        init(_ args: [Argument], of name: String, _ cx: Session.Context) throws(Diagnostic) {
            try self.init(args, accepted: Builtins.named(name)?.labels ?? [], call: name, cx)
        }
    }

    func size(_ args: Arguments, _ label: String, call: String, at range: SourceRange, _ cx: Context) throws(Diagnostic) -> Int {
        guard let a = args.values[label] else {
            throw cx.error(.needsSize(call, label), range, notes: [.init("for example \(call)(inputs: 1, hidden: 2)")])
        }
        guard case .number(let n) = try evaluate(a.value, cx), n == n.rounded(), n >= 1 else {
            throw cx.error(.sizeNotWhole(label), a.value.range)
        }
        guard n <= Double(Limits.width) else {
            throw cx.error(.sizeTooLarge(label, n), a.value.range)
        }
        return Int(n)
    }

    func seed(_ args: Arguments, _ cx: Context) throws(Diagnostic) -> UInt64 {
        guard let a = args.values["seed"] else { return defaultSeed }
        guard case .number(let n) = try evaluate(a.value, cx), n == n.rounded(), n >= 0, n < 1e18 else {
            throw cx.error(.badSeed, a.value.range)
        }
        return UInt64(n)
    }

    /// Names listed in brackets, like `peephole: [f, i, o]`.
    func names(_ a: Argument, allowed: [String], _ cx: Context) throws(Diagnostic) -> [String] {
        guard case .list(let items) = a.value.kind else {
            throw cx.error(.expectedGateList, a.value.range)
        }
        var out: [String] = []
        for item in items {
            guard case .name(let n) = item.kind, allowed.contains(n) else {
                throw cx.error(.expectedOneOf(allowed), item.range)
            }
            out.append(n)
        }
        return out
    }

    func word(_ a: Argument, allowed: [String], _ cx: Context) throws(Diagnostic) -> String {
        guard case .name(let n) = a.value.kind, allowed.contains(n) else {
            throw cx.error(.expectedOneOf(allowed), a.value.range)
        }
        return n
    }

    /// `lstm(…)`, `gru(…)`, `rnn(…)`.
    func makeBuiltinCell(_ e: Expr, _ cx: Context) throws(Diagnostic) -> CellSlot {
        guard case .call(let kind, let list) = e.kind else { throw cx.error(.expectedCellConstructor, e.range) }
        guard Builtins.named(kind)?.role == .cell else {
            throw cx.error(.unknownCellKind(kind), e.range,
                notes: [.init("the kinds are \(Builtins.names(.cell).listed); "
                    + "or write the equations: cell v(inputs: 1, hidden: 2) { … }")])
        }
        let args = try Arguments(list, of: kind, cx)
        let X = try size(args, "inputs", call: kind, at: e.range, cx), H = try size(args, "hidden", call: kind, at: e.range, cx)
        let seed = try seed(args, cx)
        let cell: any RecurrentCell, layout: [ParameterShape]
        switch kind {
        case "lstm":
            var options = LSTMOptions()
            if let a = args.values["coupled"] {
                guard case .boolean(let b) = try evaluate(a.value, cx) else { throw cx.error(.trueOrFalse("coupled"), a.value.range) }
                options.coupled = b
            }
            if let a = args.values["peephole"] {
                let gates = try names(a, allowed: options.coupled ? ["f", "o"] : ["f", "i", "o"], cx)
                options.peepholes = Set(gates.compactMap(LSTMGate.init(rawValue:)))
            }
            if let a = args.values["peephole_form"] {
                options.peepholeForm = try word(a, allowed: ["full", "diagonal"], cx) == "full" ? .full : .diagonal
            }
            layout = LSTMCell.parameterLayout(inputs: X, hidden: H, options: options)
            try checkSize(layout, kind: kind, inputs: X, hidden: H, at: e.range, cx)
            cell = LSTMCell(inputs: X, hidden: H, options: options, seed: seed)
        case "gru":
            let written = try args.values["convention"].map { a throws(Diagnostic) in try word(a, allowed: ["olah", "pytorch"], cx) }
            let convention: GRUCell.Convention = written == "pytorch" ? .pytorch : .olah
            layout = GRUCell.parameterLayout(inputs: X, hidden: H, convention: convention)
            try checkSize(layout, kind: kind, inputs: X, hidden: H, at: e.range, cx)
            cell = GRUCell(inputs: X, hidden: H, convention: convention, seed: seed)
        default:
            layout = RNNCell.parameterLayout(inputs: X, hidden: H)
            try checkSize(layout, kind: kind, inputs: X, hidden: H, at: e.range, cx)
            cell = RNNCell(inputs: X, hidden: H, seed: seed)
        }
        return CellSlot(cell: cell)
    }

    /// Refuses a cell whose parameters, as the kernel lays them out, exceed the session's budget.
    func checkSize(_ layout: [ParameterShape], kind: String, inputs X: Int, hidden H: Int, at range: SourceRange,
                   _ cx: Context) throws(Diagnostic) {
        let total = layout.reduce(0) { $0 + $1.count }
        guard total <= Limits.parameters else {
            throw cx.error(.cellTooLarge(kind, hidden: H, inputs: X, weights: total), range)
        }
        let copies = kind.hasPrefix("lstm") ? LSTMCell.copiesOfParameters : kind.hasPrefix("gru") ? GRUCell.copiesOfParameters : 1
        try reserve(Double(total * copies), for: "the cell's parameters", at: range, cx)
    }

    /// `cell v(inputs: 1, hidden: 2) { … }`, and the checker's warnings.
    func makeEquationCell(_ list: [Argument], _ equations: [EquationLine], _ range: SourceRange,
        _ cx: Context) throws(Diagnostic) -> (CellSlot, [Diagnostic]) {
        let args = try Arguments(list, of: "rnn", cx)  // an equation cell takes what a plain cell does
        let X = try size(args, "inputs", call: "cell", at: range, cx), H = try size(args, "hidden", call: "cell", at: range, cx)
        let (program, warnings) = try EquationChecker.check(file: cx.file, inputs: X, hidden: H, equations: equations, at: range)
        let total = program.parameters.reduce(0) { $0 + $1.rows * $1.cols }
        guard total <= Limits.parameters else { throw cx.error(.equationCellTooLarge, range) }
        try reserve(Double(total), for: "the cell's parameters", at: range, cx)
        return (CellSlot(cell: EquationCell(program: program, seed: try seed(args, cx))), warnings)
    }
}
