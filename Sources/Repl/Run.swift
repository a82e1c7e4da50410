import ArgumentParser
import Foundation
import Lang

/// `lstm run FILE...`: runs scripts in one session, in order.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run .lstm scripts (- reads standard input).")

    @ArgumentParser.Argument(help: "Script files, run in order in one session; - reads standard input.")
    var files: [String]

    @Option(help: "text, or json (one JSON object per output line, numbers at full precision).")
    var format: Format = .text

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one script file") }
    }

    func run() throws { try Self.scripts(files, format: format) }

    /// Runs `files` in one session, stopping at the first error (exit 1; 2 for a file that cannot be read).
    static func scripts(_ files: [String], format: Format) throws {
        let printer = Printer(format: format)
        var session = Session()
        session.sink = printer.sink
        Signals.install(exitOnSecond: true)
        session.shouldStop = Signals.interrupted
        for path in files {
            if let notebook = notebookHint(path) {
                FileHandle.standardError.write(Data("lstm: \(notebook)\n".utf8))
                throw ExitCode(2)
            }
            guard let source = readSource(path) else {
                FileHandle.standardError.write(Data("lstm: cannot read \(path)\n".utf8))
                throw ExitCode(2)
            }
            switch source {
            case .failure(let d):
                printer.report(d)
                throw ExitCode(1)
            case .success(let file):
                let result = session.run(file)
                if let error = result.error {
                    printer.report(error)
                    throw ExitCode(1)
                }
            }
        }
    }
}

/// Why `path` should be replayed rather than run: a `.md` file, or one holding ```lstm blocks.
func notebookHint(_ path: String) -> String? {
    guard path != "-" else { return nil }
    let looksLikeNotebook = path.hasSuffix(".md")
        || (FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self).contains("```lstm") } ?? false)
    return looksLikeNotebook ? "\(path) is a notebook; replay it with lstm replay \(path)" : nil
}
