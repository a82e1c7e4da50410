import Kernel

/// A model in a session: layers (copies of cells, or cells made in place) and a linear read-out, with
/// the losses of its training so far.
public struct ModelSlot: Sendable {
    public internal(set) var layerNames: [String]
    public internal(set) var layerKinds: [String]
    public internal(set) var model: SequenceModel
    public internal(set) var losses: [Double] = []
    public internal(set) var testLosses: [Double] = []

    /// The fields of `m.layer` (the read-out is `linear`, with `W` and `b`).
    func layerValue(_ layer: String, _ field: String, name: String, at range: SourceRange, _ cx: Session.Context) throws(Diagnostic) -> Value {
        if layer == "linear", let r = model.readout {
            if field == "W" { return .matrix(r.W) }
            if field == "b" { return .vector(r.b) }
            throw cx.error("the read-out \(name).linear has W and b", range)
        }
        guard let k = layerNames.firstIndex(of: layer) else { throw unknownLayer(layer, name: name, at: range, cx) }
        guard let p = model.cells[k].parameter(field) else {
            throw cx.error("layer \(name).\(layer) has no parameter '\(field)'", range,
                           notes: [.init("its parameters: " + model.cells[k].parameters.map(\.name).joined(separator: " "))])
        }
        return Value(p)
    }

    func unknownLayer(_ layer: String, name: String, at range: SourceRange, _ cx: Session.Context) -> Diagnostic {
        cx.error("model \(name) has no layer '\(layer)'", range,
                 notes: [.init("its layers: " + (layerNames + (model.readout == nil ? [] : ["linear"])).joined(separator: " "))])
    }

    /// `m.losses`, `m.test_losses`, `m.loss`.
    func value(_ field: String, name: String, at range: SourceRange, _ cx: Session.Context) throws(Diagnostic) -> Value {
        switch field {
        case "losses": return .vector(losses.isEmpty ? [] : losses)
        case "test_losses": return .vector(testLosses)
        case "loss":
            guard let last = losses.last else { throw cx.error("\(name) has not been trained yet", range) }
            return .number(last)
        default:
            if layerNames.contains(field) || field == "linear" {
                throw cx.error("\(name).\(field) is a layer; read one of its parameters, like \(name).\(field).\(field == "linear" ? "W" : "W_f")", range)
            }
            throw cx.error("model \(name) has no field '\(field)'", range, notes: [.init("fields: losses test_losses loss, and its layers: " + layerNames.joined(separator: " "))])
        }
    }

    /// `m.layer.field = value`.
    mutating func set(layer: String, _ field: String, _ value: Value, name: String, at range: SourceRange, _ cx: Session.Context) throws(Diagnostic) {
        let current = try layerValue(layer, field, name: name, at: range, cx)
        guard current.shape == value.shape || (current.shape.count == 1 && value.shape == [1, current.shape[0]]) else {
            throw cx.error("\(name).\(layer).\(field) must be \(current.describe); got \(value.describe)", range)
        }
        if let bad = value.numbers.first(where: { !$0.isFinite }) { throw cx.error("\(name).\(layer).\(field) cannot hold \(bad)", range) }
        let m = Matrix(rows: current.shape.count == 2 ? current.shape[0] : 1, cols: current.shape.last ?? 1, storage: value.numbers)
        if layer == "linear" {
            if field == "W" { model.readout!.W = m } else { model.readout!.b = m.storage }
            return
        }
        let k = layerNames.firstIndex(of: layer)!
        do { try model.cells[k].setParameter(field, to: m) } catch { throw cx.error(error.description, range) }
    }
}

extension Session {
    func modelName(_ e: Expr, _ cx: Context) throws(Diagnostic) -> String {
        guard case .name(let n) = e.kind, models[n] != nil else {
            throw cx.error("expected the name of a model", e.range, notes: [.init("make one with: model m = c1 -> c2 -> linear(outputs: 1)")])
        }
        return n
    }

    /// `model m = l1 -> l2 -> linear(outputs: 1)`: cells by name (copied) or made in place, and an
    /// optional linear read-out last.
    func makeModel(_ layers: [Expr], at range: SourceRange, _ cx: Context) throws(Diagnostic) -> ModelSlot {
        var names: [String] = [], kinds: [String] = [], cells: [any RecurrentCell] = []
        var readout: Linear? = nil
        for (k, layer) in layers.enumerated() {
            if readout != nil { throw cx.error("the linear read-out must be the last layer", layer.range) }
            switch layer.kind {
            case .name(let n):
                guard let slot = self.cells[n] else { throw cx.error("no cell is called '\(n)'", layer.range) }
                names.append(n); kinds.append(slot.kind); cells.append(slot.cell)
            case .call("linear", let list):
                guard let previous = cells.last else { throw cx.error("a read-out needs a cell before it", layer.range) }
                let args = try Arguments(list, of: "linear", cx)
                let outputs = try size(args, "outputs", call: "linear", at: layer.range, cx)
                readout = Linear(inputs: previous.hidden, outputs: outputs, seed: try seed(args, cx))
            case .call:
                let slot = try makeBuiltinCell(layer, cx)
                names.append("layer\(k + 1)"); kinds.append(slot.kind); cells.append(slot.cell)
            default:
                throw cx.error("a layer is a cell's name, a cell like lstm(inputs: 1, hidden: 8), or linear(outputs: 1)", layer.range)
            }
            if cells.count > 1, readout == nil, cells[cells.count - 1].inputs != cells[cells.count - 2].hidden {
                throw cx.error("this layer takes \(cells[cells.count - 1].inputs) inputs but the layer before gives \(cells[cells.count - 2].hidden)", layer.range)
            }
        }
        guard !cells.isEmpty else { throw cx.error("a model needs at least one cell", range) }
        return ModelSlot(layerNames: names, layerKinds: kinds, model: SequenceModel(cells: cells, readout: readout))
    }
}
