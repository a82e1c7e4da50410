import Foundation

/// An `lstm` block as a terminal session on a web page: each command after its prompt, its output below it, errors,
/// warnings and notes in their colours. A command that drew something shows the picture (inline SVG) with its text
/// form folded under it, for copy and paste.
struct TranscriptHTML {
    let notebook: Notebook
    let replay: Replay

    func html(_ block: Notebook.Block) -> String {
        var out: [String] = []
        var terminal: [String] = []
        func closeTerminal() {
            if !terminal.isEmpty { out.append("<pre class=\"terminal\">" + terminal.joined(separator: "\n") + "</pre>") }
            terminal = []
        }
        for command in block.commands {
            let typed = notebook.lines[command.firstLine ..< command.output.lowerBound].map(Self.commandLine)
            let output = notebook.lines[command.output].map(Self.outputLine)
            guard let pictures = replay.pictures[command.firstLine] else {
                terminal += typed + output
                continue
            }
            terminal += typed
            closeTerminal()
            out += pictures.map { "<figure class=\"picture\">\(Self.scalable($0))</figure>" }
            if !output.isEmpty {
                out.append("<details class=\"text-form\"><summary>as text</summary><pre class=\"terminal\">"
                    + output.joined(separator: "\n") + "</pre></details>")
            }
        }
        closeTerminal()
        return "<div class=\"transcript\">\n" + out.joined(separator: "\n") + "\n</div>"
    }

    /// An SVG given a viewBox from its width and height, so the page can shrink it to the column and keep its shape.
    static func scalable(_ svg: String) -> String {
        guard svg.hasPrefix("<svg "), !svg.prefix(300).contains("viewBox"),
              let w = svg.firstMatch(of: /width="([0-9.]+)"/), let h = svg.firstMatch(of: /height="([0-9.]+)"/) else { return svg }
        return "<svg viewBox=\"0 0 \(w.1) \(h.1)\" " + svg.dropFirst(5)
    }

    /// The empty block a learner writes an exercise's answer in, as the page says how to do it.
    func answerHTML(_ exercise: Exercise) -> String {
        let path = HTML.escape(notebook.path)
        return "<div class=\"answer\">Answer in the notebook's empty block, then run <code>lstm check \(path)</code>; or in the "
            + "REPL: <code>:exercise \(path) \(HTML.escape(exercise.id))</code>, <code>:check</code>, <code>:hint</code>.</div>"
    }

    /// An exercise's heading, with an anchor of its own.
    static func exerciseHeading(_ exercise: Exercise) -> String {
        "<h3 class=\"exercise\" id=\"exercise-\(HTML.escape(exercise.id))\">Exercise \(HTML.escape(exercise.id))"
            + (exercise.title.isEmpty ? "" : " — " + HTML.escape(exercise.title)) + "</h3>"
    }

    /// `> cmd` or `… more`: the prompt apart from what was typed.
    static func commandLine(_ line: String) -> String {
        guard let (prompt, rest) = Notebook.split(line) else { return HTML.escape(line) }
        return "<span class=\"prompt\">\(HTML.escape(prompt))</span><span class=\"typed\">\(HTML.escape(rest))</span>"
    }

    /// An output line, coloured when it is a diagnostic's first line or a note.
    static func outputLine(_ line: String) -> String {
        let kind: String? = if line.range(of: #"^\S.*?:\d+:\d+: error: "#, options: .regularExpression) != nil { "error" }
            else if line.range(of: #"^\S.*?:\d+:\d+: warning: "#, options: .regularExpression) != nil { "warning" }
            else if line.hasPrefix("note: ") { "note" }
            else { nil }
        return kind.map { "<span class=\"\($0)\">\(HTML.escape(line))</span>" } ?? HTML.escape(line)
    }
}

/// Writing HTML and SVG text (the drawings' `SVG.escape` is this one).
enum HTML {
    /// `&`, `<`, `>` and `"` as entities: text safe inside an element or an attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
