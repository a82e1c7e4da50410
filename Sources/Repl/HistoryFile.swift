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

    func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return HistoryLog.entries(String(decoding: data, as: UTF8.self))
    }

    /// Appends `entry`; failures (a read-only home, say) leave the session going without history.
    func append(_ entry: String) {
        let lock = open(path + ".lock", O_CREAT | O_RDWR, 0o600)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { flock(lock, LOCK_UN); close(lock) } }
        let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        try? AtomicFile.write(HistoryLog.appending(entry, to: existing), to: path)
    }
}
