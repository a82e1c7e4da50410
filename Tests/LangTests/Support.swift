import Foundation
import Lang

/// Helpers shared by the language's tests.
enum Support {
    /// The package's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `lstm` binary that `swift test` built beside the test runner.
    static var binary: URL {
        let besideRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lstm")
        if FileManager.default.isExecutableFile(atPath: besideRunner.path) { return besideRunner }
        return root.appendingPathComponent(".build/debug/lstm")
    }

    /// Runs the binary with `arguments` and `input` on standard input.
    static func lstm(_ arguments: [String], input: String = "", environment: [String: String] = [:], in folder: URL? = nil)
        throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary
        if let folder { process.currentDirectoryURL = folder }
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Runs source in a fresh session, as text: every output, then the error if one stopped it.
    static func run(_ text: String, name: String = "test.lstm") -> String {
        var session = Session()
        let result = session.run(SourceFile(name: name, text: text))
        var lines = result.outputs.map(TextRenderer.render)
        if let e = result.error { lines.append(TextRenderer.render(e)) }
        return lines.joined(separator: "\n")
    }

    /// The repository's copy of the reference vectors (see KernelTests' `ReferenceVector`).
    static var vectors: URL { root.appendingPathComponent("Tests/KernelTests/Fixtures/vectors") }

    /// The folder every scratch folder of this test process goes in, removed when the process ends.
    static let scratchRoot: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstm-tests-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Support.scratchRoot) }
        return url
    }()

    /// A new empty folder outside the checkout, for running the binary as a user would.
    static func scratchFolder() throws -> URL {
        let url = scratchRoot.appendingPathComponent("lstm-user-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
