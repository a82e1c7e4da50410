import Kernel

extension Limits {
    /// Numbers (8 bytes each) one session may hold at once — values, cells, models and what a command is about
    /// to make — all together: 2 GiB.
    public static let sessionNumbers = 1 << 28
    /// Numbers a session may make between two recounts of what it holds (a recount walks every name).
    static let recountEvery = 1 << 20
}

/// How many numbers were reserved since the session's holdings were last counted (shared by a session's copies:
/// it only says when to count again, never what is held).
final class BudgetLedger: @unchecked Sendable {
    var sinceCount = 0.0
}

extension Value {
    /// How many numbers the value holds.
    var size: Int {
        switch self {
        case .number, .boolean: 1
        case .vector(let v): v.count
        case .matrix(let m): m.storage.count
        }
    }
}

extension CellSlot {
    /// Numbers one step keeps: its input, the state it read and every intermediate (N rows of each).
    static func numbersPerStep(_ cell: any RecurrentCell, rows: Int = 1) -> Double {
        Double(rows) * Double(cell.inputs + (cell.stateNames.count + cell.intermediateNames.count) * cell.hidden)
    }

    /// Numbers the slot holds: parameters, state, every step kept and the last gradients.
    var size: Int {
        let parameters = cell.storedNumbers
        let kept = steps.reduce(0) { total, step in
            total + step.x.count + (step.before + step.intermediates).reduce(0) { $0 + $1.storage.count }
        }
        let grads = gradients.map { g in (Array(g.parameters.values) + g.initial + g.xs).reduce(0) { $0 + $1.storage.count } } ?? 0
        return parameters + state.reduce(0) { $0 + $1.storage.count } + kept + grads
    }
}

extension ModelSlot {
    /// Numbers the model holds: its cells, read-out, losses and kept predictions.
    var size: Int {
        model.cells.reduce(0) { $0 + $1.storedNumbers } + (model.readout.map { $0.W.storage.count + $0.b.count } ?? 0)
            + losses.count + testLosses.count + predictions.reduce(0) { $0 + $1.count }
    }
}

extension Session {
    /// Every number the session holds now.
    public var heldNumbers: Int {
        values.values.reduce(0) { $0 + $1.size } + cells.values.reduce(0) { $0 + $1.size }
            + models.values.reduce(0) { $0 + $1.size } + runs.heldNumbers
    }

    /// Refuses, before anything is allocated, a command that would make `numbers` more numbers than the session's
    /// budget leaves room for. `what` says what they are for, in the error.
    func reserve(_ numbers: Double, for what: String, at range: SourceRange, _ cx: Context) throws(Diagnostic) {
        guard numbers <= Double(budget) else {
            throw cx.error(.overBudget(what, needs: numbers, held: nil, budget: budget), range, notes: [.init(Self.budgetAdvice)])
        }
        ledger.sinceCount += numbers
        guard numbers >= Double(Limits.recountEvery) || ledger.sinceCount >= Double(Limits.recountEvery) else { return }
        ledger.sinceCount = 0
        let held = heldNumbers
        guard Double(held) + numbers <= Double(budget) else {
            throw cx.error(.overBudget(what, needs: numbers, held: held, budget: budget), range, notes: [.init(Self.budgetAdvice)])
        }
    }

    static let budgetAdvice = "make it smaller, or free memory: let a name hold something small, reset a cell, start a new session"
}
