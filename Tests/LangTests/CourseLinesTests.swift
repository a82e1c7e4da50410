import Foundation
import Testing

/// `golden/course.lstm` pastes every formula of the course texts as the texts write them. When the course
/// folder is beside the checkout (as in CI), this checks that no formula was missed and none was retyped.
@Suite struct CourseLinesTests {
    static let course = Support.root.deletingLastPathComponent().appendingPathComponent("shared/course")
    static let haveCourse = FileManager.default.fileExists(atPath: course.path)

    /// A text's display formulas: `$$ … $$` lines, and a line standing alone between two lines of `$`.
    static func formulas(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var found: [String] = []
        for (k, line) in lines.enumerated() {
            if line.hasPrefix("$$") && line.dropFirst(2).contains("=") { found.append(line) }
            if line == "$", k + 2 < lines.count, lines[k + 2] == "$", lines[k + 1].contains("=") { found.append(lines[k + 1]) }
        }
        return found
    }

    @Test(.enabled(if: haveCourse)) func everyFormulaOfTheCourseIsPastedVerbatim() throws {
        let golden = try String(contentsOf: GoldenTests.folder.appendingPathComponent("course.lstm"), encoding: .utf8)
        let pasted = Set(golden.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        var total = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.course.path).sorted() where name.hasSuffix(".txt") {
            let formulas = Self.formulas(try String(contentsOf: Self.course.appendingPathComponent(name), encoding: .utf8))
            total += formulas.count
            for formula in formulas {
                let isPasted = pasted.contains(formula)
                #expect(isPasted, "not in golden/course.lstm as written: \(name): \(formula)")
            }
        }
        // Seed 002's six, seed 003's six, seed 004's six and its two variants (000 and 001 have none).
        #expect(total == 20)
    }
}
