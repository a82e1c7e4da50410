import Foundation
import Testing
import Lang

/// Exercises in notebooks: the format, `lstm check` on right, wrong, partial and unanswered answers, the tolerance,
/// solutions that are never shown, and every lesson's solutions passing.
@Suite struct ExerciseTests {
    /// A notebook with four exercises; `answers` fills their answer blocks (in order; "" leaves one empty).
    static func notebook(_ answers: [String], tolerance: String = "tolerance: 1e-4\n") -> String {
        """
        ---
        precision: 4
        ---
        # Exercises

        ```lstm
        > cell c = lstm(inputs: 1, hidden: 1, seed: 1)
        ```

        Compute σ(1) by hand, to four decimals, as `let answer = …`.

        <!-- lstm: exercise 1 Sigmoid by hand
        check: answer
        \(tolerance)-->
        ```lstm
        \(answers[0])
        ```

        <details><summary>Hint</summary>

        σ(z) = 1 / (1 + e^(-z)).

        </details>

        <details><summary>Solution</summary>

        ```lstm solution
        > let answer = σ(1)
        ```

        </details>

        <!-- lstm: exercise 2 Keep a value
        check: c.C_t
        -->
        ```lstm
        \(answers[1])
        ```

        ```lstm solution
        > c.b_f = [30]
        > c.b_i = [-30]
        > c.C = [0.5]
        > feed c [[0], [0], [0]]
        > c.C_t
        c.C_t = [0.5000]
        ```

        <!-- lstm: exercise 3 Two values
        check: c.h
        check: c.C
        -->
        ```lstm
        \(answers[2])
        ```

        ```lstm solution
        > c.h = [2]
        > c.C = [-1]
        ```

        <!-- lstm: exercise 4 A vector
        check: v
        -->
        ```lstm
        \(answers[3])
        ```

        ```lstm solution
        > let v = [1, 2, 3]
        ```

        ```lstm
        > c.C
        c.C = [0.0000]
        ```

        """
    }

    static func check(_ answers: [String], tolerance: String = "tolerance: 1e-4\n") throws -> ExerciseCheck {
        ExerciseCheck(try Notebook.parse(path: "ex.md", text: notebook(answers, tolerance: tolerance)))
    }

    @Test func theFormatIsReadWhole() throws {
        let n = try Notebook.parse(path: "ex.md", text: Self.notebook(["", "", "", ""]))
        #expect(n.exercises.map(\.id) == ["1", "2", "3", "4"])
        #expect(n.exercises[0].title == "Sigmoid by hand" && n.exercises[0].tolerance == 1e-4 && n.exercises[1].tolerance == nil)
        #expect(n.exercises[0].hint == ["σ(z) = 1 / (1 + e^(-z))."])
        #expect(n.exercises[2].checks.map(\.expression) == ["c.h", "c.C"])
        // A check's source sits at its own line and column, so its errors point into the notebook.
        let check = n.exercises[2].checks[1]
        #expect(n.lines[check.line].dropFirst(check.column).hasPrefix("c.C"))
        #expect(n.exercises.allSatisfy { n.blocks[$0.answer!].commands.isEmpty && !n.blocks[$0.solution!].commands.isEmpty })
        #expect(n.blocks.filter { $0.role == .lesson }.count == 2)
    }

    @Test func withSolutionsWritesEachSolutionIntoItsAnswerAndNothingElse() throws {
        let n = try Notebook.parse(path: "ex.md", text: Self.notebook(["", "> c.b_f = [1]", "", ""]))
        let solved = try Notebook.parse(path: "ex.md", text: ExerciseCheck(n).withSolutions)
        for (a, b) in zip(n.exercises, solved.exercises) {
            #expect(solved.blocks[b.answer!].commands.map(\.text) == n.blocks[a.solution!].commands.map(\.text))
        }
        // Outside the answer blocks, not a line changes.
        func outside(_ nb: Notebook) -> [String] {
            let inside = nb.exercises.flatMap { e in (nb.blocks[e.answer!].openLine + 1) ..< nb.blocks[e.answer!].closeLine }
            return nb.lines.indices.filter { !inside.contains($0) }.map { nb.lines[$0] }
        }
        #expect(outside(solved) == outside(n))
        #expect(solved.lines.count - n.lines.count == (1 + 6 + 2 + 1) - 4)
        #expect(ExerciseCheck(solved).passed == 4)
        #expect(ExerciseCheck(n, solutions: true).passed == 4)
    }

    @Test func rightWrongPartialAndUnanswered() throws {
        let check = try Self.check(["> let answer = 0.7311", "> c.b_f = [30]\n> c.b_i = [-30]\n> c.C = [0.5]\n> feed c [[1], [2], [3]]",
                                    "> c.h = [2]\n> c.C = [1]", ""])
        let verdicts = check.results.map(\.verdict)
        #expect(verdicts[0] == .passed && verdicts[1] == .passed && verdicts[3] == .unanswered)
        // Partial: c.h is right, c.C is not; only c.C is reported, and not with the solution's value or how far off.
        guard case .failed(let why) = verdicts[2] else { Issue.record("exercise 3 should fail"); return }
        #expect(why == ["c.C = [1.0000]: every entry is not within 1e-09 of the solution's"])
        #expect(check.report.hasSuffix("score: 2 of 4 (1 not yet answered)"))
        #expect(!check.report.contains("-1"))
    }

    @Test func wrongShapesErrorsAndMissingNamesAreSaidPlainly() throws {
        let check = try Self.check(["> let answer = [0.7311]", "> feed c [[1, 2]]", "", "> let v = [1, 2, 4]"])
        guard case .failed(let shape) = check.results[0].verdict, case .failed(let error) = check.results[1].verdict,
              case .failed(let vector) = check.results[3].verdict else { Issue.record("three should fail"); return }
        #expect(shape == ["answer = [0.7311]: the solution's is a number, not a vector of 1"])
        #expect(error.first == "your answer stops with an error:" && error[1].hasPrefix("ex.md:"))
        #expect(vector == ["v = [1.0000, 2.0000, 4.0000]: entry 2 is not within 1e-09 of the solution's"])
        let missing = try Self.check(["> let other = 1", "", "", ""])
        #expect(missing.results[0].verdict == .failed(["answer: unknown name 'answer'"]))
    }

    @Test func theToleranceIsTheExercisesOrTheNotebooks() throws {
        #expect(try Self.check(["> let answer = 0.7311", "", "", ""]).results[0].verdict == .passed)
        #expect(try Self.check(["> let answer = 0.7315", "", "", ""]).results[0].verdict != .passed)
        // Without its own tolerance the exercise takes the notebook's (1e-9): four decimals are not enough.
        #expect(try Self.check(["> let answer = 0.7311", "", "", ""], tolerance: "").results[0].verdict != .passed)
        #expect(try Self.check(["> let answer = σ(1)", "", "", ""], tolerance: "").results[0].verdict == .passed)
    }

    /// The solutions' commands and outputs never reach the learner: not through the check's report, not through the
    /// session's sink (the REPL prints what reaches it).
    @Test func aSolutionIsNeverShown() throws {
        let n = try Notebook.parse(path: "ex.md", text: Self.notebook(["", "", "", ""]))
        let exercise = try #require(OpenExercise(n, id: "2"))
        let seen = Seen()
        var learner = exercise.start.forked()
        learner.sink = { seen.add($0) }
        _ = learner.run(SourceFile(name: "t", text: "c.C = [0.5]\nfeed c [[0]]"), atomic: true)
        let before = seen.count
        let verdict = exercise.check(learner)
        #expect(seen.count == before)
        #expect(verdict != .passed)
        #expect(!OpenExercise.describe(verdict, exercise.exercise).contains("30"))
        #expect(exercise.introduction.contains("Keep a value") && !exercise.introduction.contains("b_f"))
        #expect(Replay(n).mismatches.isEmpty)
    }

    @Test func malformedExercisesAreLocatedErrors() {
        let cases: [(String, String)] = [
            ("<!-- lstm: exercise 1\ncheck: x\n-->\n```lstm\n```\n", "notebook.solution-missing"),
            ("<!-- lstm: exercise 1\ncheck: x\n-->\nprose\n", "notebook.answer-block-missing"),
            ("<!-- lstm: exercise 1 -->\n```lstm\n```\n", "notebook.exercise-without-checks"),
            ("```lstm solution\n> 1\n```\n", "notebook.stray-solution"),
            ("<!-- lstm: exercise 1\ncheck x\n-->\n", "notebook.exercise-line"),
            ("<!-- lstm: exercise 1\ncheck: x\n", "notebook.unclosed-exercise"),
        ]
        for (text, id) in cases {
            #expect(throws: Diagnostic.self) { try Notebook.parse(path: "bad.md", text: text) }
            do { _ = try Notebook.parse(path: "bad.md", text: text) } catch { #expect(error.id == id, "\(text)") }
        }
    }

    /// Every lesson holds at least three exercises, ships them unanswered, and every solution passes.
    @Test(arguments: RepositoryNotebookTests.paths.filter { $0.hasPrefix("notebooks/") })
    func everyLessonsSolutionsPass(_ path: String) throws {
        let text = try String(contentsOf: Support.root.appendingPathComponent(path), encoding: .utf8)
        let notebook = try Notebook.parse(path: path, text: text)
        #expect(notebook.exercises.count >= 3)
        #expect(ExerciseCheck(notebook).results.allSatisfy { $0.verdict == .unanswered })
        let solved = ExerciseCheck(notebook, solutions: true)
        #expect(solved.passed == notebook.exercises.count, "\(solved.report)")
    }

    @Test func theCommandExitsZeroOnlyWhenEveryExercisePasses() throws {
        let folder = try Support.scratchFolder()
        try Self.notebook(["", "", "", ""]).write(to: folder.appendingPathComponent("ex.md"), atomically: true, encoding: .utf8)
        let open = try Support.lstm(["check", "ex.md"], in: folder)
        #expect(open.status == 1 && open.stdout.contains("· exercise 1 (Sigmoid by hand): not yet answered"))
        let solved = try Support.lstm(["check", "--with-solutions", "ex.md", "--output", "solved.md"], in: folder)
        #expect(solved.status == 0 && solved.stdout.contains("score: 4 of 4"))
        let again = try Support.lstm(["check", "solved.md"], in: folder)
        #expect(again.status == 0, "\(again.stdout)")
    }
}

/// Counts outputs that reach a sink.
final class Seen: @unchecked Sendable {
    private var outputs: [Output] = []
    private let lock = NSLock()
    func add(_ o: Output) { lock.withLock { outputs.append(o) } }
    var count: Int { lock.withLock { outputs.count } }
}
