import Foundation
import Testing

/// `lstm run`: exit statuses, errors on stderr with file:line:col and a caret, JSON lines, stdin.
@Suite struct ScriptRunnerTests {
    func script(_ text: String) throws -> String {
        let url = try Support.scratchFolder().appendingPathComponent("test.lstm")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func successExitsZeroAndPrints() throws {
        let path = try script("cell c = rnn(inputs: 1, hidden: 1)\nc.W_h = [[0, 1]]\nc.b_h = [0]\nfeed c [0.5]\nprint c.h_t\n")
        let r = try Support.lstm(["run", path])
        #expect(r.status == 0)
        #expect(r.stdout == "c.h_t = [0.4621]\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func anErrorExitsOneAndNothingAfterItRuns() throws {
        let path = try script("print 1\nprint nope\nprint 3\n")
        let r = try Support.lstm(["run", path])
        #expect(r.status == 1)
        #expect(r.stdout == "1 = 1.0000\n")
        #expect(r.stderr == "\(path):2:7: error: unknown name 'nope'\n    print nope\n          ^~~~\n")
    }

    @Test func badUsageExitsTwo() throws {
        #expect(try Support.lstm(["run"]).status == 2)
        #expect(try Support.lstm(["run", "--format", "yaml", "x"]).status == 2)
        #expect(try Support.lstm(["run", "/nonexistent/file.lstm"]).status == 2)
        #expect(try Support.lstm(["--no-such-flag"]).status == 2)
    }

    @Test func jsonLinesCarryFullPrecision() throws {
        let r = try Support.lstm(["run", "--format", "json", "-"],
            input: "print σ(1)\ncell c = lstm(inputs: 1, hidden: 1)\nfeed c [1]\nprint c.t\n")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 2)
        #expect(lines[0]["expr"] as? String == "σ(1)")
        // Compared as text: JSONSerialization's number parsing may round the last digit.
        #expect(r.stdout.contains("\"value\": \(1 / (1 + exp(-1.0)))}"))
        #expect(lines[0]["step"] is NSNull)
        #expect(lines[1]["step"] as? Int == 1)
    }

    @Test func jsonTrainingStepsAreNumbers() throws {
        let script = """
            let X = sine_waves(count: 2, length: 8)
            cell a = lstm(inputs: 1, hidden: 2, seed: 1)
            model m = a -> linear(outputs: 1)
            train m input: X[:, 0:7], target: X[:, 1:8], optimizer: sgd(lr: 0.1), steps: 2, test_input: X, test_target: X
            print m.losses
            """
        let r = try Support.lstm(["run", "--format", "json", "-"], input: script + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.map { $0["kind"] as? String } == ["training_step", "training_step", "print"])
        #expect(lines[1]["step"] as? Int == 2)
        let losses = lines[2]["value"] as? [Double]
        #expect((lines[0]["loss"] as? Double).map { abs($0 - (losses?[0] ?? .nan)) < 1e-15 } == true)
        #expect(lines[0]["test_loss"] is Double)
    }

    @Test func jsonTraceRowsHaveNumericStepsAndUnits() throws {
        let script = "cell c = rnn(inputs: 1, hidden: 2, seed: 1)\nfeed c [[1], [2]]\ntrace c\n"
        let r = try Support.lstm(["run", "--format", "json", "-"], input: script, in: try Support.scratchFolder())
        #expect(r.status == 0)
        let table = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let rows = table["rows"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["t"] as? Int } == [1, 1, 2, 2])
        #expect(rows.map { $0["unit"] as? Int } == [0, 1, 0, 1])
        #expect(rows.allSatisfy { $0["h_t"] is Double })
    }

    @Test func jsonErrorsAreJSONToo() throws {
        let r = try Support.lstm(["run", "--format", "json", "-"], input: "print 1 +\n")
        #expect(r.status == 1)
        let e = try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as! [String: Any]
        #expect(e["line"] as? Int == 1)
        #expect(e["file"] as? String == "<stdin>")
        #expect(e["id"] as? String == "syntax.expected-value")
    }

    @Test func warningsGoToStandardErrorAndTheCellSummaryToOutput() throws {
        let script = "cell t(inputs: 1, hidden: 2) {\n  f = σ(W_f · [h, x] + b_f)\n  h = f * tanh(W_h · [h, x] + b_F)\n}\n"
        let r = try Support.lstm(["run", "--format", "json", "-"], input: script)
        #expect(r.status == 0, "\(r.stderr)")
        let warning = try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as! [String: Any]
        #expect(warning["kind"] as? String == "warning")
        #expect(warning["id"] as? String == "check.similar-names")
        #expect(warning["line"] as? Int == 3 && warning["column"] as? Int == 31)
        let summary = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(summary["kind"] as? String == "cell")
        #expect(summary["state"] as? [String] == ["h"])
        let parameters = summary["parameters"] as? [[String: Any]] ?? []
        #expect(parameters.map { $0["name"] as? String } == ["W_f", "b_f", "W_h", "b_F"])
        #expect(parameters.map { $0["shape"] as? [Int] } == [[2, 3], [2], [2, 3], [2]])
    }

    @Test func invalidUTF8FileIsAnErrorNotACrash() throws {
        let url = try Support.scratchFolder().appendingPathComponent("bad.lstm")
        try Data([0x70, 0x72, 0x69, 0x6E, 0x74, 0x20, 0xC3, 0x28, 0x0A]).write(to: url)
        let r = try Support.lstm(["run", url.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains(":1:7: error: the file is not valid UTF-8"))
    }

    @Test func pipedInputRunsLikeAScript() throws {
        let ok = try Support.lstm([], input: "print 1 + 1\n")
        #expect(ok.status == 0 && ok.stdout == "1 + 1 = 2.0000\n")
        let bad = try Support.lstm([], input: "print 1\nprint x\n")
        #expect(bad.status == 1 && bad.stderr.contains("<stdin>:2:7: error: unknown name 'x'"))
    }
}
