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
    public static func entries(_ text: String) -> [String] {
        text.split(separator: "\n").map { decode(String($0)) }
    }

    /// The file's text after appending `entry` to `existing`, keeping the newest `limit`.
    public static func appending(_ entry: String, to existing: String) -> String {
        var all = entries(existing)
        if all.last != entry { all.append(entry) }
        return all.suffix(limit).map(encode).joined(separator: "\n") + "\n"
    }
}
