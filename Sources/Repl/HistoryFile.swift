import Foundation
import Lang

/// The history file (`$LSTM_HISTORY`, default `~/.lstm_history`): read at start, and after each entry
/// re-read, appended to and replaced atomically under a lock, so two sessions never lose each other's lines.
struct HistoryFile {
    let path: String

    static var defaultPath: String {
        ProcessInfo.processInfo.environment["LSTM_HISTORY"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".lstm_history")
    }

    func load() -> [String] { HistoryLog.entries(tail()) }

    /// Appends `entry`; failures (a read-only home, say) leave the session going without history.
    func append(_ entry: String) {
        let lock = open(path + ".lock", O_CREAT | O_RDWR, 0o600)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { flock(lock, LOCK_UN); close(lock) } }
        try? AtomicFile.write(HistoryLog.appending(entry, to: tail()), to: path)
    }

    /// The last bytes of the file, at most what the log reads: a huge history is never read whole.
    func tail() -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return [] }
        // One byte more than the log reads, so it can tell a cut first line from a whole one.
        let start = size > UInt64(HistoryLog.tailBytes) ? size - UInt64(HistoryLog.tailBytes) - 1 : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return [] }
        return Array(data)
    }
}
