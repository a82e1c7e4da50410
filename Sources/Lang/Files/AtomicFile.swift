import Foundation

/// Writes user files so that nothing is ever half-written: a temporary file beside the target, then a rename —
/// and so that the file stays the file it was: through a symlink the target is replaced (the link stays), the
/// mode and owner are kept, a read-only file is refused, and temporaries a killed write left are cleaned up.
public enum AtomicFile {
    /// Why a write failed, in words for a message.
    public struct Failure: LocalizedError, CustomStringConvertible {
        public let description: String
        public var errorDescription: String? { description }
    }

    /// Our temporaries are named `.NAME.lstm-PID-N.tmp` beside the file they replace.
    static let marker = ".lstm-"

    public static func write(_ text: String, to path: String, shouldStop: () -> Bool = { false }) throws(Failure) {
        try write(Array(text.utf8), to: path, shouldStop: shouldStop)
    }

    /// Writes `bytes` in pieces of 1 MiB, asking `shouldStop` (Ctrl-C) between them and before the rename: a stopped
    /// write leaves the file as it was.
    public static func write(_ bytes: [UInt8], to path: String, shouldStop: () -> Bool = { false }) throws(Failure) {
        let target = resolved(path)
        let folder = (target as NSString).deletingLastPathComponent, name = (target as NSString).lastPathComponent
        var existing = stat()
        let exists = stat(target, &existing) == 0
        // Even where we could (as root), a file without its owner's write bit was made read-only on purpose.
        if exists && (access(target, W_OK) != 0 || existing.st_mode & S_IWUSR == 0) {
            throw Failure(description: "the file is read-only, so it was left as it was")
        }
        removeStaleTemporaries(of: name, in: folder.isEmpty ? "." : folder)
        let temporary = (folder as NSString).appendingPathComponent(".\(name)\(marker)\(getpid())-\(counter.next()).tmp")
        let mode = exists ? existing.st_mode & 0o7777 : 0o666 & ~currentUmask()
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(0o600))
        guard fd >= 0 else { throw failure(errno) }
        // The first failure's errno, if any; the temporary goes whenever the rename does not happen.
        var failed: Int32?
        var stopped = false
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while failed == nil && offset < buffer.count {
                if shouldStop() { stopped = true; failed = EINTR; break }
                let n = Foundation.write(fd, buffer.baseAddress! + offset, min(buffer.count - offset, 1 << 20))
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { failed = n < 0 ? errno : EIO }
            }
        }
        if failed == nil, exists { _ = fchown(fd, existing.st_uid, existing.st_gid) }  // kept when we may; otherwise ours
        if failed == nil, fchmod(fd, mode) != 0 || fsync(fd) != 0 { failed = errno }
        close(fd)
        if failed == nil, shouldStop() { (stopped, failed) = (true, EINTR) }
        if failed == nil, rename(temporary, target) != 0 { failed = errno }
        if let failed {
            unlink(temporary)
            if stopped { throw Failure(description: "stopped (Ctrl-C) before the write was done, so the file was left as it was") }
            throw failure(failed)
        }
    }

    /// The file a path names, following symlinks (a link to a file not yet made names that file).
    static func resolved(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            let folder = (current as NSString).deletingLastPathComponent as NSString
            current = link.hasPrefix("/") ? link : folder.appendingPathComponent(link)
        }
        return current
    }

    /// Removes temporaries of ours for `name` whose writer is no longer running.
    static func removeStaleTemporaries(of name: String, in folder: String) {
        let prefix = ".\(name)\(marker)"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard rest.hasSuffix(".tmp"), let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }) else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(entry))
            }
        }
    }

    static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    static func failure(_ code: Int32) -> Failure {
        Failure(description: String(cString: strerror(code)))
    }

    /// Numbers this process's temporaries apart.
    static let counter = Counter()
    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}
