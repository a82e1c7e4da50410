import Foundation
import Testing
import Lang

/// Golden scripts in `golden/`: each reads as documentation. After a command, lines starting `#> ` are
/// its expected output and lines starting `#! ` its expected error (the rendered diagnostic). Commands up
/// to an expectation or a blank line form one entry, run like a REPL entry: a failed entry changes
/// nothing and the file goes on.
///
/// `LSTM_UPDATE_GOLDEN=1 swift test --filter Golden` rewrites the expectations from what runs.
@Suite struct GoldenTests {
    static let folder = Support.root.appendingPathComponent("Tests/LangTests/golden")
    static let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".lstm") }.sorted()) ?? []

    /// A group of commands and what follows it.
    struct Entry {
        var firstLine: Int
        var code: [String]
        var expected: [String]
    }

    static func entries(_ text: String) -> [Entry] {
        var out: [Entry] = []
        var current = Entry(firstLine: 1, code: [], expected: [])
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let isExpectation = line.hasPrefix("#> ") || line.hasPrefix("#! ") || line == "#>" || line == "#!"
            if isExpectation {
                current.expected.append(String(line))
            } else {
                let blankEnds = line.trimmingCharacters(in: .whitespaces).isEmpty
                    && !Continuation.needsMore(current.code.joined(separator: "\n"))
                if !current.expected.isEmpty || (blankEnds && current.code.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    out.append(current)
                    current = Entry(firstLine: k + 1, code: [], expected: [])
                }
                current.code.append(String(line))
            }
        }
        out.append(current)
        return out
    }

    /// What an entry produces, as expectation lines.
    static func actual(_ entry: Entry, session: inout Session, file: String) -> [String] {
        let source = SourceFile(name: file, text: entry.code.joined(separator: "\n"), firstLine: entry.firstLine)
        let result = session.run(source, atomic: true)
        let rendered = TextRenderer.lines(result)
        return (rendered.outputs.map { "#> " + $0 } + rendered.error.map { "#! " + $0 }).map { $0.trailingSpaces }
    }

    @Test(arguments: files)
    func golden(_ file: String) throws {
        let url = Self.folder.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        var session = Session()
        var rewritten: [String] = []
        let updating = ProcessInfo.processInfo.environment["LSTM_UPDATE_GOLDEN"] == "1"
        for var entry in Self.entries(text) {
            if updating {
                entry.firstLine = rewritten.count + 1
                rewritten += entry.code + Self.actual(entry, session: &session, file: file)
                continue
            }
            let actual = Self.actual(entry, session: &session, file: file)
            #expect(actual == entry.expected, "\(file):\(entry.firstLine)")
        }
        if updating {
            try rewritten.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        }
    }
}

extension String {
    var trailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
