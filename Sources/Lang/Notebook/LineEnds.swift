/// Lines of a file's bytes, each with the line end it was written with, so a rewrite can give every line back
/// its own (Windows' `\r\n`, old Macs' `\r`, Unix's `\n`).
enum LineEnds {
    /// The lines (without ends) and their ends; a last line without an end has an empty one, and a file that ends
    /// with a line end has no empty line after it.
    static func split(_ bytes: [UInt8]) -> (lines: [ArraySlice<UInt8>], ends: [ArraySlice<UInt8>]) {
        var lines: [ArraySlice<UInt8>] = [], ends: [ArraySlice<UInt8>] = []
        var start = 0, k = 0
        while k < bytes.count {
            let b = bytes[k]
            guard b == 0x0A || b == 0x0D else { k += 1; continue }
            let width = b == 0x0D && k + 1 < bytes.count && bytes[k + 1] == 0x0A ? 2 : 1
            lines.append(bytes[start ..< k])
            ends.append(bytes[k ..< k + width])
            k += width
            start = k
        }
        if start < bytes.count { lines.append(bytes[start...]); ends.append([]) }
        return (lines, ends)
    }

    /// The end most lines use (a file's own convention, for lines an update adds), `\n` for a file without one.
    static func usual(_ ends: [ArraySlice<UInt8>]) -> ArraySlice<UInt8> {
        let counts = Dictionary(ends.filter { !$0.isEmpty }.map { (Array($0), 1) }, uniquingKeysWith: +)
        return counts.max { $0.value < $1.value }.map { ArraySlice($0.key) } ?? [0x0A]
    }
}
