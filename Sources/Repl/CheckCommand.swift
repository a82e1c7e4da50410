import ArgumentParser
import Foundation
import Lang

/// `lstm check NOTEBOOK...`: judges the answers written in a notebook's exercises against their solutions.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the answers to a notebook's exercises against their solutions.",
        discussion: """
            Each answer runs on the lesson's state where its exercise stands; the exercise's checks must give the \
            values its solution gives, within the notebook's tolerance. Exits 0 only when every exercise passes.
            """)

    @ArgumentParser.Argument(help: "Notebook files, or folders searched for .md files.")
    var paths: [String]

    @Flag(help: "Judge the solutions as if they were the answers (teachers and CI: every solution must pass).")
    var withSolutions = false

    @Option(help: "With --with-solutions: write the notebook with its solutions as answers to this file.")
    var output: String?

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one notebook or folder") }
        if output != nil && !withSolutions { throw ValidationError("--output writes the solved notebook: use it with --with-solutions") }
        if output != nil && paths.count != 1 { throw ValidationError("--output takes one notebook") }
    }

    func run() throws {
        Signals.install(exitOnSecond: true)
        var allPass = true, checked = 0
        for path in paths {
            guard let (files, isFolder) = ReplayCommand.notebooks(path) else {
                Console.error("lstm: cannot read \(path)")
                throw ExitCode(2)
            }
            for file in files {
                let notebook: Notebook
                do {
                    notebook = try Notebook.parse(path: file, text: try ReplayCommand.text(of: file))
                    if let output { try AtomicFile.write(ExerciseCheck(notebook).withSolutions, to: output) }
                } catch let error as Diagnostic {
                    Console.error(TextRenderer.render(error))
                    allPass = false
                    continue
                }
                if notebook.exercises.isEmpty {
                    if isFolder { continue }
                    Console.error("lstm: \(file) has no exercises to check")
                    throw ExitCode(2)
                }
                checked += 1
                let check = ExerciseCheck(notebook, solutions: withSolutions, shouldStop: Signals.interrupted)
                Console.out(check.report)
                if check.passed != check.results.count { allPass = false }
            }
            if isFolder && checked == 0 {
                Console.error("lstm: no notebook with exercises in \(path)")
                allPass = false
            }
        }
        if !allPass { throw ExitCode(1) }
    }
}
