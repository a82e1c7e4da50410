import Kernel

/// A model in a session: layers (copies of cells, or cells made in place) and a linear read-out, with
/// the losses of its training so far.
public struct ModelSlot: Sendable {
    public internal(set) var layerNames: [String]
    /// Each layer's kind as the language shows it.
    public var layerKinds: [String] { model.cells.map { $0.kind.description } }
    public internal(set) var model: SequenceModel
    public internal(set) var losses: [Double] = []
    public internal(set) var testLosses: [Double] = []
    /// After `train … future: N`: per step, the prediction of the first test sequence and N steps past it.
    public internal(set) var predictions: [[Double]] = []
    /// The step where those predictions start feeding on themselves (the test sequence's length).
    public internal(set) var predictedFrom = 0
    /// Which sequence of the last batch its layers show when read as cells (`m.row = 2`).
    public internal(set) var row = 0

    /// The fields of `m.layer` (the read-out is `linear`, with `W` and `b`).
    func layerValue(_ layer: String, _ field: String, name: String) throws(SlotError) -> Value {
        if layer == "linear", let r = model.readout {
            if field == "W" { return .matrix(r.W) }
            if field == "b" { return .vector(r.b) }
            throw SlotError(.readoutFields(name))
        }
        guard let k = layerNames.firstIndex(of: layer) else { throw unknownLayer(layer, name: name) }
        guard let p = model.cells[k].parameter(field) else {
            throw SlotError(.noLayerParameter(name, layer, field),
                            notes: [.init("its parameters: " + model.cells[k].parameters.map(\.name).joined(separator: " "))])
        }
        return Value(p)
    }

    func unknownLayer(_ layer: String, name: String) -> SlotError {
        SlotError(.noLayer(name, layer),
                  notes: [.init("its layers: " + (layerNames + (model.readout == nil ? [] : ["linear"])).joined(separator: " "))])
    }

    /// `m.losses`, `m.test_losses`, `m.loss`.
    func value(_ field: String, name: String) throws(SlotError) -> Value {
        switch field {
        case "losses": return .vector(losses.isEmpty ? [] : losses)
        case "test_losses": return .vector(testLosses)
        case "predictions":
            guard let width = predictions.first?.count else { throw SlotError(.noPredictions(name)) }
            return .matrix(Matrix(rows: predictions.count, cols: width, storage: predictions.flatMap { $0 }))
        case "row": return .number(Double(row))
        case "loss":
            guard let last = losses.last else { throw SlotError(.notTrainedYet(name)) }
            return .number(last)
        default:
            if layerNames.contains(field) || field == "linear" {
                throw SlotError(.layerIsNotAValue(name, field))
            }
            throw SlotError(.noModelField(name, field),
                notes: [.init("fields: losses test_losses predictions loss, and its layers: " + layerNames.joined(separator: " "))])
        }
    }

    /// `m.layer.field = value`.
    mutating func set(layer: String, _ field: String, _ value: Value, name: String) throws(SlotError) {
        let current = try layerValue(layer, field, name: name)
        guard current.shape == value.shape || (current.shape.count == 1 && value.shape == [1, current.shape[0]]) else {
            throw SlotError(.layerParameterShape("\(name).\(layer).\(field)", want: current, got: value))
        }
        if let bad = value.numbers.first(where: { !$0.isFinite }) { throw SlotError(.cannotHold("\(name).\(layer).\(field)", bad)) }
        let m = Matrix(rows: current.shape.count == 2 ? current.shape[0] : 1, cols: current.shape.last ?? 1, storage: value.numbers)
        if layer == "linear" {
            if field == "W" { model.readout!.W = m } else { model.readout!.b = m.storage }
            return
        }
        let k = layerNames.firstIndex(of: layer)!
        do { try model.cells[k].setParameter(field, to: m) } catch { throw SlotError(.shape(error)) }
    }
}

extension Session {
    func modelName(_ e: Expr, _ cx: Context) throws(Diagnostic) -> String {
        guard case .name(let n) = e.kind, models[n] != nil else {
            throw cx.error(.expectedModelName, e.range, notes: [.init("make one with: model m = c1 -> c2 -> linear(outputs: 1)")])
        }
        return n
    }

    /// `model m = l1 -> l2 -> linear(outputs: 1)`: cells by name (copied) or made in place, and an
    /// optional linear read-out last.
    func makeModel(_ layers: [Expr], at range: SourceRange, _ cx: Context) throws(Diagnostic) -> ModelSlot {
        var names: [String] = [], cells: [any RecurrentCell] = []
        var readout: Linear? = nil
        for (k, layer) in layers.enumerated() {
            if readout != nil { throw cx.error(.readoutNotLast, layer.range) }
            switch layer.kind {
            case .name(let n):
                guard let slot = self.cells[n] else { throw cx.error(.noSuchCell(n), layer.range) }
                names.append(n); cells.append(slot.cell)
            case .call("linear", let list):
                guard let previous = cells.last else { throw cx.error(.readoutFirst, layer.range) }
                let args = try Arguments(list, of: "linear", cx)
                let outputs = try size(args, "outputs", call: "linear", at: layer.range, cx)
                readout = Linear(inputs: previous.hidden, outputs: outputs, seed: try seed(args, cx))
            case .call:
                let slot = try makeBuiltinCell(layer, cx)
                names.append("layer\(k + 1)"); cells.append(slot.cell)
            default:
                throw cx.error(.badLayer, layer.range)
            }
            if cells.count > 1, readout == nil, cells[cells.count - 1].inputs != cells[cells.count - 2].hidden {
                throw cx.error(.layerWidths(takes: cells[cells.count - 1].inputs, given: cells[cells.count - 2].hidden), layer.range)
            }
        }
        guard !cells.isEmpty else { throw cx.error(.emptyModel, range) }
        return ModelSlot(layerNames: names, model: SequenceModel(cells: cells, readout: readout))
    }
}
