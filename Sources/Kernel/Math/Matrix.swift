/// A dense row-major matrix of Float64: `rows × cols`, element (r, c) at `storage[r * cols + c]`.
///
/// A batch of N vectors of width D is an N × D matrix (one vector per row); a single
/// vector is a 1 × D matrix.
public struct Matrix: Equatable, Sendable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    public var storage: [Double]

    /// A `rows × cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix sizes must not be negative")
        self.rows = rows
        self.cols = cols
        self.storage = Array(repeating: value, count: rows * cols)
    }

    /// A matrix over existing row-major storage (`storage.count == rows * cols`).
    public init(rows: Int, cols: Int, storage: [Double]) {
        precondition(storage.count == rows * cols, "storage does not match \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix from nested rows; every row must have the same length.
    public init(_ nested: [[Double]]) {
        let cols = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == cols }, "ragged rows")
        self.init(rows: nested.count, cols: cols, storage: nested.flatMap { $0 })
    }

    /// A 1 × n matrix holding one vector.
    public init(row: [Double]) { self.init(rows: 1, cols: row.count, storage: row) }

    public subscript(r: Int, c: Int) -> Double {
        get { storage[r * cols + c] }
        set { storage[r * cols + c] = newValue }
    }

    /// Row `r` as a vector.
    public func row(_ r: Int) -> [Double] { Array(storage[r * cols ..< (r + 1) * cols]) }

    /// The rows as nested arrays.
    public var nested: [[Double]] { (0..<rows).map(row) }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for r in 0..<rows { for c in 0..<cols { t.storage[c * rows + r] = storage[r * cols + c] } }
        return t
    }

    /// Columns `range` of every row, as a new matrix.
    public func columns(_ range: Range<Int>) -> Matrix {
        var m = Matrix(rows: rows, cols: range.count)
        for r in 0..<rows {
            for (k, c) in range.enumerated() { m.storage[r * range.count + k] = storage[r * cols + c] }
        }
        return m
    }

    /// Rows `range`, as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, cols: cols, storage: Array(storage[range.lowerBound * cols ..< range.upperBound * cols]))
    }

    /// Two matrices side by side, `[a, b]` row by row: the course's `[h, x]` for a batch.
    public static func concat(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.rows == b.rows, "concatenated parts differ in rows")
        let cols = a.cols + b.cols
        var out = [Double]()
        out.reserveCapacity(a.rows * cols)
        for r in 0..<a.rows {
            out.append(contentsOf: a.storage[r * a.cols ..< (r + 1) * a.cols])
            out.append(contentsOf: b.storage[r * b.cols ..< (r + 1) * b.cols])
        }
        return Matrix(rows: a.rows, cols: cols, storage: out)
    }

    /// The matrices side by side: `[a, b, …]` row by row.
    public static func concatColumns(_ parts: [Matrix]) -> Matrix {
        let rows = parts.first?.rows ?? 0
        precondition(parts.allSatisfy { $0.rows == rows }, "concatenated parts differ in rows")
        let cols = parts.reduce(0) { $0 + $1.cols }
        var m = Matrix(rows: rows, cols: cols)
        var offset = 0
        for p in parts {
            for r in 0..<rows {
                for c in 0..<p.cols { m.storage[r * cols + offset + c] = p.storage[r * p.cols + c] }
            }
            offset += p.cols
        }
        return m
    }

    /// The matrices stacked vertically.
    public static func concatRows(_ parts: [Matrix]) -> Matrix {
        let cols = parts.first?.cols ?? 0
        precondition(parts.allSatisfy { $0.cols == cols }, "stacked parts differ in columns")
        return Matrix(rows: parts.reduce(0) { $0 + $1.rows }, cols: cols, storage: parts.flatMap { $0.storage })
    }

    /// Largest absolute difference to `other` (same shape), for tests and checks.
    public func maxAbsDifference(_ other: Matrix) -> Double {
        precondition(rows == other.rows && cols == other.cols, "shapes differ")
        return Swift.zip(storage, other.storage).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String { "Matrix(\(rows)×\(cols): \(nested))" }
}
