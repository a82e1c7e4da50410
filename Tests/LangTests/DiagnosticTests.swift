import Testing
import Lang

/// Diagnostics are values: each has an identity that names the phase that found it and the message's
/// constructor, so tools can match on it while the wording is free to improve.
@Suite struct DiagnosticTests {
    func id(_ text: String) -> String? {
        var session = Session()
        return session.run(SourceFile(name: "d.lstm", text: text)).error?.id
    }

    /// The caret sits under the place as a terminal draws the line: a wide character takes two columns, a
    /// combining mark none.
    @Test func theCaretCountsColumnsAsATerminalDoes() {
        let wide = Support.run("let 宽 = 1\nprint 宽 + zz").split(separator: "\n").map(String.init)
        #expect(wide[1...2] == ["    print 宽 + zz", "               ^~"], "\(wide)")
        let combining = Support.run("print \"e\u{301}宽\" + 1").split(separator: "\n").map(String.init)
        #expect(combining.suffix(2) == ["    print \"e\u{301}宽\" + 1", "          ^~~~~"], "\(combining)")
    }

    @Test func eachPhaseNamesItsDiagnostics() {
        #expect(id("let x = 3 ? 4") == "syntax.unexpected-character")
        #expect(id("cell v(inputs: 1, hidden: 1) {\n  h = \\sigmoid(h)\n}") == "syntax.unknown-latex-command")
        #expect(id("let w = [1, 2") == "syntax.expected-symbol")
        #expect(id("cell v(inputs: 1, hidden: 2) {\n  f = σ(W_f · [h, x] + b_f)\n}") == "check.no-output")
        #expect(id("print zeta") == "run.unknown-name")
        #expect(id("cell c = lstm(inputs: 1, hidden: 2)\nprint c.f_t") == "run.not-fed-yet")
        #expect(id("[1, 2][5]") == "run.index-out-of-range")
    }

    @Test func notebookDiagnosticsHaveIdsToo() {
        #expect(throws: Diagnostic.self) { try Notebook.parse(path: "n.md", text: "---\nseed: 1\n# no end\n") }
        do {
            _ = try Notebook.parse(path: "n.md", text: "---\nseed: 1\n# no end\n")
        } catch {
            #expect(error.id == "notebook.unclosed-front-matter")
        }
    }

    @Test func theTextRendererDrawsTheExcerptAndCaret() {
        var session = Session()
        let error = session.run(SourceFile(name: "d.lstm", text: "let a = 1\nprint a + zeta")).error
        #expect(error.map(TextRenderer.render) == """
            d.lstm:2:11: error: unknown name 'zeta'
                print a + zeta
                          ^~~~
            note: defined: a
            """)
    }
}
