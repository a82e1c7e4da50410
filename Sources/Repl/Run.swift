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
            if path == "-" {
                try standardInput(in: &session, printer)
                continue
            }
            if let notebook = notebookHint(path) {
                Console.error("lstm: \(notebook)")
                throw ExitCode(2)
            }
            guard let source = readSource(path) else {
                Console.error("lstm: cannot read \(path)")
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

/// Standard input, run entry by entry as it arrives; the first error ends the run (exit 1), and input that
/// cannot be read (a closed descriptor) is said in words (exit 2).
func standardInput(in session: inout Session, _ printer: Printer) throws {
    do {
        guard let error = try StandardInput.run(in: &session) else { return }
        printer.report(error)
        throw ExitCode(1)
    } catch let unreadable as StandardInput.Unreadable {
        Console.error("lstm: cannot read standard input: \(unreadable.reason)")
        throw ExitCode(2)
    }
}

/// Why `path` should be replayed rather than run: a `.md` file, or one holding ```lstm blocks.
func notebookHint(_ path: String) -> String? {
    guard path != "-" else { return nil }
    let looksLikeNotebook = path.hasSuffix(".md")
        || (FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self).contains("```lstm") } ?? false)
    return looksLikeNotebook ? "\(path) is a notebook; replay it with lstm replay \(path)" : nil
}
