import Foundation

/// A literate notebook: CommonMark whose fenced `lstm` blocks hold a REPL transcript. A line starting
/// `> ` is a command (continuation lines start `… ` or `... `); the lines after it, up to the next
/// command, are its recorded output. Prose is never touched.
public struct Notebook: Sendable {
    /// Options of one block, from an HTML comment on the line before its fence: `<!-- lstm: error -->`,
    /// `<!-- lstm: no-compare -->`; a block written inside `<!-- lstm: hidden … -->` runs but is not shown.
    public struct Options: Sendable, Equatable {
        public var expectsError = false
        public var compares = true
        public var hidden = false
    }

    /// One command of a block: its lines (prompts replaced by spaces), where they are, and its recorded output.
    public struct Command: Sendable {
        /// Index of the command's first line in `lines`.
        public var firstLine: Int
        /// The command's lines with each prompt replaced by as many spaces, so columns stay true.
        public var source: [String]
        /// Indices in `lines` of the recorded output.
        public var output: Range<Int>

        /// The command as typed, without its prompts (what a transcript records).
        public var text: String

        /// The command as source of the notebook at `path`, so errors name the notebook's own lines.
        public func sourceFile(in path: String) -> SourceFile {
            SourceFile(name: path, text: source.joined(separator: "\n"), firstLine: firstLine + 1)
        }
    }

    /// What a block is for: the lesson, or the answer to exercise k or its solution (index in `exercises`).
    public enum Role: Sendable, Equatable { case lesson, answer(Int), solution(Int) }

    /// A fenced `lstm` block (or a hidden one).
    public struct Block: Sendable {
        public var options: Options
        public var commands: [Command]
        /// Index in `lines` of the opening fence (or of the hidden comment's first line), and of the closing one.
        public var openLine: Int
        public var closeLine: Int
        public var role: Role = .lesson
    }

    public var path: String
    /// The file's lines, without their line ends (bytes that are not UTF-8 read as U+FFFD, a BOM left out).
    public var lines: [String]
    /// The file's lines as bytes, exactly as written, and each line's end as written (`\n`, `\r\n`, `\r`, or
    /// nothing for a last line without one): an update writes every byte it does not replace back as it was.
    public var rawLines: [ArraySlice<UInt8>] = []
    public var lineEnds: [ArraySlice<UInt8>] = []
    /// Whether the file ended with a newline.
    public var endsWithNewline: Bool
    public var frontMatter: FrontMatter
    public var blocks: [Block]
    public var exercises: [Exercise] = []

    static let prompts = ["> ", ">\t", "… ", "... "]

    /// Whether a prompt starts a command (the others continue one).
    static func startsCommand(_ prompt: String) -> Bool { prompt == "> " || prompt == ">" || prompt == ">\t" }

    /// The prompt a line starts with and the rest, if it is a command or continuation line.
    static func split(_ line: String) -> (prompt: String, rest: String)? {
        if line == ">" { return (">", "") }
        for p in prompts where line.hasPrefix(p) { return (p, String(line.dropFirst(p.count))) }
        return nil
    }

    /// Parses a notebook's text; a malformed notebook (output before any command, an unclosed block)
    /// is a diagnostic at the offending line.
    public static func parse(path: String, text: String) throws(Diagnostic) -> Notebook {
        try parse(path: path, bytes: Array(text.utf8))
    }

    /// Parses a notebook's bytes: lines end at `\n`, `\r\n` or `\r`; an lstm block must be UTF-8, prose need not be.
    public static func parse(path: String, bytes: [UInt8]) throws(Diagnostic) -> Notebook {
        let (rawLines, lineEnds) = LineEnds.split(bytes)
        let lines = rawLines.enumerated().map { k, raw in
            let text = String(decoding: raw, as: UTF8.self)
            return k == 0 && text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        let endsWithNewline = !(lineEnds.last?.isEmpty ?? true)
        let file = SourceFile(name: path, text: lines.joined(separator: "\n"))
        let lineStart = { (k: Int) in file.lineStarts[min(k, file.lineStarts.count - 1)] }
        func error(_ message: Message, line k: Int) -> Diagnostic {
            Diagnostic(message, at: SourceRange(lineStart(k), lineStart(k) + lines[k].unicodeScalars.count), in: file)
        }
        let frontMatter = try FrontMatter.parse(lines: lines, file: file)
        var blocks: [Block] = [], exercises: [Exercise] = []
        var k = frontMatter.lineCount
        var pending = Options()
        // The exercise whose answer block must come next.
        var awaitingAnswer: Int?
        while k < lines.count {
            let line = lines[k]
            let trimmed = line.trimmingLeadingSpaces
            if let e = awaitingAnswer, !trimmed.isEmpty, !(Fence(line).map { $0.words == ["lstm"] } ?? false) {
                throw error(.answerBlockMissing(exercises[e].id), line: exercises[e].line)
            }
            if trimmed.hasPrefix(Exercise.marker) && line.count - trimmed.count <= 3 {
                let (exercise, next) = try Exercise.parse(lines, at: k, error)
                if exercises.contains(where: { $0.id == exercise.id }) { throw error(.duplicateExercise(exercise.id), line: k) }
                exercises.append(exercise)
                awaitingAnswer = exercises.count - 1
                k = next
                continue
            }
            if let last = exercises.indices.last, exercises[last].hint.isEmpty, let (hint, next) = Exercise.hint(lines, at: k) {
                exercises[last].hint = hint
                k = next
                continue
            }
            // Four spaces or more make an indented code block: an example, not an option.
            if trimmed.hasPrefix("<!-- lstm:") && line.count - trimmed.count <= 3 {
                var options = Options()
                let words = trimmed.dropFirst("<!-- lstm:".count).replacingOccurrences(of: "-->", with: "")
                    .split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
                for w in words {
                    switch w {
                    case "error": options.expectsError = true
                    case "no-compare": options.compares = false
                    case "hidden": options.hidden = true
                    default: throw error(.unknownBlockOption(w), line: k)
                    }
                }
                if options.hidden && !trimmed.hasSuffix("-->") {
                    var end = k + 1
                    while end < lines.count && lines[end].trimmingLeadingSpaces != "-->" { end += 1 }
                    guard end < lines.count else { throw error(.unclosedHiddenBlock, line: k) }
                    options.compares = false
                    blocks.append(Block(options: options, commands: try commands(lines, k + 1 ..< end, error), openLine: k,
                                        closeLine: end))
                    k = end + 1
                    continue
                }
                pending = options
                k += 1
                continue
            }
            if let fence = Fence(line), fence.info == "lstm" {
                var end = k + 1
                while end < lines.count && !fence.closes(lines[end]) { end += 1 }
                guard end < lines.count else { throw error(.unclosedBlock(fence.marker), line: k) }
                var block = Block(options: pending, commands: try commands(lines, k + 1 ..< end, error), openLine: k, closeLine: end)
                if fence.words.contains("solution") {
                    guard let e = exercises.indices.last, exercises[e].solution == nil else { throw error(.straySolution, line: k) }
                    block.role = .solution(e)
                    exercises[e].solution = blocks.count
                } else if let e = awaitingAnswer {
                    block.role = .answer(e)
                    exercises[e].answer = blocks.count
                    awaitingAnswer = nil
                }
                blocks.append(block)
                pending = Options()
                k = end + 1
                continue
            }
            if let fence = Fence(line) {
                // Another language's block: skip it whole, so a '> ' inside it is not taken for a command.
                var end = k + 1
                while end < lines.count && !fence.closes(lines[end]) { end += 1 }
                k = end + 1
                continue
            }
            if !trimmed.isEmpty { pending = Options() }
            k += 1
        }
        if let e = awaitingAnswer { throw error(.answerBlockMissing(exercises[e].id), line: exercises[e].line) }
        if let missing = exercises.first(where: { $0.solution == nil }) {
            throw error(.solutionMissing(missing.id), line: missing.line)
        }
        for block in blocks {
            for k in block.openLine ... block.closeLine where String(validating: rawLines[k], as: UTF8.self) == nil {
                throw error(.invalidUTF8InBlock, line: k)
            }
        }
        var notebook = Notebook(path: path, lines: lines, endsWithNewline: endsWithNewline, frontMatter: frontMatter, blocks: blocks,
                                exercises: exercises)
        (notebook.rawLines, notebook.lineEnds) = (rawLines, lineEnds)
        return notebook
    }

    static func commands(_ lines: [String], _ range: Range<Int>, _ error: (Message, Int) -> Diagnostic) throws(Diagnostic) -> [Command] {
        var out: [Command] = []
        var k = range.lowerBound
        while k < range.upperBound {
            guard let (prompt, rest) = split(lines[k]), startsCommand(prompt) else {
                if lines[k].trimmingCharacters(in: .whitespaces).isEmpty { k += 1; continue }
                throw error(.outputBeforeCommand, k)
            }
            var source = [String(repeating: " ", count: prompt.count) + rest]
            var typed = [rest]
            let first = k
            k += 1
            while k < range.upperBound, let (p, r) = split(lines[k]), !startsCommand(p) {
                source.append(String(repeating: " ", count: p.count) + r)
                typed.append(r)
                k += 1
            }
            let outputStart = k
            while k < range.upperBound, !(split(lines[k]).map { startsCommand($0.prompt) } ?? false) { k += 1 }
            var outputEnd = k
            while outputEnd > outputStart && lines[outputEnd - 1].trimmingCharacters(in: .whitespaces).isEmpty { outputEnd -= 1 }
            out.append(Command(firstLine: first, source: source, output: outputStart ..< outputEnd, text: typed.joined(separator: "\n")))
        }
        return out
    }
}

/// A CommonMark code fence: up to three spaces, three or more backticks or tildes, an info string.
struct Fence {
    let marker: String
    /// The info string's words (`lstm solution`); the first is the language.
    let words: [String]
    var info: String { words.first ?? "" }

    init?(_ line: String) {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let c = rest.first, c == "`" || c == "~" else { return nil }
        let run = rest.prefix { $0 == c }
        guard run.count >= 3 else { return nil }
        marker = String(run)
        words = rest.dropFirst(run.count).trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
    }

    func closes(_ line: String) -> Bool {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return false }
        let rest = line.dropFirst(indent)
        let run = rest.prefix { $0 == marker.first! }
        return run.count >= marker.count && rest.dropFirst(run.count).trimmingCharacters(in: .whitespaces).isEmpty
    }
}

extension String {
    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
