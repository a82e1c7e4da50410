import Foundation
import Testing

/// Standard streams that are closed, full or slow: the tool says what happened and its exit status tells the
/// truth; it never traps, and output it could not write is never reported as success.
@Suite struct StreamTests {
    /// Runs `lstm` under `/bin/sh` with the redirections in `shell` (the binary is `$LSTM`).
    static func shell(_ shell: String) throws -> (status: Int32, reason: Process.TerminationReason, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", shell]
        process.environment = ProcessInfo.processInfo.environment.merging(["LSTM": Support.binary.path]) { $1 }
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason, String(decoding: err, as: UTF8.self))
    }

    @Test func closedAndFullStreamsAreReportedNotTrapped() throws {
        let script = try Support.scratchFolder().appendingPathComponent("one.lstm")
        try "print 1\n".write(to: script, atomically: true, encoding: .utf8)
        let closedInput = try Self.shell("\"$LSTM\" run - <&-")
        #expect(closedInput.reason == .exit && closedInput.status == 2)
        #expect(closedInput.stderr == "lstm: cannot read standard input: it is closed\n")
        for redirect in [">/dev/full", ">&-"] {
            let lost = try Self.shell("\"$LSTM\" run \(script.path) \(redirect)")
            #expect(lost.reason == .exit && lost.status == 74, "\(redirect)")
            #expect(lost.stderr.hasPrefix("lstm: standard output could not be written ("), "\(redirect)")
        }
        for redirect in ["2>/dev/full", "2>&-"] {
            let silent = try Self.shell("\"$LSTM\" run /nonexistent/missing.lstm \(redirect)")
            #expect(silent.reason == .exit && silent.status == 2, "\(redirect)")
        }
    }

    /// Piped input runs entry by entry as it arrives; lines are counted across the whole input, CRLF included.
    @Test func pipedInputRunsAsItArrives() throws {
        let process = Process()
        process.executableURL = Support.binary
        process.arguments = ["run", "-"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, errors)
        try process.run()
        input.fileHandleForWriting.write(Data("print 1\r\nprint [1,\n".utf8))
        var ready = pollfd(fd: output.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
        #expect(poll(&ready, 1, 20_000) == 1, "no output while the input is still open")
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) == "1 = 1.0000\n")
        input.fileHandleForWriting.write(Data(" 2]\nprint 2 +\n".utf8))
        try input.fileHandleForWriting.close()
        let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let error = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(rest == "[1,\n 2] = [1.0000, 2.0000]\n" && process.terminationStatus == 1)
        #expect(error.hasPrefix("<stdin>:4:10: error: expected a value"))
    }
}
