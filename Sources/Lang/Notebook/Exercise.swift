import Foundation

/// An exercise of a notebook: the task is the prose before it; a comment names it and the values that judge it,
/// an `lstm` block right after holds the learner's answer, a `<details>` "Hint" may follow, and an
/// `lstm solution` block (folded in a `<details>`) holds the solution.
///
///     <!-- lstm: exercise 1.2 Keep a value for ten steps
///     check: c.C_t
///     tolerance: 1e-4
///     -->
public struct Exercise: Sendable {
    /// An expression whose value the answer must share with the solution, and where it is written.
    public struct Check: Sendable {
        public var expression: String
        /// Index in the notebook's lines, and the column the expression starts at.
        public var line: Int, column: Int

        /// The expression as source of the notebook at `path`, so errors name the notebook's own line and column.
        public func sourceFile(in path: String) -> SourceFile {
            SourceFile(name: path, text: String(repeating: " ", count: column) + expression, firstLine: line + 1)
        }
    }

    /// What follows `exercise` on the comment's first line: its number, then its title.
    public var id: String
    public var title: String
    /// Index of the comment's first line in the notebook's lines.
    public var line: Int
    public var checks: [Check] = []
    /// How far an answer's number may be from the solution's; the notebook's tolerance when nil.
    public var tolerance: Double?
    /// The hint's prose lines (empty when there is none).
    public var hint: [String] = []
    /// Indices in the notebook's blocks of the answer and of the solution.
    public var answer: Int?
    public var solution: Int?

    /// "exercise 1.2 (Keep a value for ten steps)".
    public var name: String { "exercise \(id)" + (title.isEmpty ? "" : " (\(title))") }
}

extension Exercise {
    static let marker = "<!-- lstm: exercise"

    /// Reads the comment that starts at `lines[k]`; returns the exercise and the index of the line after the comment.
    static func parse(_ lines: [String], at k: Int, _ error: (Message, Int) -> Diagnostic) throws(Diagnostic) -> (Exercise, Int) {
        let first = lines[k].trimmingLeadingSpaces.dropFirst(marker.count)
        let heading = first.replacingOccurrences(of: "-->", with: "").trimmingCharacters(in: .whitespaces)
        guard let id = heading.split(separator: " ").first.map(String.init) else { throw error(.exerciseWithoutNumber, k) }
        var exercise = Exercise(id: id, title: heading.dropFirst(id.count).trimmingCharacters(in: .whitespaces), line: k)
        var end = k
        if !first.contains("-->") {
            end = k + 1
            while end < lines.count && lines[end].trimmingCharacters(in: .whitespaces) != "-->" {
                let line = lines[end], body = line.trimmingLeadingSpaces
                let indent = line.count - body.count
                if body.hasPrefix("check:") {
                    let expression = body.dropFirst("check:".count)
                    let spaces = expression.prefix { $0 == " " }.count
                    let text = expression.dropFirst(spaces).trimmingCharacters(in: .whitespaces)
                    guard !text.isEmpty else { throw error(.exerciseLine, end) }
                    exercise.checks.append(Check(expression: text, line: end, column: indent + "check:".count + spaces))
                } else if body.hasPrefix("tolerance:") {
                    guard let t = Double(body.dropFirst("tolerance:".count).trimmingCharacters(in: .whitespaces)), t >= 0,
                          t.isFinite else { throw error(.badFrontMatterTolerance, end) }
                    exercise.tolerance = t
                } else if !body.isEmpty {
                    throw error(.exerciseLine, end)
                }
                end += 1
            }
            guard end < lines.count else { throw error(.unclosedExercise(id), k) }
        }
        guard !exercise.checks.isEmpty else { throw error(.exerciseWithoutChecks(id), k) }
        return (exercise, end + 1)
    }

    /// Reads a hint folded as `<details><summary>Hint</summary> … </details>` starting at `lines[k]`, if it is one:
    /// its prose lines (blank lines at either end dropped) and the index of the line after it.
    static func hint(_ lines: [String], at k: Int) -> ([String], Int)? {
        let opening = lines[k].trimmingCharacters(in: .whitespaces).lowercased()
        guard opening.hasPrefix("<details>"), opening.contains("<summary>hint</summary>") else { return nil }
        var end = k + 1
        while end < lines.count && !lines[end].lowercased().contains("</details>") { end += 1 }
        var body = Array(lines[(k + 1) ..< min(end, lines.count)])
        while body.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { body.removeFirst() }
        while body.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { body.removeLast() }
        return (body, end + 1)
    }
}
