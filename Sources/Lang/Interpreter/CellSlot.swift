import Kernel

/// A cell in a session: the kernel cell, its kind as the user wrote it, its state (batch 1), and every
/// step fed so far.
public struct CellSlot: Sendable {
    /// One step as it happened: the input, the state it read, and every intermediate.
    public struct Step: Sendable {
        public var x: [Double]
        public var before: [Matrix]
        public var intermediates: [Matrix]
    }

    /// The cell's kind as the language shows it ("lstm, coupled", "gru, pytorch", "equations", …).
    public var kind: String { cell.kind.description }
    public internal(set) var cell: any RecurrentCell
    public internal(set) var state: [Matrix]
    public internal(set) var steps: [Step] = []
    /// What the last `backward` computed.
    public internal(set) var gradients: Gradients?

    init(cell: any RecurrentCell) {
        self.cell = cell
        state = cell.zeroState()
    }

    mutating func step(_ x: [Double]) {
        let before = state
        let intermediates = cell.step(Matrix(row: x), state: &state)
        steps.append(Step(x: x, before: before, intermediates: intermediates))
        gradients = nil
    }

    /// Zero state, no steps.
    mutating func reset() {
        state = cell.zeroState()
        steps = []
        gradients = nil
    }

    /// Every field name, for messages and completion: parameters, state, the last step's intermediates.
    public var fieldNames: [String] {
        let base = cell.parameters.map(\.name) + cell.stateNames + cell.stateNames.map { $0 + "_{t-1}" } + cell.intermediateNames
            + ["x_t", "t"]
        guard gradients != nil else { return base }
        return base + cell.parameters.map { "d" + $0.name } + cell.stateNames.map { "d\($0)_0" } + ["dx_t"]
    }

    /// The value of `c.field`.
    func get(_ field: String, name: String) throws(SlotError) -> Value {
        if let p = cell.parameter(field) { return Value(p) }
        if let k = cell.stateNames.firstIndex(of: field) { return .vector(state[k].storage) }
        if field == "t" { return .number(Double(steps.count)) }
        if let g = gradientField(field) { return g }
        let isPrevious = field.hasSuffix("_{t-1}")
        if isPrevious || cell.intermediateNames.contains(field) || field == "x_t" {
            guard let last = steps.last else {
                throw SlotError(.notFedYet(name, field: field),
                                notes: [.init("feed it first, like feed \(name) "
                                    + "[\(Array(repeating: "0.5", count: cell.inputs).joined(separator: ", "))]")])
            }
            if field == "x_t" { return .vector(last.x) }
            if isPrevious, let k = cell.stateNames.firstIndex(of: String(field.dropLast(6))) { return .vector(last.before[k].storage) }
            if let k = cell.intermediateNames.firstIndex(of: field) { return .vector(last.intermediates[k].storage) }
        }
        throw unknownField(field, name: name)
    }

    func unknownField(_ field: String, name: String) -> SlotError {
        var notes = [Diagnostic.Note("\(name)'s fields: " + fieldNames.joined(separator: " "))]
        if cell.intermediateNames.contains(field + "_t") {
            notes.insert(.init("the step's value is \(name).\(field)_t"), at: 0)
        } else if let near = Spelling.suggestion(for: field, among: fieldNames) {
            notes.insert(.init("did you mean \(name).\(near)?"), at: 0)
        }
        return SlotError(.noField(kind, name, field), notes: notes)
    }

    /// `c.field = value`: a parameter or the state.
    mutating func set(_ field: String, _ value: Value, name: String) throws(SlotError) {
        let numbers = value.numbers
        if let bad = numbers.firstIndex(where: { !$0.isFinite }) {
            throw SlotError(.cannotHold("\(name).\(field)", numbers[bad]))
        }
        if let p = cell.parameter(field) {
            let m: Matrix
            switch value {
            case .vector(let v) where p.isVector: m = Matrix(row: v)
            case .matrix(let mm) where !p.isVector: m = mm
            case .vector(let v) where !p.isVector && p.value.rows == 1: m = Matrix(row: v)
            default:
                let want = p.isVector ? "a vector of \(p.value.cols)" : "a \(p.value.rows)×\(p.value.cols) matrix"
                throw SlotError(.parameterShape(field, want: want, got: value))
            }
            do { try cell.setParameter(field, to: m) } catch { throw SlotError(.shape(error)) }
            gradients = nil
            return
        }
        if let k = cell.stateNames.firstIndex(of: field) {
            guard case .vector(let v) = value, v.count == cell.hidden else {
                throw SlotError(.stateShape("\(name).\(field)", hidden: cell.hidden, got: value))
            }
            if !steps.isEmpty { state = cell.zeroState() }  // a new sequence: the other states start from zero too
            state[k] = Matrix(row: v)
            steps = []
            gradients = nil
            return
        }
        if (try? get(field, name: name)) != nil {
            throw SlotError(.computedField("\(name).\(field)"),
                            notes: [.init("parameters and the state (\(cell.stateNames.joined(separator: ", "))) can be set")])
        }
        throw unknownField(field, name: name)
    }

    /// `show c`: every intermediate of the last step, one row per hidden unit.
    func lastStepTable(name: String) throws(SlotError) -> Table {
        guard let last = steps.last else { throw SlotError(.notFedYet(name, nothingTo: "show")) }
        let rows = (0 ..< cell.hidden).map { j in (labels: ["[\(j)]"], numbers: last.intermediates.map { $0.storage[j] }) }
        return Table(title: "\(name): step \(steps.count)", caption: ("x", .vector(last.x)),
                     columns: ["unit"] + cell.intermediateNames, labelColumns: 1, rows: rows)
    }

    /// `trace c`: every step fed so far, every intermediate.
    func traceTable(name: String) throws(SlotError) -> Table {
        guard !steps.isEmpty else { throw SlotError(.notFedYet(name, nothingTo: "trace")) }
        var rows: [(labels: [String], numbers: [Double])] = []
        for (t, step) in steps.enumerated() {
            for j in 0 ..< cell.hidden {
                rows.append((labels: [j == 0 ? "\(t + 1)" : "", "[\(j)]"], numbers: step.intermediates.map { $0.storage[j] }))
            }
        }
        return Table(title: "\(name): " + steps.count.counting("step"), columns: ["t", "unit"] + cell.intermediateNames,
                     labelColumns: 2, rows: rows)
    }
}

extension CellSlot.Step {
    /// The first intermediate, in the order the step computes them, that holds NaN or an infinity: its name, the entry
    /// and the value.
    func firstNonFinite(_ cell: any RecurrentCell) -> (field: String, entry: Int, value: Double)? {
        for (k, m) in intermediates.enumerated() {
            if let j = m.storage.firstIndex(where: { !$0.isFinite }) { return (cell.intermediateNames[k], j, m.storage[j]) }
        }
        return nil
    }
}
