import Foundation

/// Standard output and standard error through C's stdio: a closed stream, a full disk or a broken pipe is
/// noticed and reported, never a trap, and output that was lost makes the exit status say so.
enum Console {
    /// The error of the first write to standard output that failed, if one did.
    nonisolated(unsafe) static var lostOutput: Int32?

    /// Exit status when output could not be written (sysexits' EX_IOERR).
    static let outputLostStatus: Int32 = 74

    /// `text` and a line end on standard output.
    static func out(_ text: String, terminator: String = "\n") {
        write(text + terminator, to: stdout)
        if fflush(stdout) != 0 || ferror(stdout) != 0 { noteLost(errno) }
    }

    /// `text` and a line end on standard error (where nothing more can be done if it is closed too).
    static func error(_ text: String) {
        write(text + "\n", to: stderr)
        fflush(stderr)
    }

    private static func write(_ text: String, to stream: UnsafeMutablePointer<FILE>) {
        var bytes = Array(text.utf8)
        if fwrite(&bytes, 1, bytes.count, stream) != bytes.count, stream == stdout { noteLost(errno) }
    }

    private static func noteLost(_ code: Int32) {
        if lostOutput == nil { lostOutput = code == 0 ? EIO : code }
        clearerr(stdout)
    }

    /// Ends the process with `status`, or with `outputLostStatus` (after saying why on standard error) if any
    /// output was lost.
    static func exit(_ status: Int32) -> Never {
        if fflush(stdout) != 0 { noteLost(errno) }
        if let code = lostOutput {
            error("lstm: standard output could not be written (\(String(cString: strerror(code)))); output was lost")
            Foundation.exit(status == 0 ? outputLostStatus : status)
        }
        Foundation.exit(status)
    }
}
