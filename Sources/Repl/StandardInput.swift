import Foundation
import Lang

/// Standard input read as it arrives: one line at a time, entries run as soon as their brackets close.
struct StandardInput {
    /// Why standard input could not be read, in our words.
    struct Unreadable: Error { let reason: String }

    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    /// The next line's bytes without its line end (`\n` or `\r\n`), nil at the end of input.
    mutating func nextLine() throws(Unreadable) -> [UInt8]? {
        clearerr(stdin)
        errno = 0
        let count = getline(&buffer, &capacity, stdin)
        guard count >= 0 else {
            if ferror(stdin) != 0 || errno != 0 {
                throw Unreadable(reason: errno == EBADF ? "it is closed" : String(cString: strerror(errno)))
            }
            return nil
        }
        var bytes = Array(UnsafeRawBufferPointer(start: buffer, count: count))
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return bytes
    }

    /// Runs standard input in `session` entry by entry as lines arrive; the first error is returned (with its
    /// line counted from the start of the input), or the reason input could not be read.
    static func run(in session: inout Session) throws(Unreadable) -> Diagnostic? {
        var input = StandardInput()
        defer { free(input.buffer) }
        var pending: [String] = [], firstLine = 1, lineNumber = 0
        while let bytes = try input.nextLine() {
            lineNumber += 1
            switch SourceFile.decode(name: "<stdin>", bytes: bytes, firstLine: lineNumber) {
            case .failure(let d): return d
            case .success(let line): pending.append(line.text)
            }
            let text = pending.joined(separator: "\n")
            if Continuation.needsMore(text) { continue }
            pending = []
            if let error = session.run(SourceFile(name: "<stdin>", text: text, firstLine: firstLine)).error { return error }
            firstLine = lineNumber + 1
        }
        guard !pending.isEmpty else { return nil }
        return session.run(SourceFile(name: "<stdin>", text: pending.joined(separator: "\n"), firstLine: firstLine)).error
    }
}
