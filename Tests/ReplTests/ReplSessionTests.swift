import Foundation
import Testing

/// The REPL as a person uses it, through a pseudo-terminal.
@Suite(.serialized) struct ReplSessionTests {
    func historyPath() -> String { Scratch.root + "lstm-history-\(UUID().uuidString)" }

    /// Types a line and waits for `expected`, then for the next prompt (keys typed while a command
    /// runs would otherwise race with the terminal's mode changes).
    func enter(_ t: PseudoTerminal, _ line: String, expect expected: String) -> Bool {
        let mark = t.screen.endIndex
        t.type(line + "\r")
        guard t.waitFor(expected, after: mark), let found = t.screen.range(of: expected,
            range: mark ..< t.screen.endIndex) else { return false }
        return t.waitFor("> ", after: found.upperBound)
    }

    @Test func commandsRunAndErrorsPointAtTheTypedInput() {
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath(), "NO_COLOR": "1"])
        #expect(t.waitFor("> "))
        t.type("cell c = rnn(inputs: 1, hidden: 1)\r")
        t.type("c.W_h = [[0, 1]]\rc.b_h = [0]\rfeed c [0.5]\rc.h_t\r")
        #expect(t.waitFor("c.h_t = [0.4621]"))
        t.type("feed c [1, 2]\r")
        #expect(t.waitFor("error: c takes 1 input per step; got a vector of 2"))
        #expect(t.waitFor("           ^~~~~~"))
        #expect(!t.screen.contains("\u{1B}[1;31m"))
        #expect(enter(t, "c.t", expect: "c.t = 1\r"))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
    }

    @Test func tabCompletesFieldsNamesAndMetaCommands() {
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath()])
        #expect(t.waitFor("> "))
        t.type("cell gate = lstm(inputs: 1, hidden: 1)\r")
        t.type("gate.W_\t\t")
        #expect(t.waitFor("gate.W_C"))
        #expect(t.waitFor("gate.W_o"))
        t.type("\u{15}ga\t")
        #expect(t.waitFor("gate"))
        t.type(".b_\t\t")
        #expect(t.waitFor("gate.b_f"))
        t.type("\u{15}:qu\t\r")
        #expect(t.exitStatus() == 0)
    }

    @Test func metaCommandsAndPathsCompleteAtAnyDepthAndInsideQuotes() throws {
        let folder = Scratch.root + "lstm-paths-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/lessons/deeper", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: folder + "/lessons/deeper/gates.md", contents: Data()))
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath()], directory: folder)
        #expect(t.waitFor("> "))
        t.type(":lo\t")
        #expect(t.waitFor(":load "))
        t.type("les\t")
        #expect(t.waitFor(":load lessons/"))
        t.type("dee\t")
        #expect(t.waitFor(":load lessons/deeper/"))
        t.type("ga\t")
        #expect(t.waitFor(":load lessons/deeper/gates.md"))
        t.type("\u{15}plot [1, 2] to \"lessons/d\t")
        #expect(t.waitFor("plot [1, 2] to \"lessons/deeper/"))
        t.type("\u{15}:quit\r")
        #expect(t.exitStatus() == 0)
    }

    @Test func otherToolsWordsGetTheLanguagesAndBracketsThatCannotCloseEndTheEntry() {
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath(), "NO_COLOR": "1"], directory: Scratch.root)
        #expect(t.waitFor("> "))
        #expect(enter(t, "help", expect: "help is :help (and :help TOPIC, like :help feed)"))
        #expect(enter(t, "?feed", expect: "help on a word is :help feed"))
        #expect(enter(t, "exit", expect: "to leave, type :quit or press Ctrl-D"))
        // Help travels with the binary: this folder holds no docs.
        #expect(enter(t, ":help f_t", expect: "f_t: the forget gate"))
        #expect(enter(t, ":help cells", expect: "  coupled: true            no input gate"))
        // A mismatched bracket is reported at once, never an endless continuation.
        #expect(enter(t, "print ([1, 2)", expect: "error: "))
        t.type("let m = [1,\r")
        #expect(t.waitFor("Ctrl-C cancels it"))
        t.type("2]\r")
        #expect(enter(t, "m", expect: "m = [1.0000, 2.0000]"))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
    }

    @Test func unfinishedBracketsContinueAndCtrlCAbandons() {
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath()])
        #expect(t.waitFor("> "))
        t.type("let m = [[1, 2],\r")
        #expect(t.waitFor("… "))
        t.type("[3, 4]]\rm[1]\r")
        #expect(t.waitFor("m[1] = [3.0000, 4.0000]"))
        let mark = t.screen.endIndex
        t.type("let q = [1,\r")
        #expect(t.waitFor("let q = [1,", after: mark))
        #expect(t.waitFor("… ", after: t.screen.range(of: "let q = [1,")?.upperBound ?? mark))
        let beforeInterrupt = t.screen.endIndex
        t.type("\u{03}")
        #expect(t.waitFor("^C", after: beforeInterrupt))
        #expect(t.waitFor("> ", after: t.screen.range(of: "^C", range: beforeInterrupt ..< t.screen.endIndex)?.upperBound))
        t.type("q\r")
        #expect(t.waitFor("unknown name 'q'"))
        t.type(":quit\r")
        #expect(t.exitStatus() == 0)
    }

    @Test func ctrlCStopsALongFeedAtAStepBoundary() {
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath()])
        #expect(t.waitFor("> "))
        // 4096 steps of a 4096-unit RNN: about 70 billion multiply-adds, far longer than the wait.
        #expect(enter(t, "cell big = rnn(inputs: 1, hidden: 4096)", expect: "hidden: 4096)"))
        t.type("feed big transpose(ones(4096))\r")
        Thread.sleep(forTimeInterval: 0.5)
        t.type("\u{03}")
        #expect(t.waitFor("(stopping at the end of the current step)"))
        #expect(t.waitFor("stopped after"))
        t.type("big.t > 0\r")
        #expect(enter(t, "print big.h_t[0] - big.h_t[0]", expect: "big.h_t[0] - big.h_t[0] = 0.0000"))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
    }

    @Test func sigtermAtThePromptGivesTheTerminalBack() {
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath()])
        #expect(t.waitFor("> "))
        t.type("let a = 1")
        #expect(t.waitFor("let a = 1"))
        // At the prompt, readline has the terminal in raw mode: no echo, no line editing by the terminal.
        #expect(t.localModes.map { $0 & tcflag_t(ECHO | ICANON) } == 0)
        kill(t.pid, SIGTERM)
        #expect(t.endingSignal() == SIGTERM)
        #expect(t.localModes.map { $0 & tcflag_t(ECHO | ICANON) } == tcflag_t(ECHO | ICANON))
    }

    @Test func historySurvivesARestartAndAConcurrentSession() throws {
        let path = historyPath()
        let a = PseudoTerminal(environment: ["LSTM_HISTORY": path])
        let b = PseudoTerminal(environment: ["LSTM_HISTORY": path])
        #expect(a.waitFor("> ") && b.waitFor("> "))
        // Both sessions stay open; A's line is written first, then B's, each merged into the file.
        #expect(enter(a, "let fromA = 1", expect: "let fromA = 1"))
        #expect(enter(b, "let fromB = 2", expect: "let fromB = 2"))
        a.type("\u{04}")
        b.type("\u{04}")
        #expect(a.exitStatus() == 0 && b.exitStatus() == 0)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("let fromA = 1") && saved.contains("let fromB = 2"))
        let c = PseudoTerminal(environment: ["LSTM_HISTORY": path])
        #expect(c.waitFor("> "))
        // Up twice recalls the line before the last; readline redraws only what changed ("B = 2" → "A = 1").
        #expect(enter(c, "\u{1B}[A\u{1B}[A", expect: "A = 1"))
        #expect(enter(c, "fromA + 10", expect: "fromA + 10 = 11.0000"))
        #expect(enter(c, ":history", expect: "let fromB = 2"))
        // Ctrl-R searches the history backwards.
        #expect(enter(c, "\u{12}fromA +", expect: "fromA + 10 = 11.0000"))
        c.type("\u{04}")
        #expect(c.exitStatus() == 0)
    }

    @Test func aPastedTranscriptRunsOnlyItsCommands() {
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath()])
        #expect(t.waitFor("> "))
        t.type("\u{1B}[200~> let a = 2\na = 2.0000\n> a + 1\na + 1 = 3.0000\u{1B}[201~\r")
        #expect(t.waitFor("a + 1 = 3.0000"))
        #expect(enter(t, "a * 10", expect: "a * 10 = 20.0000"))
        #expect(!t.screen.contains("error"))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
    }

    @Test func colourOnlyOnATerminalWithoutNoColor() {
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath()])
        #expect(t.waitFor("> "))
        #expect(enter(t, "nope", expect: "\u{1B}[1;31merror:\u{1B}[0m unknown name 'nope'"))
        t.type("let h_t = 2\r")
        #expect(enter(t, "h_t-1", expect: "\u{1B}[1;35mwarning:\u{1B}[0m this is h_t minus 1"))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
    }

    @Test func saveWritesANotebookThatLoadsBack() throws {
        let dir = Scratch.root + "lstm-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath()])
        #expect(t.waitFor("> "))
        t.type("cell c = gru(inputs: 1, hidden: 2, seed: 3)\r:note A GRU, fed twice.\rfeed c [[1], [2]]\rc.h_t\r")
        #expect(t.waitFor("c.h_t = ["))
        t.type(":save \(dir)/s.md\r")
        #expect(t.waitFor("saved 3 commands"))
        t.type(":reset\r:load \(dir)/s.md\r")
        #expect(enter(t, ":vars", expect: "c  gru cell, 1 → 2, t = 2"))
        // A script loads into the session too.
        try "let loaded = 40\nloaded = loaded + 2\n".write(toFile: "\(dir)/more.lstm", atomically: true, encoding: .utf8)
        t.type(":load \(dir)/more.lstm\r")
        #expect(enter(t, "loaded", expect: "loaded = 42.0000"))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
        let text = try String(contentsOfFile: "\(dir)/s.md", encoding: .utf8)
        #expect(text.contains("A GRU, fed twice.") && text.contains("> feed c [[1], [2]]"))
    }

    @Test func saveKeepsWhatWasSeenNeverOverwritesUnaskedAndWritesScriptsToo() throws {
        let dir = Scratch.root + "lstm-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "mine\n".write(toFile: "\(dir)/taken.md", atomically: true, encoding: .utf8)
        let t = PseudoTerminal(environment: ["LSTM_HISTORY": historyPath(), "NO_COLOR": "1"], directory: dir)
        #expect(t.waitFor("> "))
        // A long training stopped by Ctrl-C is saved as far as it went, at once (nothing runs again).
        t.type("let X = sine_waves(count: 4, length: 60)\rcell a = lstm(inputs: 1, hidden: 8, seed: 1)\r")
        t.type("model m = a -> linear(outputs: 1)\r")
        t.type("train m input: X[:, 0:59], target: X[:, 1:60], optimizer: sgd(lr: 0.01), steps: 100000\r")
        #expect(t.waitFor("step 3: loss"))
        t.type("\u{03}")
        #expect(t.waitFor("; m keeps the weights after step"))
        #expect(enter(t, ":save taken.md", expect: "taken.md exists; :save! taken.md replaces it"))
        #expect(try String(contentsOfFile: "\(dir)/taken.md", encoding: .utf8) == "mine\n")
        #expect(enter(t, ":save! taken.md", expect: "saved 4 commands to taken.md"))
        #expect(enter(t, ":save steps.lstm", expect: "saved 4 commands to steps.lstm"))
        t.type("\u{04}")
        #expect(t.exitStatus() == 0)
        let notebook = try String(contentsOfFile: "\(dir)/taken.md", encoding: .utf8)
        #expect(notebook.contains("m keeps the weights after step") && !notebook.contains("step 100000:"))
        let script = try String(contentsOfFile: "\(dir)/steps.lstm", encoding: .utf8)
        #expect(script.hasPrefix("let X = sine_waves(count: 4, length: 60)\ncell a = ") && !script.contains("```"))
    }
}
