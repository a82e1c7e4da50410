import Foundation
import Kernel

/// A model's weights as JSON (written atomically):
///
///     {"format": "lstm-weights", "version": 1,
///      "layers": [{"name": "l1", "kind": "lstm", "inputs": 1, "hidden": 51,
///                  "parameters": {"W_f": [[…]], "b_f": […], …}}, …],
///      "readout": {"W": [[…]], "b": […]}}
///
/// Every W is in the course's layout (rows = hidden units, columns = what it multiplies); numbers are
/// written in their shortest exact form, so a save and a load give back the same bits. A load also
/// takes the JSON that ../shared/bench/torch_timeseq.py --dump writes (layers `lstm1`, `lstm2`, `linear`).
struct WeightsFile: Codable {
    /// A vector or a matrix.
    enum Numbers: Codable {
        case vector([Double]), matrix([[Double]])

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let m = try? c.decode([[Double]].self) { self = .matrix(m) } else { self = .vector(try c.decode([Double].self)) }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .vector(let v): try c.encode(v)
            case .matrix(let m): try c.encode(m)
            }
        }

        var matrix: Matrix {
            switch self {
            case .vector(let v): return Matrix(row: v)
            case .matrix(let m): return m.allSatisfy({ $0.count == m.first?.count }) ? Matrix(m) : Matrix(rows: 0, cols: 0)
            }
        }
    }

    struct Layer: Codable {
        var name: String
        var kind: String
        var inputs: Int
        var hidden: Int
        var parameters: [String: Numbers]
    }

    var format = "lstm-weights"
    var version = 1
    var layers: [Layer]
    var readout: [String: Numbers]?

    /// The dump of PyTorch's time-sequence example.
    struct TorchDump: Codable {
        var data: [[Double]]?
        var lstm1: [String: Numbers]?
        var lstm2: [String: Numbers]?
        var linear: [String: Numbers]?
    }

    static func read(_ path: String, at range: SourceRange, _ cx: Session.Context) throws(Diagnostic) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw cx.error(.cannotRead(path), range) }
        return data
    }

    /// The `data` matrix of a dump.
    static func data(_ path: String, at range: SourceRange, _ cx: Session.Context) throws(Diagnostic) -> Matrix {
        let bytes = try read(path, at: range, cx)
        guard let dump = try? JSONDecoder().decode(TorchDump.self, from: bytes), let rows = dump.data, !rows.isEmpty,
              rows.allSatisfy({ $0.count == rows[0].count && !$0.isEmpty }) else {
            throw cx.error(.noDataMatrix(path), range)
        }
        return Matrix(rows)
    }
}

extension Session {
    mutating func saveWeights(_ name: String, to path: String, at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        let slot = models[name]!
        let layers = zip(slot.layerNames, slot.model.cells).enumerated().map { k, pair in
            WeightsFile.Layer(name: pair.0, kind: slot.layerKinds[k], inputs: pair.1.inputs, hidden: pair.1.hidden,
                              parameters: Dictionary(uniqueKeysWithValues: pair.1.parameters.map {
                                  ($0.name, $0.isVector ? .vector($0.value.storage) : .matrix($0.value.nested))
                              }))
        }
        let readout = slot.model.readout.map { ["W": WeightsFile.Numbers.matrix($0.W.nested), "b": .vector($0.b)] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let bytes = try encoder.encode(WeightsFile(layers: layers, readout: readout))
            try AtomicFile.write(String(decoding: bytes, as: UTF8.self) + "\n", to: path)
        } catch {
            throw cx.error(.cannotWrite(path, error.localizedDescription), range)
        }
        cx.emit(.note("saved \(name) to \(path)"))
    }

    mutating func loadWeights(_ name: String, from path: String, at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        let bytes = try WeightsFile.read(path, at: range, cx)
        var slot = models[name]!
        var layers: [[String: WeightsFile.Numbers]] = []
        var readout: [String: WeightsFile.Numbers]? = nil
        if let file = try? JSONDecoder().decode(WeightsFile.self, from: bytes), file.format == "lstm-weights" {
            layers = file.layers.map(\.parameters)
            readout = file.readout
        } else if let dump = try? JSONDecoder().decode(WeightsFile.TorchDump.self, from: bytes), let l1 = dump.lstm1 {
            layers = [l1] + (dump.lstm2.map { [$0] } ?? [])
            readout = dump.linear
        } else {
            throw cx.error(.notWeights(path), range)
        }
        guard layers.count == slot.model.cells.count, (readout == nil) == (slot.model.readout == nil) else {
            throw cx.error(.layerCount(path, layers: layers.count, readout: readout != nil, name, has: slot.model.cells.count,
                                       hasReadout: slot.model.readout != nil), range)
        }
        for (k, parameters) in layers.enumerated() {
            let expected = Set(slot.model.cells[k].parameters.map(\.name))
            guard Set(parameters.keys) == expected else {
                throw cx.error(.layerParameters(path, layer: k + 1, has: parameters.keys.sorted(), "\(name).\(slot.layerNames[k])",
                                                 wants: expected.sorted()), range)
            }
            for (p, numbers) in parameters {
                do { try slot.model.cells[k].setParameter(p, to: numbers.matrix) } catch {
                    throw cx.error(.layerShape(path, layer: k + 1, error), range)
                }
            }
        }
        if let r = readout, let current = slot.model.readout {
            guard let w = r["W"]?.matrix, let b = r["b"]?.matrix,
                  w.rows == current.W.rows, w.cols == current.W.cols, b.storage.count == current.b.count else {
                throw cx.error(.readoutShape(path, current), range)
            }
            slot.model.readout = Linear(W: w, b: b.storage)
        }
        guard slot.model.flatParameters.allSatisfy(\.isFinite) else { throw cx.error(.notFinite(path), range) }
        models[name] = slot
        cx.emit(.note("loaded \(name) from \(path)"))
    }
}
