import Foundation
import Lang

/// `:exercise FILE [ID]`, `:exercise ID`, `:check` and `:hint`: a notebook's exercises done in the REPL.
extension REPL {
    func openExercise(_ argument: String) {
        let words = argument.split(separator: " ").map(String.init)
        var notebook = exercise?.notebook, id: String? = nil
        if let first = words.first, first.hasSuffix(".md") || FileManager.default.fileExists(atPath: first) {
            guard let data = FileManager.default.contents(atPath: first) else { return report("cannot read '\(first)'") }
            do {
                notebook = try Notebook.parse(path: first, text: String(decoding: data, as: UTF8.self))
            } catch { return printer.report(error) }
            id = words.dropFirst().first
        } else {
            id = words.first
        }
        guard let notebook else { return report("give a lesson, like :exercise notebooks/01-understanding-lstms.md") }
        guard !notebook.exercises.isEmpty else { return report("\(notebook.path) has no exercises") }
        guard id == nil || notebook.exercises.contains(where: { $0.id == id }) else {
            return report("\(notebook.path) has no exercise \(id!); its exercises: "
                          + notebook.exercises.map(\.id).joined(separator: ", "))
        }
        Signals.clear()
        guard let opened = OpenExercise(notebook, id: id, shouldStop: Signals.interrupted) else { return }
        exercise = opened
        session = opened.start.forked()
        session.shouldStop = Signals.interrupted
        session.sink = printer.sink
        transcript.clear()
        Console.out(opened.introduction)
    }

    func checkExercise() {
        guard let exercise else { return report("no exercise is open: :exercise FILE opens a lesson's first one") }
        Signals.clear()
        Console.out(OpenExercise.describe(exercise.check(session), exercise.exercise))
    }

    func showHint() {
        guard let exercise else { return report("no exercise is open: :exercise FILE opens a lesson's first one") }
        let hint = exercise.exercise.hint
        Console.out(hint.isEmpty ? "\(exercise.exercise.name) has no hint" : hint.joined(separator: "\n"))
    }
}
