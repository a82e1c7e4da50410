import Kernel

/// A session of the command language: the names defined so far, the cells and their state, the display
/// precision. Running source returns outputs; an error stops the run and is returned as a diagnostic.
public struct Session: Sendable {
    /// Decimals shown for numbers (the `precision` statement).
    public internal(set) var digits = 4
    /// Entries of a long value shown before the middle is left out (the `entries` statement; 0 shows all).
    public internal(set) var entries = 100
    var display: Display { Display(digits: digits, entries: entries) }
    /// `let` values by name.
    public internal(set) var values: [String: Value] = [:]
    /// Cells by name.
    public internal(set) var cells: [String: CellSlot] = [:]
    /// Models by name.
    public internal(set) var models: [String: ModelSlot] = [:]
    /// For a value bound to `predict(…, future: N)`, the step where the prediction starts feeding on itself.
    var predictionStarts: [String: Int] = [:]
    /// What each model last ran, for reading its layers as cells.
    private(set) var runs = ModelRuns()
    /// Sees every output the moment it is made (a terminal shows training as it goes); outputs are
    /// also returned at the end of the run, except progress, which only the sink sees.
    public var sink: (@Sendable (Output) -> Void)? = nil
    /// Names in the order they were first defined.
    public internal(set) var order: [String] = []
    /// The names in `order`, to ask in constant time whether one is new.
    private var ordered: Set<String> = []
    /// During an atomic run, how many of `order` were defined before it (the rest go if it fails).
    var namesThatLast: Int?
    /// The names a message may offer: those that outlast the command being run.
    var lastingNames: [String] { Array(order.prefix(namesThatLast ?? order.count)) }
    /// The seed of cells created without `seed:` (a notebook's front matter may set it).
    public var defaultSeed: UInt64 = 0
    /// How many numbers (8 bytes each) the session may hold at once; what would pass it is refused up front.
    public var budget = Limits.sessionNumbers
    /// When to count the session's holdings again.
    let ledger = BudgetLedger()
    /// Asked between the steps of a long command; true stops it at that step boundary.
    public var shouldStop: @Sendable () -> Bool = { false }
    /// What the last `train` fitted: a sweep's job reports on it.
    public internal(set) var lastTraining: TrainingRecord?
    /// When set, `train` checks its arguments and stops before its first step (a sweep checks every job this way first).
    var checkOnly = false

    public init(digits: Int = 4, defaultSeed: UInt64 = 0) {
        self.digits = digits
        self.defaultSeed = defaultSeed
    }

    /// A copy that shares nothing with this session: what either runs later leaves the other as it was.
    public func forked() -> Session {
        var copy = self
        copy.runs = runs.copied()
        return copy
    }

    /// What one run produced: the outputs of every statement that ran, and the error that stopped it.
    public struct Result: Sendable {
        public var outputs: [Output]
        public var error: Diagnostic?
    }

    /// Parses and runs `file`. Statements run in order until one fails; with `atomic`, a failure also
    /// undoes everything this run changed (the REPL's rule: a failed command leaves the state as it was).
    public mutating func run(_ file: SourceFile, atomic: Bool = false) -> Result {
        do throws(Diagnostic) {
            return run(try Parser.parse(file), in: file, atomic: atomic)
        } catch {
            return Result(outputs: [], error: error)
        }
    }

    /// Runs statements already parsed from `file` (a sweep's job runs its script's statements with the axes' values in them).
    public mutating func run(_ statements: [Stmt], in file: SourceFile, atomic: Bool = false) -> Result {
        let saved = self
        // What a failed atomic run leaves defined: messages name only these.
        namesThatLast = atomic ? order.count : nil
        defer { namesThatLast = nil }
        var outputs: [Output] = []
        do throws(Diagnostic) {
            for (k, statement) in statements.enumerated() {
                // Ctrl-C during a statement stops the script there, not only that statement.
                if k > 0 && shouldStop() { throw Diagnostic(.stoppedBefore, at: statement.range, in: file) }
                var context = Context(file: file, sink: sink)
                defer { outputs += context.outputs }
                for warning in TimeLikeSubtraction.warnings(statement, in: file) { context.emit(.warning(warning)) }
                try execute(statement, &context)
            }
            return Result(outputs: outputs, error: nil)
        } catch {
            // A Ctrl-C between statements fails nothing: what ran before it stays (a stopped feed keeps its steps).
            if atomic && error.id != Message.stoppedBefore.id { self = saved.keepingSink(of: self) }
            return Result(outputs: outputs, error: error)
        }
    }

    /// The session as it was, with this one's sink and stop check (a failed command undoes state only).
    func keepingSink(of other: Session) -> Session {
        var s = self
        s.sink = other.sink
        s.shouldStop = other.shouldStop
        return s
    }

    /// Where a statement runs: its file (for diagnostics) and what it outputs.
    struct Context {
        let file: SourceFile
        let sink: (@Sendable (Output) -> Void)?
        /// Shared by every copy of the context, so an expression (which gets the context by value) can warn too.
        private let collected = OutputList()
        var outputs: [Output] { collected.items }

        init(file: SourceFile, sink: (@Sendable (Output) -> Void)? = nil) {
            self.file = file
            self.sink = sink
        }

        /// Hands an output on: to the sink at once, and (unless it is progress) to the run's outputs.
        func emit(_ output: Output) {
            sink?(output)
            if case .progress = output { return }
            collected.items.append(output)
        }

        /// Warns that `what` holds a NaN or an infinity: the numbers grew past what Float64 holds.
        func warnNonFinite(_ what: Message, at range: SourceRange, backward: Bool = false) {
            let note = backward ? "a gradient grew past what Float64 holds (about 1.8e308) on its way back through the steps"
                : "the numbers grew past what Float64 holds (about 1.8e308); every later step carries it on"
            emit(.warning(Diagnostic(what, at: range, in: file, notes: [.init(note)], severity: .warning)))
        }

        /// Warns at the first entry of `m` that is NaN or infinite, if any: `what(row, column, value)`.
        func warnAtFirstNonFinite(_ m: Matrix, at range: SourceRange, backward: Bool = false,
                                  _ what: (Int, Int, Double) -> Message) {
            guard let k = m.storage.firstIndex(where: { !$0.isFinite }) else { return }
            warnNonFinite(what(k / m.cols, k % m.cols, m.storage[k]), at: range, backward: backward)
        }

        func error(_ message: Message, _ range: SourceRange, notes: [Diagnostic.Note] = []) -> Diagnostic {
            Diagnostic(message, at: range, in: file, notes: notes)
        }

        /// Runs a slot's work; what it throws becomes a diagnostic at `range`.
        func at<T>(_ range: SourceRange, _ body: () throws(SlotError) -> T) throws(Diagnostic) -> T {
            do { return try body() } catch { throw self.error(error.message, range, notes: error.notes) }
        }
    }

    /// The outputs of one statement, in order.
    final class OutputList {
        var items: [Output] = []
    }

    mutating func define(_ name: String) { if ordered.insert(name).inserted { order.append(name) } }

    mutating func execute(_ s: Stmt, _ cx: inout Context) throws(Diagnostic) {
        switch s.kind {
        case let .cell(name, constructor):
            try checkFree(name, s.nameRange ?? s.range, cx, allowCell: true)
            cells[name] = try makeBuiltinCell(constructor, cx)
            values[name] = nil
            define(name)
        case let .equationCell(name, arguments, equations):
            try checkFree(name, s.nameRange ?? s.range, cx, allowCell: true)
            let (slot, warnings) = try makeEquationCell(arguments, equations, s.range, cx)
            cells[name] = slot
            values[name] = nil
            define(name)
            for warning in warnings { cx.emit(.warning(warning)) }
            if let cell = slot.cell as? EquationCell { cx.emit(.cellSummary(CellSummary(name: name, cell: cell))) }
        case let .bind(name, value):
            try checkFree(name, s.nameRange ?? s.range, cx, allowCell: false)
            let bound = try evaluate(value, cx)
            values[name] = bound
            predictionStarts[name] = predictionStart(of: value, length: bound.shape.last ?? 0, cx)
            define(name)
        case let .assign(target, value):
            try assign(target, try evaluate(value, cx), cx)
        case let .feed(cellExpr, input):
            let name = try cellName(cellExpr, cx)
            try feed(name, try evaluate(input, cx), at: input.range, &cx)
        case .print(let items):
            for item in items { cx.emit(try printed(item, cx)) }
        case .expression(let e):
            cx.emit(try printed(e, cx))
        case .show(let e):
            let (name, slot, ran) = try cellView(e, cx)
            if let ran { cx.emit(.note("\(name): " + ran)) }
            cx.emit(.table(try cx.at(e.range) { () throws(SlotError) in try slot.lastStepTable(name: name) }, display: display))
        case .trace(let e):
            let (name, slot, ran) = try cellView(e, cx)
            if let ran { cx.emit(.note("\(name): " + ran)) }
            cx.emit(.table(try cx.at(e.range) { () throws(SlotError) in try slot.traceTable(name: name) }, display: display))
        case .reset(let e):
            let name = try cellName(e, cx)
            cells[name]!.reset()
        case let .model(name, layers):
            try checkFree(name, s.nameRange ?? s.range, cx, allowCell: false)
            guard cells[name] == nil else { throw cx.error(.cellNameForModel(name), s.nameRange ?? s.range) }
            models[name] = try makeModel(layers, at: s.range, cx)
            runs[name] = nil
            values[name] = nil
            define(name)
        case let .train(modelExpr, arguments):
            try train(try modelName(modelExpr, cx), arguments, at: s.range, &cx)
        case let .plot(items, file):
            try plot(items, file: file, at: s.range, &cx)
        case let .draw(target, request):
            try draw(target, request, at: s.range, &cx)
        case let .heatmap(e, file):
            try heatmap(e, file: file, at: s.range, &cx)
        case let .save(modelExpr, file):
            let name = try modelName(modelExpr, cx)
            try saveWeights(name, to: file, at: s.range, &cx)
        case let .load(modelExpr, file):
            let name = try modelName(modelExpr, cx)
            try loadWeights(name, from: file, at: s.range, &cx)
        case .sweep:
            throw cx.error(.sweepOutsideSweep, s.range,
                           notes: [.init("put the axes at the top of a script and run it with: lstm sweep FILE --output DIR")])
        case let .backward(cellExpr, seeds):
            let name = try cellName(cellExpr, cx)
            try backward(name, seeds, at: s.range, cx)
        case .precision(let e):
            guard case .number(let n) = try evaluate(e, cx), n == n.rounded(), n >= 0, n <= 17 else {
                throw cx.error(.precisionRange, e.range)
            }
            digits = Int(n)
        case .entries(let e):
            guard case .number(let n) = try evaluate(e, cx), n == n.rounded(), n >= 0, n <= 1_000_000_000 else {
                throw cx.error(.entriesRange, e.range)
            }
            entries = Int(n)
        }
    }

    func checkFree(_ name: String, _ range: SourceRange, _ cx: Context, allowCell: Bool) throws(Diagnostic) {
        if Builtins.names.contains(name) || ["true", "false"].contains(name) || Parser.keywords.contains(name) {
            throw cx.error(.reservedName(name), range)
        }
        if cells[name] != nil && !allowCell {
            throw cx.error(.letOverCell(name), range)
        }
        if models[name] != nil {
            throw cx.error(.nameIsModel(name), range)
        }
    }

    /// The output of printing an expression: its text, its value, and the step of the cell it reads.
    func printed(_ e: Expr, _ cx: Context) throws(Diagnostic) -> Output {
        let value = try evaluate(e, cx)
        let step = firstCell(in: e).flatMap { cells[$0]?.steps.count }
        var shown = display
        if case .field(_, "t") = e.kind { shown.digits = 0 }  // a count (a cell's t) prints as the whole number it is
        return .value(label: cx.file.text(of: e.range), value: value, step: step, display: shown)
    }

    /// The first cell an expression reads a field of.
    func firstCell(in e: Expr) -> String? {
        switch e.kind {
        case .field(let base, _): if case .name(let n) = base.kind, cells[n] != nil { return n }; return firstCell(in: base)
        case .number, .boolean, .name, .string: return nil
        case .range(let a, let b): return a.flatMap(firstCell) ?? b.flatMap(firstCell)
        case .list(let items): return items.lazy.compactMap(firstCell).first
        case .negate(let a): return firstCell(in: a)
        case .index(let a, let parts): return firstCell(in: a) ?? parts.lazy.compactMap(firstCell).first
        case .binary(_, let a, let b): return firstCell(in: a) ?? firstCell(in: b)
        case .call(_, let args): return args.lazy.compactMap { firstCell(in: $0.value) }.first
        }
    }

    func cellName(_ e: Expr, _ cx: Context) throws(Diagnostic) -> String {
        guard case .name(let n) = e.kind else { throw cx.error(.expectedCellName, e.range) }
        guard cells[n] != nil else {
            let message: Message = values[n].map { .notACell(n, $0) } ?? .noSuchCell(n)
            throw cx.error(message, e.range,
                notes: cells.isEmpty ? [.init("define one with: cell c = lstm(inputs: 1, hidden: 2)")] : [.init("cells: "
                    + cells.keys.sorted().joined(separator: ", "))])
        }
        return n
    }

    mutating func assign(_ target: Expr, _ value: Value, _ cx: Context) throws(Diagnostic) {
        switch target.kind {
        case .name(let n):
            guard values[n] != nil else {
                throw cx.error(cells[n] != nil ? .assignToCell(n) : .assignUndefined(n), target.range)
            }
            values[n] = value
        case .field(let base, let field):
            if case .name(let m) = base.kind, field == "row", models[m] != nil {
                guard case .number(let r) = value, r == r.rounded(), r >= 0, r < 1e9 else { throw cx.error(.modelRow, target.range) }
                models[m]!.row = Int(r)
                return
            }
            if case .field(let modelExpr, let layer) = base.kind, case .name(let m) = modelExpr.kind, models[m] != nil {
                return try cx.at(target.range) { () throws(SlotError) in try models[m]!.set(layer: layer, field, value, name: m) }
            }
            let name = try cellName(base, cx)
            try cx.at(target.range) { () throws(SlotError) in try cells[name]!.set(field, value, name: name) }
        default:
            throw cx.error(.notAssignable, target.range)
        }
    }

    /// Feeds one input vector, or a sequence (a matrix, one row per step), stopping early if asked.
    mutating func feed(_ name: String, _ input: Value, at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        let X = cells[name]!.cell.inputs
        let steps = if case .matrix(let m) = input { m.rows } else { 1 }
        try reserve(Double(steps) * CellSlot.numbersPerStep(cells[name]!.cell), for: "keeping \(steps.counting("step"))", at: range, cx)
        let rows: [[Double]]
        switch input {
        case .vector(let v): rows = [v]
        case .matrix(let m): rows = m.nested
        case .number(let x): rows = [[x]]
        case .boolean: throw cx.error(.feedTakesNumbers, range)
        }
        for (t, row) in rows.enumerated() {
            guard row.count == X else {
                throw cx.error(.feedWidth(name, inputs: X, got: input, rowWidth: rows.count > 1 ? row.count : nil), range)
            }
            if let bad = row.firstIndex(where: { !$0.isFinite }) {
                throw cx.error(.feedNotFinite(row[bad], step: t + 1, entry: bad), range)
            }
        }
        var warnedNonFinite = false
        for (t, row) in rows.enumerated() {
            if t > 0 && shouldStop() {
                cx.emit(.note("stopped after \(t) of \(rows.count) steps; \(name) is at t = \(cells[name]!.steps.count)"))
                return
            }
            cells[name]!.step(row)
            if !warnedNonFinite, let (field, entry, x) = cells[name]!.steps.last!.firstNonFinite(cells[name]!.cell) {
                warnedNonFinite = true
                cx.warnNonFinite(.becameNonFinite("\(name).\(field)", step: cells[name]!.steps.count, entry: entry, x), at: range)
            }
        }
    }
}
