import Foundation

/// Judges a notebook's exercises. Each answer runs on the lesson's state where its exercise stands (the lesson's
/// commands before it, never an earlier answer), and each check of the exercise must give there the value the
/// solution gives from the same state, number by number within the tolerance. Nothing of a solution is printed.
public struct ExerciseCheck: Sendable {
    /// How an answer fared: every check passed; what differs; or nothing written yet.
    public enum Verdict: Sendable, Equatable { case passed, failed([String]), unanswered }

    public struct Result: Sendable {
        public var exercise: Exercise
        public var verdict: Verdict
    }

    public let notebook: Notebook
    public private(set) var results: [Result] = []

    /// Judges the answers written in `notebook`, or with `solutions` its solutions in their place (every one of a
    /// lesson's must pass).
    public init(_ notebook: Notebook, solutions: Bool = false, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.notebook = notebook
        var session = notebook.freshSession(shouldStop: shouldStop)
        for block in notebook.blocks {
            switch block.role {
            case .lesson:
                notebook.run(block.commands, in: &session, stoppingAtError: false)
            case .answer(let e):
                let exercise = notebook.exercises[e]
                let written = solutions ? notebook.blocks[exercise.solution!].commands : block.commands
                let answer = written.filter { !$0.isBlank }
                guard !answer.isEmpty else {
                    results.append(Result(exercise: exercise, verdict: .unanswered))
                    continue
                }
                var learner = session.forked()
                let verdict: Verdict = notebook.run(answer, in: &learner).map {
                    .failed(["your answer stops with an error:"] + TextRenderer.render($0).split(separator: "\n").map(String.init))
                } ?? notebook.judge(exercise, learner: learner, at: session)
                results.append(Result(exercise: exercise, verdict: verdict))
            case .solution:
                continue
            }
        }
    }

    public var passed: Int { results.filter { $0.verdict == .passed }.count }

    /// A line per exercise (✔, ✗ with what differs, · not yet answered), then the score.
    public var report: String {
        var lines = [notebook.path]
        for r in results {
            switch r.verdict {
            case .passed: lines.append("  ✔ \(r.exercise.name)")
            case .unanswered: lines.append("  · \(r.exercise.name): not yet answered")
            case .failed(let why): lines.append("  ✗ \(r.exercise.name)"); lines += why.map { "      " + $0 }
            }
        }
        let open = results.filter { $0.verdict == .unanswered }.count
        lines.append("  score: \(passed) of \(results.count)" + (open > 0 ? " (\(open) not yet answered)" : ""))
        return lines.joined(separator: "\n")
    }

    /// The notebook with each exercise's solution written into its answer block (for teachers, and for CI: every
    /// solution must pass). Nothing else changes.
    public var withSolutions: String {
        var out: [String] = [], k = 0
        let answers = Dictionary(uniqueKeysWithValues: notebook.exercises.compactMap { e in
            e.answer.flatMap { a in e.solution.map { (notebook.blocks[a].openLine, (notebook.blocks[a], notebook.blocks[$0])) } }
        })
        while k < notebook.lines.count {
            out.append(notebook.lines[k])
            if let (answer, solution) = answers[k] {
                out += notebook.lines[(solution.openLine + 1) ..< solution.closeLine]
                k = answer.closeLine
                continue
            }
            k += 1
        }
        return out.joined(separator: "\n") + (notebook.endsWithNewline ? "\n" : "")
    }
}

extension Notebook {
    /// Runs `commands` one by one, each as a REPL entry, in `session`; with `stoppingAtError`, the first error ends
    /// the run and is returned.
    @discardableResult
    func run(_ commands: [Command], in session: inout Session, stoppingAtError: Bool = true) -> Diagnostic? {
        for command in commands {
            if let error = session.run(command.sourceFile(in: path), atomic: true).error, stoppingAtError { return error }
        }
        return nil
    }

    /// A session as the notebook's front matter sets it up.
    func freshSession(shouldStop: @escaping @Sendable () -> Bool) -> Session {
        var session = Session(digits: frontMatter.precision, defaultSeed: frontMatter.seed)
        session.shouldStop = shouldStop
        return session
    }

    /// Judges `learner` (the state after the learner's answer) against the solution run from `start`, the lesson's
    /// state where the exercise stands.
    public func judge(_ exercise: Exercise, learner: Session, at start: Session) -> ExerciseCheck.Verdict {
        var solved = start.forked()
        solved.sink = nil  // a solution's outputs are never shown
        if let error = run(blocks[exercise.solution!].commands, in: &solved) {
            return .failed(["the solution itself fails here (tell the notebook's author): \(error.message)"])
        }
        let tolerance = exercise.tolerance ?? frontMatter.tolerance
        var problems: [String] = []
        for check in exercise.checks {
            switch (evaluate(check, in: learner), evaluate(check, in: solved)) {
            case (.failure(let error), _):
                problems += ["\(check.expression): " + error.message]
            case (_, .failure(let error)):
                problems += ["\(check.expression): the solution cannot compute it (tell the notebook's author): \(error.message)"]
            case (.success(let mine), .success(let expected)):
                if let difference = Self.difference(mine, expected, tolerance: tolerance) {
                    problems.append("\(check.expression) = \(TextRenderer.render(mine, Display(digits: frontMatter.precision))): "
                                    + difference)
                }
            }
        }
        return problems.isEmpty ? .passed : .failed(problems)
    }

    /// A check's value in (a copy of) `session`.
    func evaluate(_ check: Exercise.Check, in session: Session) -> Result<Value, Diagnostic> {
        var copy = session.forked()
        copy.sink = nil
        let result = copy.run(check.sourceFile(in: path), atomic: true)
        if let error = result.error { return .failure(error) }
        for case let .value(_, value, _, _) in result.outputs.reversed() { return .success(value) }
        return .failure(Diagnostic(.checkNotAValue, at: SourceRange(0, 0), in: check.sourceFile(in: path)))
    }

    /// What differs between an answer's value and the solution's, without giving the solution away: the shape, or
    /// which entries miss the tolerance. Nil when they agree within `tolerance` (relative past 1).
    static func difference(_ mine: Value, _ expected: Value, tolerance: Double) -> String? {
        guard mine.shape == expected.shape else { return "the solution's is \(expected.describe), not \(mine.describe)" }
        let a = mine.numbers, b = expected.numbers
        let off = a.indices.filter { !(abs(a[$0] - b[$0]) <= tolerance * max(1, abs(b[$0]))) }
        guard !off.isEmpty else { return nil }
        // How far off would give a guessed value away: only whether, and where, it misses the tolerance.
        let within = "not within \(tolerance) of the solution's"
        if mine.shape.isEmpty { return within }
        let entries = off.count == a.count ? "every entry is" : off.count == 1 ? "entry \(off[0]) is" : "entries "
            + off.prefix(8).map(String.init).joined(separator: ", ") + (off.count > 8 ? ", …" : "") + " are"
        return "\(entries) \(within)"
    }
}

extension Notebook.Command {
    /// Whether the command is empty or only a comment (an answer block's placeholder).
    var isBlank: Bool {
        text.split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.hasPrefix("#") }
    }
}
