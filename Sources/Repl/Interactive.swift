import ArgumentParser
import CReadline
import Foundation
import Lang

/// `lstm` with no arguments: the REPL on a terminal; on a pipe, the input runs like a script.
struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "The interactive REPL (the default).")

    func run() throws {
        guard isatty(0) == 1 else {
            // Not a terminal: no prompts, no echo; stop at the first error like a script.
            let printer = Printer(format: .text)
            var session = Session()
            guard case .success(let file)? = readSource("-") else { throw ExitCode(1) }
            let result = session.run(file)
            printer.emit(result.outputs)
            if let error = result.error {
                printer.report(error)
                throw ExitCode(1)
            }
            return
        }
        var session = Session()
        let printer = Printer(format: .text)
        var entry = 0
        print("lstm — type :help for help, :quit or Ctrl-D to leave")
        while true {
            var text = ""
            var prompt = "> "
            while true {
                guard let raw = readline(prompt) else {
                    if text.isEmpty { print(""); return }
                    break
                }
                let line = String(cString: raw)
                free(raw)
                text += (text.isEmpty ? "" : "\n") + line
                if !Continuation.needsMore(text) { break }
                prompt = "… "
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            add_history(text)
            if trimmed == ":quit" || trimmed == ":q" { return }
            entry += 1
            let result = session.run(SourceFile(name: "<repl \(entry)>", text: text), atomic: true)
            printer.emit(result.outputs)
            if let error = result.error { printer.report(error) }
        }
    }
}
