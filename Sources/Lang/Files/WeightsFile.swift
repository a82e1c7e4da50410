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
            let m: [[Double]]
            do { m = try c.decode([[Double]].self) } catch let matrixError {
                // Neither: the error that got deeper into the value says where it went wrong (a vector's on a tie).
                do { self = .vector(try c.decode([Double].self)); return } catch let vectorError {
                    throw Self.depth(matrixError) > Self.depth(vectorError) ? matrixError : vectorError
                }
            }
            if let k = m.firstIndex(where: { $0.count != m[0].count }) {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "its rows differ in length "
                    + "(row 0 has \(m[0].count.counting("number")), row \(k) has \(m[k].count))"))
            }
            self = .matrix(m)
        }

        /// How far into the file a decoding error's place is.
        static func depth(_ error: Error) -> Int {
            switch error as? DecodingError {
            case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): c.codingPath.count
            default: 0
            }
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
            case .matrix(let m): return m.isEmpty ? Matrix(rows: 0, cols: 0) : Matrix(m)
            }
        }
    }

    struct Layer: Codable {
        var name: String
        var kind: String
        var inputs: Int
        var hidden: Int
        var parameters: [String: Numbers]

        init(name: String, kind: String, inputs: Int, hidden: Int, parameters: [String: Numbers]) {
            (self.name, self.kind, self.inputs, self.hidden, self.parameters) = (name, kind, inputs, hidden, parameters)
        }

        /// Sizes are whole numbers: 2.5 is refused at its place (Foundation alone would only say the JSON is invalid).
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func whole(_ key: CodingKeys) throws -> Int {
                let x = try c.decode(Double.self, forKey: key)
                guard x == x.rounded(), x >= 0, x <= Double(Limits.parameters) else {
                    throw DecodingError.typeMismatch(Int.self, .init(codingPath: c.codingPath + [key], debugDescription: "not whole"))
                }
                return Int(x)
            }
            (name, kind) = (try c.decode(String.self, forKey: .name), try c.decode(String.self, forKey: .kind))
            (inputs, hidden) = (try whole(.inputs), try whole(.hidden))
            parameters = try c.decode([String: Numbers].self, forKey: .parameters)
        }
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
        do throws(Problem) { return try dataMatrix(bytes) } catch {
            throw cx.error(.noDataMatrix(path, error.reason), range, notes: [.init("load_data reads a JSON object with "
                + "\"data\": [[…], …], one row per sequence")])
        }
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
        let contents: WeightsFile.Contents
        var described: [WeightsFile.Layer] = []
        do { contents = try WeightsFile.decode(bytes) } catch { throw cx.error(.notWeights(path, error.reason), range) }
        switch contents {
        case .weights(let file):
            layers = file.layers.map(\.parameters)
            readout = file.readout
            described = file.layers
        case .dump(let dump):
            layers = [dump.lstm1!] + (dump.lstm2.map { [$0] } ?? [])
            readout = dump.linear
        }
        guard layers.count == slot.model.cells.count, (readout == nil) == (slot.model.readout == nil) else {
            throw cx.error(.layerCount(path, layers: layers.count, readout: readout != nil, name, has: slot.model.cells.count,
                                       hasReadout: slot.model.readout != nil), range)
        }
        // A weights file says each layer's kind and sizes: they must be the model's before any shape is compared.
        for (k, layer) in described.enumerated() {
            let cell = slot.model.cells[k]
            guard layer.kind == slot.layerKinds[k], layer.inputs == cell.inputs, layer.hidden == cell.hidden else {
                throw cx.error(.layerMismatch(path, layer: k + 1, (layer.kind, layer.inputs, layer.hidden),
                                              "\(name).\(slot.layerNames[k])", (slot.layerKinds[k], cell.inputs, cell.hidden)), range)
            }
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
