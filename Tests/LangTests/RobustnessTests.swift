import Foundation
import Testing
import Kernel
import Lang

/// No input may crash or trap the interpreter: random token soup and random bytes always end in outputs
/// or a located diagnostic.
@Suite struct RobustnessTests {
    static let vocabulary = [
        "cell", "c", "=", "lstm", "gru", "rnn", "(", ")", "[", "]", "{", "}", ",", ":", "inputs", "hidden", "1", "2",
        "0.5", "-", "+", "*", "/", "·", "@", ".", "W_f", "b_f", "h", "C", "x", "f_t", "C~_t", "h_{t-1}", "feed", "print",
        "show", "trace", "reset", "precision", "let", "σ", "tanh", "\n", "peephole", "coupled", "true", "seed",
        "backward", "dh_t", "1e308", "0", "[[1, 2], [3]]", "#", "_{", "~", "\u{0303}", "é", "\"",
    ]

    /// Inputs that crashed the tool in the fuzzing campaign (and seed our own fuzzing) run through the fuzz target's
    /// entry, built plainly, to their end.
    @Test func theFuzzTargetRunsEveryRegressionInput() throws {
        let folder = Support.root.appendingPathComponent("Tests/Fuzz/regressions")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { folder.appendingPathComponent($0).path }
        #expect(inputs.count >= 13)
        let process = Process()
        process.executableURL = Support.binary.deletingLastPathComponent().appendingPathComponent("lstm-fuzz")
        process.arguments = inputs
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(text == inputs.map { "ran \($0)\n" }.joined())
    }

    @Test func randomTokenSoupNeverCrashes() {
        var rng = SplitMix64(seed: 2024)
        var session = Session()
        _ = session.run(SourceFile(name: "setup", text: "cell c = lstm(inputs: 1, hidden: 2)\ncell g = gru(inputs: 2, hidden: 1)"))
        var diagnostics = 0
        for n in 0..<3000 {
            let count = Int(rng.next() % 14) + 1
            let text = (0..<count).map { _ in Self.vocabulary[Int(rng.next() % UInt64(Self.vocabulary.count))] }.joined(separator: " ")
            let result = session.run(SourceFile(name: "fuzz \(n)", text: text), atomic: true)
            if let e = result.error {
                diagnostics += 1
                #expect(e.line >= 1 && e.column >= 1 && !e.message.isEmpty)
                #expect(TextRenderer.render(e).contains("fuzz \(n):\(e.line):\(e.column): error: "))
            }
        }
        #expect(diagnostics > 1000)
    }

    @Test func structuredNonsenseNeverCrashes() {
        var rng = SplitMix64(seed: 7)
        let templates = [
            "c.W_f = %M", "c.b_i = %V", "feed c %M", "feed g %M", "c.h = %V", "let a = %M · %V", "let a = %V + %V",
            "backward c dh_t: %M, dC_T: %V", "print c.dW_f", "cell e(inputs: 1, hidden: 2) { h = tanh(W · [h, x] + %V) }",
            "feed e %M", "g.W_h = %M", "print %M[%N]", "precision %N",
        ]
        var session = Session()
        _ = session.run(SourceFile(name: "setup", text: "cell c = lstm(inputs: 1, hidden: 2)\ncell g = gru(inputs: 2, hidden: 1)"))
        func number() -> String { ["0", "1", "-2.5", "1e300", "3", "0.25"][Int(rng.next() % 6)] }
        func vector() -> String { "[" + (0..<Int(rng.next() % 4)).map { _ in number() }.joined(separator: ", ") + "]" }
        func matrix() -> String { "[" + (0..<Int(rng.next() % 4)).map { _ in vector() }.joined(separator: ", ") + "]" }
        for n in 0..<2000 {
            var text = templates[Int(rng.next() % UInt64(templates.count))]
            while let r = text.range(of: "%M") { text.replaceSubrange(r, with: matrix()) }
            while let r = text.range(of: "%V") { text.replaceSubrange(r, with: vector()) }
            while let r = text.range(of: "%N") { text.replaceSubrange(r, with: number()) }
            let result = session.run(SourceFile(name: "case \(n)", text: text), atomic: true)
            if let e = result.error { #expect(!e.message.isEmpty) }
        }
    }

    @Test func invalidUTF8IsLocated() {
        let bytes: [UInt8] = Array("print 1\nprint ".utf8) + [0xFF, 0xFE] + Array(" 2\n".utf8)
        guard case .failure(let d) = SourceFile.decode(name: "bad.lstm", bytes: bytes) else {
            Issue.record("invalid UTF-8 was accepted"); return
        }
        #expect(d.line == 2 && d.column == 7)
        #expect(d.message.contains("not valid UTF-8"))
    }

    @Test func aScriptMayStartWithAByteOrderMark() throws {
        let file = try SourceFile.decode(name: "bom.lstm", bytes: [0xEF, 0xBB, 0xBF] + Array("print 2 +\n".utf8)).get()
        var session = Session()
        let error = try #require(session.run(file).error)
        #expect(error.line == 1 && error.column == 10, "columns count from the first character after the mark")
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let text = "print " + String(repeating: "[", count: 100_000) + "1" + String(repeating: "]", count: 100_000)
        let out = Support.run(text, name: "deep.lstm")
        #expect(out.contains("nested too deeply"))
    }

    /// Left-associative chains build trees as tall as brackets do, so the same kind of limit covers them: up to
    /// 200 operations deep every phase walks the tree; one more is refused by the parser, however long the chain.
    @Test func longChainsRunUpToTheLimitAndAreRefusedPastIt() {
        func chain(_ n: Int) -> [String] {
            ["print " + Array(repeating: "1", count: n).joined(separator: " + "),
             "print " + String(repeating: "-", count: n - 1) + "1",
             "let v = [[1]]\nprint v" + String(repeating: "[0]", count: n - 1),
             "cell c = lstm(inputs: 1, hidden: 1)\nprint c" + String(repeating: ".h", count: n - 1),
             "cell e(inputs: 1, hidden: 1) {\n  h = b + " + Array(repeating: "x", count: n - 1).joined(separator: " + ")
                + "\n}\ne.b = [0]\nfeed e [[0.5]]\nbackward e dh_t: [[1]]\nprint e.h, e.db"]
        }
        let within = chain(200).map { Support.run($0) }
        #expect(within[0].hasSuffix(" = 200.0000") && within[1].hasSuffix(" = -1.0000"), "\(within[0]) \(within[1])")
        #expect(within[4].hasSuffix("e.h = [99.5000]\ne.db = [1.0000]"), "\(within[4])")
        #expect(within[2].contains("error: a number cannot be indexed") && within[3].contains("error: only cells and models"))
        for (text, out) in zip(chain(201) + chain(100_000), chain(201).map { Support.run($0) } + chain(100_000).map { Support.run($0) }) {
            #expect(out.contains("error: the expression is more than 200 operations deep")
                || out.contains("error: the expression is nested too deeply (more than 200 levels)"), "\(text.prefix(40))")
        }
    }

    /// The fuzzing campaign's traps on plots and data, one by one (each ended the REPL before).
    @Test func plotsOfExtremeRangesDrawAndBadPeriodsAreRefused() throws {
        let narrow = Support.run("plot [1e16]")
        #expect(narrow.contains("1e+16 │") && narrow.contains("│●●●●"))
        let wide = Support.run("plot [-1e308, 1e308]")
        #expect(wide.contains("-1e+308 │●") && wide.contains("1e+308 │"))
        let folder = try Support.scratchFolder()
        let svg = folder.appendingPathComponent("wide.svg").path
        _ = Support.run("plot [-1e308, 1e308] to \"\(svg)\"")
        let drawn = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(drawn.contains("<polyline") && !drawn.contains("NaN"))
        for period in ["0.1", "4294967296"] {
            #expect(Support.run("sine_waves(count: 1, length: 1, period: \(period))")
                .contains("error: sine_waves needs a period from 0.25 to below 2^29"))
        }
    }
}
