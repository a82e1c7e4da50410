import Foundation

/// The REPL's history as a file: one entry per line (a multi-line entry with `\n` escaped), the newest
/// last, at most `limit` entries. Merging keeps what another session wrote meanwhile.
public enum HistoryLog {
    public static let limit = 1000

    public static func encode(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    public static func decode(_ line: String) -> String {
        var out = ""
        var escaped = false
        for c in line {
            if escaped { out.append(c == "n" ? "\n" : c); escaped = false } else if c == "\\" { escaped = true } else { out.append(c) }
        }
        return out
    }

    /// The entries in a history file's text.
    public static func entries(_ text: String) -> [String] { entries(Array(text.utf8)) }

    /// The file's text after appending `entry` to `existing`, keeping the newest `limit`.
    public static func appending(_ entry: String, to existing: String) -> String {
        String(decoding: appending(entry, to: Array(existing.utf8)), as: UTF8.self)
    }

    /// The longest entry read back (a longer line is passed over: it would only freeze the line editor).
    public static let longestEntry = 65_536
    /// How much of the end of a history file is read: enough for `limit` entries of ordinary length.
    public static let tailBytes = 4 << 20

    /// The entries in a history file's bytes (only complete lines of its last `tailBytes`, each at most
    /// `longestEntry` long); a line's `\r` before its `\n` is not part of the entry.
    public static func entries(_ bytes: some Collection<UInt8>) -> [String] {
        lines(bytes).filter { $0.count <= longestEntry && !$0.isEmpty }.map { line in
            decode(String(decoding: line.last == 0x0D ? line.dropLast() : line[...], as: UTF8.self))
        }
    }

    /// The file's bytes after appending `entry`, keeping the newest `limit` lines byte for byte (line ends,
    /// bytes that are not UTF-8 and all).
    public static func appending(_ entry: String, to existing: some Collection<UInt8>) -> [UInt8] {
        var all = lines(existing).filter { !$0.isEmpty }
        let encoded = ArraySlice(encode(entry).utf8)
        let last = all.last.map { $0.last == 0x0D ? $0.dropLast() : $0 }
        if last.map(Array.init) != Array(encoded) { all.append(encoded) }
        return all.suffix(limit).flatMap { Array($0) + [0x0A] }
    }

    /// The lines of the last `tailBytes` bytes (a first line cut by the limit is dropped).
    static func lines(_ bytes: some Collection<UInt8>) -> [ArraySlice<UInt8>] {
        let all = Array(bytes.suffix(tailBytes))
        var lines = all.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.count > tailBytes && !lines.isEmpty { lines.removeFirst() }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
