import ArgumentParser
import Foundation
import Lang

/// `lstm`: a REPL on a terminal, a script runner otherwise.
@main
struct LSTMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lstm",
        abstract: "A literate REPL for learning and experimenting with LSTM networks.",
        subcommands: [Interactive.self, Run.self, ReplayCommand.self],
        defaultSubcommand: Interactive.self)

    /// Exit statuses: 0 success, 1 an error in a script, 2 bad usage.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            if status == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Output formats of `lstm run`.
enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Writes rendered outputs and diagnostics.
struct Printer {
    var format: Format

    func emit(_ outputs: [Output]) {
        for o in outputs {
            print(format == .json ? JSONRenderer.render(o) : TextRenderer.render(o))
        }
    }

    func report(_ d: Diagnostic) {
        let text = format == .json ? JSONRenderer.render(d) : d.rendered
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Reads a script (or standard input for `-`) as UTF-8.
func readSource(_ path: String) -> Result<SourceFile, Diagnostic>? {
    let data: Data?
    if path == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        data = FileManager.default.contents(atPath: path)
    }
    guard let data else { return nil }
    return SourceFile.decode(name: path == "-" ? "<stdin>" : path, bytes: Array(data))
}
