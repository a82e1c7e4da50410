import Foundation
import Testing
import Kernel
import Lang

/// The notebook format: parsing, tolerant comparison, diffs, update, options, `:save` → replay.
@Suite struct NotebookTests {
    static let clean = """
        ---
        seed: 5
        precision: 3
        ---
        # A title

        Some prose with a > sign, untouched.

        ```lstm
        > let a = [1, 2]
        > a * 2
        a * 2 = [2.000, 4.000]
        > print σ(0), a
        σ(0) = 0.500
        a = [1.000, 2.000]
        ```

        ```python
        > not a command
        ```

        <!-- lstm: error -->
        ```lstm
        > a + [1]
        test.md:24:3: error: cannot add a vector of 2 and a vector of 1
              a + [1]
              ^~~~~~~
        ```

        """

    func replay(_ text: String) throws -> Replay { Replay(try Notebook.parse(path: "test.md", text: text)) }

    @Test func aCleanNotebookReplaysCleanAndUpdateChangesNothing() throws {
        let r = try replay(Self.clean)
        #expect(r.mismatches.isEmpty, "\(r.diff)")
        #expect(r.commandCount == 4)
        #expect(r.summary == "test.md: 4 commands replayed clean")
        #expect(r.updatedText == Self.clean)
        #expect(r.notebook.frontMatter.seed == 5 && r.notebook.frontMatter.precision == 3)
    }

    @Test func numbersMatchWithinTheToleranceOrTheLastShownDigit() {
        #expect(OutputComparison.matches(recorded: "x = [0.5000]", replayed: "x = [0.5001]", tolerance: 1e-9))
        #expect(!OutputComparison.matches(recorded: "x = [0.5000]", replayed: "x = [0.5002]", tolerance: 1e-9))
        #expect(OutputComparison.matches(recorded: "x = [0.5000]", replayed: "x = [0.5002]", tolerance: 1e-3))
        #expect(!OutputComparison.matches(recorded: "y = [0.5000]", replayed: "x = [0.5000]", tolerance: 1))
        #expect(!OutputComparison.matches(recorded: "x = [0.5]", replayed: "x = [0.5, 1]", tolerance: 1))
        #expect(OutputComparison.matches(recorded: "W_f1 = 2.0", replayed: "W_f1 = 2.1", tolerance: 0.2))
        #expect(!OutputComparison.matches(recorded: "W_f1 = 2.0", replayed: "W_f2 = 2.0", tolerance: 0.2))
        #expect(OutputComparison.matches(recorded: "a = -1.5e-3", replayed: "a = -1.4e-3", tolerance: 1e-3))
    }

    @Test func aWrongOutputGivesAUnifiedDiffAtItsLine() throws {
        let wrong = Self.clean.replacingOccurrences(of: "a * 2 = [2.000, 4.000]", with: "a * 2 = [2.000, 5.000]")
        let r = try replay(wrong)
        #expect(r.mismatches.count == 1)
        #expect(r.diff == """
            --- test.md:12 recorded
            +++ test.md:12 replayed (different output)
            @@ -12,1 +12,1 @@ > a * 2
            -a * 2 = [2.000, 5.000]
            +a * 2 = [2.000, 4.000]
            """)
        #expect(r.summary == "test.md: 4 commands, 1 mismatch")
        #expect(r.updatedText == Self.clean)
    }

    @Test func missingOutputsAreWrittenInPlace() throws {
        let bare = Self.clean.replacingOccurrences(of: "σ(0) = 0.500\na = [1.000, 2.000]\n", with: "")
        let r = try replay(bare)
        #expect(r.mismatches.first?.command.source == ["  print σ(0), a"])
        // The error block's recorded line number moves back when the two lines return: settle does both.
        #expect(try Notebook.settle(path: "test.md", text: bare).text == Self.clean)
    }

    @Test func optionsChangeWhatIsCompared() throws {
        let noCompare = Self.clean.replacingOccurrences(of: "```lstm\n> let a", with: "<!-- lstm: no-compare -->\n```lstm\n> let a")
            .replacingOccurrences(of: "[2.000, 4.000]", with: "[9.000, 9.000]")
        let shifted = try replay(noCompare)
        // Only the error block's recorded line number moved (one line was added above it).
        #expect(shifted.mismatches.count == 1)
        #expect(shifted.mismatches[0].command.source == ["  a + [1]"])
        let unmarked = Self.clean.replacingOccurrences(of: "<!-- lstm: error -->\n", with: "")
        #expect(try replay(unmarked).mismatches.first?.reason == "an unexpected error")
        let noError = Self.clean.replacingOccurrences(of: "> a + [1]", with: "> a + [1, 1]")
        #expect(try replay(noError).mismatches.contains { $0.reason == "the block is marked error but nothing failed" })
        let hidden = "<!-- lstm: hidden\n> let secret = 41\n-->\n```lstm\n> secret + 1\nsecret + 1 = 42.0000\n```\n"
        let h = try replay(hidden)
        #expect(h.mismatches.isEmpty && h.commandCount == 2)
    }

    @Test func malformedNotebooksAreLocatedErrors() {
        #expect(throws: Diagnostic.self) { try Notebook.parse(path: "m.md", text: "```lstm\noutput first\n```\n") }
        #expect(throws: Diagnostic.self) { try Notebook.parse(path: "m.md", text: "```lstm\n> 1\n") }
        #expect(throws: Diagnostic.self) { try Notebook.parse(path: "m.md", text: "---\nseed: [\n---\n") }
        #expect(throws: Diagnostic.self) { try Notebook.parse(path: "m.md", text: "<!-- lstm: sometimes -->\n") }
    }

    @Test func aSavedSessionReplaysClean() throws {
        var session = Session()
        var transcript = Transcript()
        for entry in ["cell c = lstm(inputs: 1, hidden: 2, seed: 4)", "feed c [[1], [2]]", "show c", "c.W_f = [1]",
                      "cell v(inputs: 1, hidden: 1) {\n  h = tanh(W · [h, x] + b)\n}", "feed v [3]", "v.h_t"] {
            if entry == "feed v [3]" { transcript.note("An equation cell, fed once.") }
            let file = SourceFile(name: "<repl>", text: entry)
            transcript.record(entry, ranAs: file, result: session.run(file, atomic: true))
        }
        // Written from what was seen, errors placed at the notebook's own lines: it replays clean as it is.
        transcript.note("A note cannot break the notebook:\n```lstm\n> 1 + 1\n<!-- lstm: error -->")
        let text = transcript.notebookText(title: "Saved", path: "saved.md")
        let replay = Replay(try Notebook.parse(path: "saved.md", text: text))
        #expect(replay.mismatches.isEmpty, "\(replay.diff)")
        #expect(replay.commandCount == 7)
        #expect(text.contains("<!-- lstm: error -->\n```lstm\n> c.W_f = [1]\nsaved.md:"))
        #expect(text.contains("An equation cell, fed once."))
        #expect(text.contains("… }"))
        #expect(text.contains("\\```lstm\n> 1 + 1\n\\<!-- lstm: error -->"))
        #expect(replay.updatedText == text)
        #expect(transcript.scriptText().hasPrefix("cell c = lstm(inputs: 1, hidden: 2, seed: 4)\nfeed c [[1], [2]]\nshow c\n"))
        #expect(transcript.scriptText().contains("# An equation cell, fed once.\nfeed v [3]\n"))
    }

    /// For many generated notebooks: replay + update settles, a second update changes no byte, and the
    /// update touches only output lines (prose, commands and fences come through in order).
    @Test func updateIsIdempotentAndTouchesOnlyOutputs() throws {
        var rng = SplitMix64(seed: 31)
        let commands = ["let a = [1, 2]", "a * 3", "print σ(a)", "cell c = gru(inputs: 1, hidden: 1)", "feed c [0.5]",
                        "c.h_t", "show c", "precision 2", "tanh(a)", "a + [1]", "zz", "let M = [[1, 0],\n… [0, 1]]", "M · a"]
        let prose = ["Some words.", "## A heading", "", "- a list item", "> a quote, not a command"]
        for _ in 0..<60 {
            var lines: [String] = []
            for _ in 0..<Int(rng.next() % 4 + 1) {
                lines.append(prose[Int(rng.next() % UInt64(prose.count))])
                lines.append("")
                lines.append("```lstm")
                for _ in 0..<Int(rng.next() % 5 + 1) {
                    let c = commands[Int(rng.next() % UInt64(commands.count))]
                    lines.append("> " + c)
                    if rng.next() % 3 == 0 { lines.append("stale output \(rng.next() % 100)") }
                }
                lines.append("```")
            }
            let original = lines.joined(separator: "\n") + "\n"
            let first = try Notebook.parse(path: "gen.md", text: original)
            let nonOutput = { (nb: Notebook) -> [String] in
                let outputLines = Set(nb.blocks.flatMap { $0.commands.flatMap { Array($0.output) } })
                return nb.lines.indices.filter { !outputLines.contains($0) }.map { nb.lines[$0] }
            }
            let updated = Replay(first).updatedText
            let second = try Notebook.parse(path: "gen.md", text: updated)
            #expect(nonOutput(second) == nonOutput(first))
            let settled = try Notebook.settle(path: "gen.md", text: updated).text
            #expect(Replay(try Notebook.parse(path: "gen.md", text: settled)).updatedText == settled)
        }
    }
}

/// Every notebook in the repository (the lessons, docs written as notebooks, the README's example) replays clean.
@Suite struct RepositoryNotebookTests {
    static let paths: [String] = ["README.md"] + ["notebooks", "docs"].flatMap { folder -> [String] in
        let url = Support.root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        // Markdown without lstm blocks (a notebook folder's README, docs/notebooks.md, docs/library.md) is no notebook.
        let notebooks = names.filter { name in
            guard name.hasSuffix(".md"), let text = try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) else {
                return false
            }
            // One that does not parse is kept, so the test below fails on it.
            return (try? Notebook.parse(path: name, text: text))?.blocks.isEmpty != true
        }
        return notebooks.sorted().map { "\(folder)/\($0)" }
    }

    @Test(arguments: paths)
    func replaysClean(_ path: String) throws {
        let text = try String(contentsOf: Support.root.appendingPathComponent(path), encoding: .utf8)
        let replay = Replay(try Notebook.parse(path: path, text: text))
        #expect(replay.mismatches.isEmpty, "\(replay.diff)")
        #expect(replay.commandCount > 0)
    }
}
