import Foundation
import Kernel

/// One reference vector (PyTorch autograd, Float64): a cell, its parameters, inputs, every intermediate, a loss
/// and its gradients. The files are copies of `../shared/vectors` kept in `Fixtures/vectors`, so the tests need
/// nothing beside the checkout; `FixtureCopyTests` holds the copies to the originals whenever those are there.
struct ReferenceVector {
    let name: String
    let json: [String: Any]

    /// The repository's copy of the reference vectors.
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/vectors")
    }

    /// The originals, beside the checkout (present in CI).
    static var originals: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/vectors")
    }

    /// Every vector file, sorted by name.
    static func all() throws -> [ReferenceVector] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try files.map { file in
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            return ReferenceVector(name: file, json: try JSONSerialization.jsonObject(with: data) as! [String: Any])
        }
    }

    var cellKind: String { json["cell"] as! String }
    var inputs: Int { json["inputs"] as! Int }
    var hidden: Int { json["hidden"] as! Int }
    var options: [String: Any] { json["options"] as! [String: Any] }
    var xs: [[Double]] { json["xs"] as! [[Double]] }
    var steps: [[String: [Double]]] { json["steps"] as! [[String: [Double]]] }
    var loss: [String: Any] { json["loss"] as! [String: Any] }
    var grads: [String: Any] { json["grads"] as! [String: Any] }
    var params: [String: Any] { json["params"] as! [String: Any] }

    /// A parameter or gradient entry as a matrix (vectors become 1 × n).
    static func matrix(_ value: Any) -> Matrix {
        if let rows = value as? [[Double]] { return Matrix(rows) }
        return Matrix(row: value as! [Double])
    }

    /// The built-in cell this file describes, with its parameters set.
    func makeCell() throws -> any RecurrentCell {
        var cell: any RecurrentCell
        switch cellKind {
        case "lstm":
            let peep = Set((options["peephole"] as! [String]).compactMap(LSTMGate.init(rawValue:)))
            cell = LSTMCell(inputs: inputs, hidden: hidden,
                            options: LSTMOptions(peepholes: peep, coupled: options["coupled"] as! Bool))
        case "gru": cell = GRUCell(inputs: inputs, hidden: hidden)
        default: cell = RNNCell(inputs: inputs, hidden: hidden)
        }
        for (name, value) in params { try cell.setParameter(name, to: Self.matrix(value)) }
        return cell
    }

    /// The state before the first step, in the cell's `stateNames` order.
    var initialState: [Matrix] {
        var state = [Matrix(row: json["h0"] as! [Double])]
        if let c0 = json["C0"] as? [Double] { state.append(Matrix(row: c0)) }
        return state
    }
}
