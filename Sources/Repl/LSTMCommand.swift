import ArgumentParser
import Foundation
import Lang

/// `lstm`: a REPL on a terminal, a script runner otherwise.
@main
struct LSTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm",
        abstract: "A literate REPL for learning and experimenting with LSTM networks.",
        version: "lstm \(LSTMVersion.current)",
        subcommands: [Interactive.self, Run.self, ReplayCommand.self, CheckCommand.self, ExportCommand.self, SweepCommand.self],
        defaultSubcommand: Interactive.self)

    /// Exit statuses: 0 success, 1 an error in a script, 2 bad usage, 74 output that could not be written.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["-V"] { arguments = ["--version"] }
        if let first = arguments.first, let problem = unknownCommand(first) {
            Console.error("lstm: " + problem)
            Console.exit(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Console.exit(0)
        } catch let code as ExitCode {
            Console.exit(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            if status == .success {
                Console.out(fullMessage(for: error))
                Console.exit(0)
            }
            Console.error(fullMessage(for: error))
            Console.exit(2)
        }
    }
}

extension LSTMCommand {
    /// What is wrong with a first argument that names no command (nil when it is a command or an option):
    /// the nearest command's name, or `run`/`replay` for a file.
    static func unknownCommand(_ word: String) -> String? {
        let commands = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !word.hasPrefix("-"), !commands.contains(word) else { return nil }
        if word.hasSuffix(".md") { return "'\(word)' is a notebook: replay it with lstm replay \(word)" }
        if FileManager.default.fileExists(atPath: word) || word.hasSuffix(".lstm") {
            return "'\(word)' is a script: run it with lstm run \(word)"
        }
        let near = Spelling.suggestion(for: word, among: commands).map { "; did you mean '\($0)'?" } ?? ""
        return "unknown command '\(word)'\(near) (commands: \(commands.dropLast().joined(separator: ", ")); lstm --help says more)"
    }
}

/// Output formats of `lstm run`.
enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Writes rendered outputs and diagnostics.
struct Printer {
    var format: Format
    /// Whether standard output is a terminal: only then is training progress drawn (as a bar redrawn in place).
    let terminal = isatty(1) == 1
    /// In the REPL, text charts as wide as the terminal (scripts and notebooks keep the fixed width, so they replay).
    var fitsTerminal = false

    /// The terminal's width in columns, if standard output is one.
    static var terminalColumns: Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    func emit(_ outputs: [Output]) { for o in outputs { emit(o) } }

    /// One output, as it is made.
    func emit(_ o: Output) {
        if case .progress(let p) = o {
            // A long training says up front how long it should take, on standard error, terminal or not.
            if let e = p.expected {
                if terminal && format == .text { Console.out("\r\u{1B}[K", terminator: "") }
                Console.error(TextRenderer.render(e))
            }
            guard terminal, format == .text else { return }
            let filled = p.of > 0 ? 24 * p.step / p.of : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 24 - filled)
            Console.out("\r\u{1B}[K" + bar + " " + TextRenderer.render(o), terminator: "")
            return
        }
        if terminal && format == .text { Console.out("\r\u{1B}[K", terminator: "") }
        if case .warning(let d) = o { return report(d) }  // beside the errors, on standard error
        if fitsTerminal, case .plot(var plot) = o, let columns = Self.terminalColumns {
            let margin = 16 + 2
            plot.width = max(32, min(200, columns - margin))
            return Console.out(TextRenderer.render(.plot(plot)))
        }
        Console.out(format == .json ? JSONRenderer.render(o) : TextRenderer.render(o))
    }

    /// A sink for a session: outputs are printed the moment they are made.
    var sink: @Sendable (Output) -> Void {
        let printer = self
        return { printer.emit($0) }
    }

    /// Whether diagnostics are coloured: on a terminal, unless NO_COLOR is set.
    let colour = isatty(2) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    /// A diagnostic on standard error, its severity in red (error) or magenta (warning) on a terminal.
    func report(_ d: Diagnostic) {
        var text = format == .json ? JSONRenderer.render(d) : TextRenderer.render(d)
        if colour && format == .text {
            let label = ": \(d.severity.rawValue): "
            let code = d.severity == .error ? "1;31" : "1;35"
            if let r = text.range(of: label) { text.replaceSubrange(r, with: ": \u{1B}[\(code)m\(d.severity.rawValue):\u{1B}[0m ") }
        }
        Console.error(text)
    }
}

/// Reads a script as UTF-8.
func readSource(_ path: String) -> Result<SourceFile, Diagnostic>? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return SourceFile.decode(name: path, bytes: Array(data))
}
