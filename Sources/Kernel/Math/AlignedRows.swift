/// A matrix's rows copied into 64-byte-aligned memory, each row padded with zeros to a multiple of eight
/// numbers, so the product tiles read every row in whole eight-number vectors. Immutable once built.
final class AlignedRows: @unchecked Sendable {
    let rows: Int
    let cols: Int
    /// Distance between the starts of two rows, in numbers (a multiple of eight).
    let stride: Int
    let base: UnsafeMutablePointer<Double>

    init(_ m: Matrix) {
        rows = m.rows
        cols = m.cols
        stride = AlignedRows.stride(for: m.cols)
        let count = max(1, rows * stride)
        base = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Double>.stride, alignment: 64)
            .initializeMemory(as: Double.self, repeating: 0, count: count)
        for r in 0..<rows {
            for c in 0..<cols { base[r * stride + c] = m.storage[r * cols + c] }
        }
    }

    deinit { base.deallocate() }

    /// The padded row length for rows of `cols` numbers.
    static func stride(for cols: Int) -> Int { (cols + 7) & ~7 }
}
