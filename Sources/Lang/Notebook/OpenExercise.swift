import Foundation

/// An exercise opened in the REPL: its notebook's lesson run up to it, so the learner answers from the state the
/// notebook's own answer block would start from; `check` judges the learner's session against the solution.
public struct OpenExercise: Sendable {
    public let notebook: Notebook
    public let index: Int
    /// The lesson's state where the exercise stands.
    public let start: Session

    public var exercise: Exercise { notebook.exercises[index] }

    /// Opens the exercise `id` of `notebook` (the first one when nil); nil when there is no such exercise.
    public init?(_ notebook: Notebook, id: String?, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        guard let index = id.map({ id in notebook.exercises.firstIndex { $0.id == id } }) ?? notebook.exercises.indices.first,
              let answer = notebook.exercises[index].answer else { return nil }
        var session = notebook.freshSession(shouldStop: shouldStop)
        for block in notebook.blocks[..<answer] where block.role == .lesson {
            notebook.run(block.commands, in: &session, stoppingAtError: false)
        }
        self.notebook = notebook
        self.index = index
        start = session
    }

    /// The task: the prose just above the exercise's comment, back to the block, hint or solution before it
    /// (a heading right there is included).
    public var task: String {
        var k = exercise.line
        while k > notebook.frontMatter.lineCount {
            let line = notebook.lines[k - 1].trimmingCharacters(in: .whitespaces)
            let ends = ["```", "~~~", "</details>", "-->"]
            if ends.contains(where: { line.lowercased().hasPrefix($0) }) { break }
            k -= 1
            if line.hasPrefix("#") { break }
        }
        var lines = Array(notebook.lines[k ..< exercise.line])
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// What the REPL says when the exercise opens.
    public var introduction: String {
        let others = notebook.exercises.map(\.id).filter { $0 != exercise.id }
        var lines = ["\(exercise.name), from \(notebook.path)"] + (task.isEmpty ? [] : ["", task])
        lines += ["", "The session now holds the lesson up to this exercise. Type your answer, then :check"
                    + (exercise.hint.isEmpty ? "." : " (:hint for a hint).")]
        if !others.isEmpty { lines.append("Other exercises here: \(others.joined(separator: ", ")) (:exercise ID opens one).") }
        return lines.joined(separator: "\n")
    }

    /// Judges the learner's session.
    public func check(_ learner: Session) -> ExerciseCheck.Verdict { notebook.judge(exercise, learner: learner, at: start) }

    /// The verdict in words: ✔, or ✗ and what differs.
    public static func describe(_ verdict: ExerciseCheck.Verdict, _ exercise: Exercise) -> String {
        switch verdict {
        case .passed: return "✔ \(exercise.name): right"
        case .unanswered: return "· \(exercise.name): not yet answered"
        case .failed(let why): return (["✗ \(exercise.name): not yet"] + why.map { "    " + $0 }).joined(separator: "\n")
        }
    }
}
