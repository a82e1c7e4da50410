import Kernel

/// A value of the command language.
public enum Value: Sendable, Equatable {
    case number(Double)
    case boolean(Bool)
    case vector([Double])
    case matrix(Matrix)

    /// What the value is, for messages: "a number", "a vector of 3", "a 2×3 matrix".
    public var describe: String {
        switch self {
        case .number: return "a number"
        case .boolean: return "true or false"
        case .vector(let v): return "a vector of \(v.count)"
        case .matrix(let m): return "a \(m.rows)×\(m.cols) matrix"
        }
    }

    /// The shape as written in `:vars` and JSON: [] for a number, [n] for a vector, [r, c] for a matrix.
    public var shape: [Int] {
        switch self {
        case .number, .boolean: return []
        case .vector(let v): return [v.count]
        case .matrix(let m): return [m.rows, m.cols]
        }
    }

    /// Every number in the value, row by row.
    public var numbers: [Double] {
        switch self {
        case .number(let x): return [x]
        case .boolean(let b): return [b ? 1 : 0]
        case .vector(let v): return v
        case .matrix(let m): return m.storage
        }
    }

    /// A kernel parameter as a value.
    init(_ p: Parameter) { self = p.isVector ? .vector(p.value.storage) : .matrix(p.value) }
}

extension Int {
    /// "1 command", "3 commands": the count and the noun, plural unless the count is one.
    public func counting(_ noun: String, plural: String? = nil) -> String {
        "\(self) " + (self == 1 ? noun : plural ?? noun + "s")
    }
}
