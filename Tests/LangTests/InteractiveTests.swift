import Foundation
import Testing
import Lang

/// The REPL's logic as plain functions: completion, continuation, pasted transcripts, history, help.
@Suite struct InteractiveTests {
    static func session() -> Session {
        var s = Session()
        _ = s.run(SourceFile(name: "setup",
            text: "cell cell1 = lstm(inputs: 1, hidden: 2)\nlet weights = [1, 2]\ncell g = gru(inputs: 1, hidden: 1)"))
        return s
    }

    func complete(_ line: String, files: [String] = []) -> (Int, [String]) {
        let r = Completion.candidates(line: line, cursor: line.unicodeScalars.count, session: Self.session(),
            files: { p in files.filter { $0.hasPrefix(p) } })
        return (r.start, r.candidates)
    }

    @Test func completesFieldsAfterTheDot() {
        // Fields come in the course's order: f, i, C, o.
        #expect(complete("print cell1.W_") == (6, ["cell1.W_f", "cell1.W_i", "cell1.W_C", "cell1.W_o"]))
        #expect(complete("g.h").1 == ["g.h", "g.h_{t-1}", "g.h~_t", "g.h_t"])
        #expect(complete("nothing.W").1 == [])
    }

    @Test func completesNamesKeywordsAndFunctions() {
        #expect(complete("fe").1 == ["feed"])
        #expect(complete("print wei").1 == ["weights"])
        #expect(complete("let y = ta").1 == ["tanh"])
        #expect(complete("c").1.contains("cell1") && complete("c").1.contains("cell"))
    }

    @Test func completesMetaCommandsAndPaths() {
        #expect(complete(":h").1 == [":help", ":hint", ":history"])
        #expect(complete(":load note", files: ["notebooks/", "notes.lstm", "other"]) == (6, ["notebooks/", "notes.lstm"]))
        #expect(complete("  :save x", files: ["x.md"]).1 == ["x.md"])
    }

    @Test func continuationWaitsForClosingBrackets() {
        #expect(Continuation.needsMore("let m = [[1, 2],"))
        #expect(Continuation.needsMore("cell v(inputs: 1, hidden: 1) {"))
        #expect(!Continuation.needsMore("let m = [[1, 2], [3, 4]]"))
        #expect(!Continuation.needsMore("print 1 # a comment with ( and ["))
        #expect(!Continuation.needsMore("]"))
        // A closing bracket that does not match the open one ends the entry at once: the parser says why.
        #expect(!Continuation.needsMore("print ([1, 2)"))
        #expect(!Continuation.needsMore("cell v(inputs: 1, hidden: 1) {\n  h = tanh(W · [h, x) + b)"))
        #expect(Continuation.needsMore("save m to \"a(b.json\" # ) and ( in a string and a comment\nprint ("))
    }

    @Test func aPastedTranscriptKeepsOnlyCommands() {
        let pasted = """
            > let a = 2
            a = 2.0000
            > let m = [[1],
            … [2]]
            > m
            m = [[1.0000],
                 [2.0000]]
            """
        #expect(Paste.commands(in: pasted) == ["let a = 2", "let m = [[1],\n[2]]", "m"])
        #expect(Paste.commands(in: "let a = 2\nprint a") == nil)
    }

    @Test func historyIsBoundedAndKeepsMultiLineEntries() {
        var text = ""
        for k in 0..<(HistoryLog.limit + 10) { text = HistoryLog.appending("print \(k)", to: text) }
        let entries = HistoryLog.entries(text)
        #expect(entries.count == HistoryLog.limit)
        #expect(entries.last == "print \(HistoryLog.limit + 9)")
        let multi = HistoryLog.appending("cell v(inputs: 1, hidden: 1) {\n  h = tanh(W · [h, x])\n}", to: "")
        #expect(HistoryLog.entries(multi) == ["cell v(inputs: 1, hidden: 1) {\n  h = tanh(W · [h, x])\n}"])
        #expect(HistoryLog.entries(HistoryLog.appending("a\\nb", to: "")) == ["a\\nb"])
    }

    /// Another program's bytes in the history (CRLF, Latin-1) survive an append; a huge line is passed over and
    /// only the file's tail is read.
    @Test func historyKeepsItsBytesAndReadsOnlyItsTail() {
        let foreign: [UInt8] = Array("print 1\r\nlet caf".utf8) + [0xE9] + Array(" = 2\r\n".utf8)
        let appended = HistoryLog.appending("print 3", to: foreign)
        #expect(appended == foreign + Array("print 3\n".utf8))
        #expect(HistoryLog.entries(appended) == ["print 1", "let caf\u{FFFD} = 2", "print 3"])
        let huge = Array("print 0\n".utf8) + [UInt8](repeating: 0x31, count: HistoryLog.tailBytes * 2) + Array("\nprint 4\n".utf8)
        #expect(HistoryLog.entries(huge) == ["print 4"], "the cut line is dropped, not read as an entry")
        let long = [UInt8](repeating: 0x32, count: HistoryLog.longestEntry + 1) + Array("\nprint 5\n".utf8)
        #expect(HistoryLog.entries(long) == ["print 5"])
    }

    @Test func helpTopicsComeFromTheLanguageReference() throws {
        // The reference is built into the library: the same text as docs/language.md, wherever the binary runs.
        let text = try String(contentsOf: Support.root.appendingPathComponent("docs/language.md"), encoding: .utf8)
        #expect(Help.sections.count == text.split(separator: "\n").filter { $0.hasPrefix("## ") && $0 != "## Contents" }.count)
        // Shown as terminal text: no table rules, code marks or emphasis marks.
        for section in Help.sections {
            #expect(!section.body.contains("|---") && !section.body.contains("`") && !section.body.contains("**"), "\(section.name)")
        }
        #expect(Help.topic("cells").contains("  peephole: [f, i, o]  "))
        // The course's names and the built-ins.
        #expect(Help.topic("f_t").hasPrefix("f_t: the forget gate, σ(W_f · [h_{t-1}, x_t] + b_f)"))
        #expect(Help.topic("\\tilde{C}_t") == Help.topic("C~_t"))
        #expect(Help.topic("sigmoid").hasPrefix("sigmoid (function)"))
        #expect(Help.topic("ragged").hasPrefix("no topic 'ragged'; it is mentioned in: "))
        #expect(Help.topicNames.contains("cells") && Help.topicNames.contains("equations") && Help.topicNames.contains("gradients"))
        #expect(Help.topic("grad").hasPrefix("Gradients"))
        #expect(Help.topic("nonsense").hasPrefix("no help topic"))
        #expect(Help.overview.contains(":save FILE"))
        // Built-ins are described by the catalogue that also dispatches them.
        #expect(Help.overview.contains("Cells: lstm, gru, rnn"))
        #expect(Help.overview.split(separator: "\n").allSatisfy { $0.count <= 100 })
        #expect(Help.topic("tanh").hasPrefix("tanh (function)\n  tanh(v)"))
        #expect(Help.topic("lstm").contains("labels: inputs: hidden: seed: peephole: peephole_form: coupled:"))
    }

    @Test func varsListsCellsAndValuesWithShapes() {
        #expect(Self.session().inventory == """
            cell1    lstm cell, 1 → 2, t = 0
            weights  a vector of 2
            g        gru cell, 1 → 1, t = 0
            """)
    }
}
