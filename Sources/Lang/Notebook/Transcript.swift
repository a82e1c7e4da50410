/// A session's history as it will be saved: each command with what it showed, and notes of prose between
/// them. `notebookText` writes it as a notebook that replays clean, from what was seen — nothing is run
/// again; `scriptText` writes the commands alone.
public struct Transcript: Sendable {
    enum Item: Sendable {
        /// A command as typed, the file it ran as (for placing its diagnostics), its outputs and its error.
        case command(text: String, ranAs: SourceFile, outputs: [Output], error: Diagnostic?)
        case note(String)
    }

    var items: [Item] = []
    public var frontMatter: FrontMatter

    public init(frontMatter: FrontMatter = FrontMatter()) { self.frontMatter = frontMatter }

    /// Records a command that ran as `file` (a REPL entry, or a command of a loaded notebook or script).
    public mutating func record(_ text: String, ranAs file: SourceFile, result: Session.Result) {
        items.append(.command(text: text, ranAs: file, outputs: result.outputs, error: result.error))
    }

    /// Adds a paragraph of prose after what was recorded so far.
    public mutating func note(_ text: String) { items.append(.note(text)) }

    /// Forgets everything (`:reset`).
    public mutating func clear() { items = [] }

    /// The number of commands recorded.
    public var commandCount: Int { items.filter { if case .command = $0 { return true } else { return false } }.count }

    /// The notebook at `path`: front matter, then blocks of commands separated by the notes; a failed command
    /// goes in a block of its own marked `error`. Diagnostics name the notebook's own lines, as a replay
    /// will; a note cannot open a block or mark one.
    public func notebookText(title: String, path: String) -> String {
        var lines = (frontMatter.text + "# \(title)").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blockOpen = false
        func close() {
            if blockOpen { lines.append("```") }
            blockOpen = false
        }
        for item in items {
            switch item {
            case .note(let text):
                close()
                lines += [""] + text.split(separator: "\n", omittingEmptySubsequences: false).map { Self.prose(String($0)) }
            case let .command(text, ranAs, outputs, error):
                if error != nil { close() }
                if !blockOpen {
                    lines += [""] + (error != nil ? ["<!-- lstm: error -->"] : []) + ["```lstm"]
                    blockOpen = true
                }
                let source = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let here = SourceFile(name: path, text: source.map { "  " + $0 }.joined(separator: "\n"), firstLine: lines.count + 1)
                lines += source.enumerated().map { ($0 == 0 ? "> " : "… ") + $1 }
                for output in outputs {
                    if case .warning(let d) = output {
                        lines += TextRenderer.lines(.warning(Self.relocate(d, from: ranAs, typed: text, to: here)))
                    } else {
                        lines += TextRenderer.lines(output)
                    }
                }
                if let error {
                    let placed = Self.relocate(error, from: ranAs, typed: text, to: here)
                    lines += TextRenderer.render(placed).split(separator: "\n").map(String.init)
                    close()
                }
            }
        }
        close()
        return lines.joined(separator: "\n") + "\n"
    }

    /// The commands as a script: each as typed, notes as comments.
    public func scriptText() -> String {
        items.map { item -> String in
            switch item {
            case .note(let text):
                return text.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(separator: "\n")
            case .command(let text, _, _, _): return text
            }
        }.joined(separator: "\n") + "\n"
    }

    /// A line of a note as prose that cannot be read as notebook structure: a fence or a `lstm` comment is
    /// escaped so it shows as typed.
    static func prose(_ line: String) -> String {
        let trimmed = line.drop { $0 == " " }
        if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") || trimmed.hasPrefix("<!--") || trimmed.hasPrefix("---") {
            return "\\" + line
        }
        return line
    }

    /// A diagnostic of a command that ran as `file`, placed in the notebook's copy of the command (`here`,
    /// whose lines carry the two columns of `> ` or `… `). A REPL entry ran as the typed text itself; a
    /// command of a loaded notebook ran with those two columns already.
    static func relocate(_ d: Diagnostic, from file: SourceFile, typed: String, to here: SourceFile) -> Diagnostic {
        let shift = file.text == typed ? 2 : 0
        func place(_ offset: Int) -> Int {
            let (line, column) = file.location(of: offset)
            return here.offset(lineIndex: line - file.firstLine, column: column + shift)
        }
        let range = SourceRange(place(d.range.start), place(d.range.end))
        return Diagnostic(d.what, at: range, in: here, notes: d.notes, severity: d.severity)
    }
}
