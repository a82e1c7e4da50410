import ArgumentParser
import Foundation
import Lang

/// `lstm` with no arguments: the REPL on a terminal; on a pipe, the input runs like a script.
struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "The interactive REPL (the default).")

    func run() throws {
        guard isatty(0) == 1 else {
            // Not a terminal: no prompts, no echo; standard input runs like a script.
            return try Run.scripts(["-"], format: .text)
        }
        let repl = REPL()
        repl.start()
    }
}

/// The interactive loop: prompts, multi-line entries, meta-commands, history, Ctrl-C and Ctrl-D.
final class REPL {
    var session = Session()
    var transcript = Transcript()
    /// The exercise being done, if one was opened (:exercise).
    var exercise: OpenExercise?
    var pending: [String] = []
    var entries = 0
    var running = true
    /// Whether the hint about an open bracket has been shown (once a session).
    var toldAboutContinuation = false
    let history = HistoryFile(path: HistoryFile.defaultPath)
    var editor: LineEditor!

    /// Text charts as wide as the terminal.
    let printer: Printer = {
        var printer = Printer(format: .text)
        printer.fitsTerminal = true
        return printer
    }()

    func start() {
        Signals.install()
        Signals.installEnding()
        session.shouldStop = Signals.interrupted
        session.sink = printer.sink
        editor = LineEditor { [unowned self] line in self.receive(line) }
        editor.completer = { [unowned self] line, cursor in
            Completion.candidates(line: line, cursor: cursor, session: self.session, files: Self.paths)
        }
        for entry in history.load() { editor.add(history: entry) }
        Console.out("lstm \(LSTMVersion.current) — :help for help, :quit or Ctrl-D to leave")
        prompt("> ")
        while running {
            if Signals.ending != 0 {
                editor.pause()
                Console.out("")
                Signals.endByPendingSignal()
            }
            if Signals.interrupted() {
                Signals.clear()
                pending = []
                editor.interruptLine()
                prompt("> ")
            }
            if !editor.readCharacter() { break }
        }
        editor.pause()
        Signals.editing = 0
    }

    /// A finished line (nil at Ctrl-D).
    func receive(_ line: String?) {
        guard let line else {
            Console.out("")
            running = false
            editor.pause()
            Signals.editing = 0
            return
        }
        pending.append(line)
        let text = pending.joined(separator: "\n")
        if Continuation.needsMore(text) {
            if !toldAboutContinuation {
                toldAboutContinuation = true
                Console.out("(a bracket is open: the entry goes on until it closes; Ctrl-C cancels it)")
            }
            editor.prompt("… ")
            return
        }
        pending = []
        editor.pause()
        Signals.editing = 0
        if !text.trimmingCharacters(in: .whitespaces).isEmpty {
            editor.add(history: text)
            history.append(text)
            for command in Paste.commands(in: text) ?? [text] { execute(command) }
        }
        if running { prompt("> ") }
    }

    /// Hands the terminal to the line editor with `text` as the prompt.
    func prompt(_ text: String) {
        editor.prompt(text)
        Signals.editing = 1
    }

    func execute(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix(":") { return meta(trimmed) }
        if let hint = Self.hint(for: trimmed, defined: session.order) { return Console.out(hint) }
        entries += 1
        Signals.clear()
        let file = SourceFile(name: "<repl \(entries)>", text: text)
        let result = session.run(file, atomic: true)
        if Signals.interrupted() { Console.out("") }
        Signals.clear()
        show(result)
        transcript.record(text, ranAs: file, result: result)
    }

    /// After a run: its outputs were printed as they came (the session's sink); the error is left.
    func show(_ result: Session.Result) {
        if let e = result.error { printer.report(e) }
    }

    func report(_ text: String) { Console.out(text) }

    /// What a learner typing another tool's words (`help`, `?feed`, `quit`) needs to hear, unless the word
    /// is a name they defined.
    static func hint(for entry: String, defined: [String]) -> String? {
        guard !defined.contains(entry) else { return nil }
        switch entry {
        case "help", "?": return "help is :help (and :help TOPIC, like :help feed)"
        case "quit", "exit", "bye": return "to leave, type :quit or press Ctrl-D"
        default:
            guard entry.hasPrefix("?"), entry.count > 1, !entry.contains(" ") else { return nil }
            return "help on a word is :help \(entry.dropFirst())"
        }
    }

    func meta(_ line: String) {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch parts[0] {
        case ":quit", ":q", ":exit": running = false
        case ":help":
            Console.out(argument.isEmpty ? Help.overview : Help.topic(argument))
        case ":vars": Console.out(session.inventory)
        case ":history":
            for (k, entry) in history.load().suffix(50).enumerated() { Console.out("\(k + 1)  " + entry.replacingOccurrences(of: "\n",
                with: "\n    ")) }
        case ":reset":
            session = Session()
            session.shouldStop = Signals.interrupted
            session.sink = printer.sink
            transcript.clear()
            exercise = nil
            Console.out("the session is empty again")
        case ":note":
            transcript.note(argument)
        case ":exercise": openExercise(argument)
        case ":check": checkExercise()
        case ":hint": showHint()
        case ":load": load(argument)
        case ":save": save(argument, replacing: false)
        case ":save!": save(argument, replacing: true)
        default: report("unknown meta-command \(parts[0]); try :help")
        }
    }

    func load(_ path: String) {
        guard !path.isEmpty, let data = FileManager.default.contents(atPath: path) else {
            return report("cannot read '\(path)'")
        }
        let text = String(decoding: data, as: UTF8.self)
        if path.hasSuffix(".md") {
            do {
                let notebook = try Notebook.parse(path: path, text: text)
                for block in notebook.blocks where block.role == .lesson {
                    for command in block.commands {
                        let file = command.sourceFile(in: path)
                        let result = session.run(file, atomic: true)
                        show(result)
                        transcript.record(command.text, ranAs: file, result: result)
                    }
                }
            } catch { printer.report(error) }
            return
        }
        Signals.clear()
        var script = text
        while script.hasSuffix("\n") { script.removeLast() }
        let file = SourceFile(name: path, text: script)
        let result = session.run(file)
        show(result)
        transcript.record(script, ranAs: file, result: result)
    }

    /// `:save FILE` (`:save! FILE` replaces a file that exists): a notebook (.md) of what was seen, or a
    /// script (.lstm) of what was typed. Nothing is run again.
    func save(_ path: String, replacing: Bool) {
        guard !path.isEmpty else { return report("give a file name, like :save lesson.md (or :save steps.lstm for a script)") }
        if !replacing && FileManager.default.fileExists(atPath: path) {
            return report("\(path) exists; :save! \(path) replaces it")
        }
        let title = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        Signals.clear()
        let text = path.hasSuffix(".lstm") ? transcript.scriptText() : transcript.notebookText(title: title, path: path)
        // A Ctrl-C that stopped the write is answered here, not again as an interrupted line at the next prompt.
        defer { Signals.clear() }
        do {
            try AtomicFile.write(text, to: path, shouldStop: Signals.interrupted)
            Console.out("saved \(transcript.commandCount.counting("command")) to \(path)")
        } catch {
            report("cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// Paths that start with `partial`, for completion after :load and :save.
    static func paths(_ partial: String) -> [String] {
        let dir = partial.contains("/") ? String(partial[..<partial.lastIndex(of: "/")!]) + "/" : ""
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        return listed.map { name -> String in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: dir + name, isDirectory: &isFolder)
            return dir + name + (isFolder.boolValue ? "/" : "")
        }.filter { $0.hasPrefix(partial) && !$0.hasPrefix(".") || partial.hasPrefix(".") && $0.hasPrefix(partial) }
    }
}
