import Foundation
import Kernel

/// The last sequences each model ran (`predict`'s input, or `train`'s input with the weights training left), kept
/// so that its layers can be read as cells: `m.layer1.f_t`, `trace m.layer1`, `draw m.layer1`.
final class ModelRuns: @unchecked Sendable {
    /// What a model last ran, and which call ran it.
    struct Run { var input: Matrix; var by: String }

    private var runs: [String: Run] = [:]
    private let lock = NSLock()

    func copied() -> ModelRuns {
        let copy = ModelRuns()
        copy.runs = lock.withLock { runs }
        return copy
    }

    /// Numbers the inputs of the runs hold.
    var heldNumbers: Int { lock.withLock { runs.values.reduce(0) { $0 + $1.input.storage.count } } }

    subscript(model: String) -> Run? {
        get { lock.withLock { runs[model] } }
        set { lock.withLock { runs[model] = newValue } }
    }
}

extension Session {
    /// The cell an expression names: a cell (`c`), or a model's layer (`m.layer1`) as it ran on row `m.row` of the
    /// last sequences the model ran; with a description of that run for titles.
    func cellView(_ e: Expr, _ cx: Context) throws(Diagnostic) -> (name: String, slot: CellSlot, ran: String?) {
        if case .field(let base, let layer) = e.kind, case .name(let m) = base.kind, let model = models[m] {
            let name = cx.file.text(of: e.range)
            guard let k = model.layerNames.firstIndex(of: layer) else {
                let error = model.unknownLayer(layer, name: m)
                throw cx.error(error.message, e.range, notes: error.notes)
            }
            guard let run = runs[m] else {
                throw cx.error(.modelNotRunYet(m), e.range, notes: [.init("predict(\(m), X) or train \(m) … runs it")])
            }
            let row = min(model.row, run.input.rows - 1)
            let perStep = model.model.cells.prefix(k + 1).reduce(0.0) { $0 + CellSlot.numbersPerStep($1) }
            try reserve(Double(run.input.cols) * perStep, for: "the layer's steps", at: e.range, cx)
            let which = run.input.rows == 1 ? "on \(run.by)"
                : "row \(row) of \(run.input.rows) of \(run.by) (pick another with \(m).row = …)"
            guard let view = model.layerView(k, row: run.input.row(row), shouldStop: shouldStop) else {
                throw cx.error(.interrupted, e.range)
            }
            return (name, view, which)
        }
        let name = try cellName(e, cx)
        return (name, cells[name]!, nil)
    }
}

extension ModelSlot {
    /// Layer k as a cell fed one sequence of the model's input: every step's input, state and intermediates
    /// (nil when `shouldStop` said stop between two steps).
    func layerView(_ k: Int, row xs: [Double], shouldStop: () -> Bool) -> CellSlot? {
        var slots = model.cells.prefix(k + 1).map { CellSlot(cell: $0) }
        for x in xs {
            if shouldStop() { return nil }
            var input = [x]
            for j in slots.indices {
                slots[j].step(input)
                input = slots[j].state[0].storage
            }
        }
        return slots[k]
    }
}
