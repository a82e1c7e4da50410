/// Tab completion: what may follow the word under the cursor, given the session.
public enum Completion {
    /// The meta-commands of the REPL.
    public static let metaCommands = [":help", ":vars", ":load", ":save", ":note", ":exercise", ":check", ":hint", ":history", ":reset",
                                      ":quit"]
    /// Statement keywords, completed with a space after them.
    public static var keywords: Set<String> { Parser.keywords }
    /// Every word the language knows: keywords, built-ins, their labels (for a fuzzer's dictionary too).
    public static var vocabulary: [String] { words }
    static let words = Array(Parser.keywords) + Builtins.all.map(\.name) + Builtins.labels + ["true", "false"]

    /// Where the word being completed starts (a scalar offset into `line`) and the candidates that
    /// replace it. `files` lists the entries that start a path (after `:load` and `:save`, and inside quotes).
    public static func candidates(line: String, cursor: Int, session: Session,
                                  files: (String) -> [String] = { _ in [] }) -> (start: Int, candidates: [String]) {
        let scalars = Array(line.unicodeScalars.prefix(cursor))
        let before = String(String.UnicodeScalarView(scalars))
        let trimmed = before.drop { $0 == " " }
        // Inside a quoted file name (save m to "…", plot … to "…"): a path.
        if before.filter({ $0 == "\"" }).count % 2 == 1, let quote = scalars.lastIndex(of: "\"") {
            return (quote + 1, files(String(String.UnicodeScalarView(scalars[(quote + 1)...]))).sorted())
        }
        if let command = [":load ", ":save ", ":save! ", ":exercise "].first(where: { trimmed.hasPrefix($0) }) {
            let argStart = scalars.count - String(trimmed.dropFirst(command.count)).drop { $0 == " " }.unicodeScalars.count
            let partial = String(String.UnicodeScalarView(scalars[argStart...]))
            return (argStart, files(partial).sorted())
        }
        var start = scalars.count
        while start > 0 && isWordPart(scalars[start - 1]) { start -= 1 }
        let word = String(String.UnicodeScalarView(scalars[start...]))
        if word.hasPrefix(":") && trimmed.unicodeScalars.count == word.unicodeScalars.count {
            return (start, metaCommands.filter { $0.hasPrefix(word) })
        }
        if trimmed.hasPrefix(":help") {
            return (start, Help.topicNames.filter { $0.hasPrefix(word) })
        }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot]), partial = String(word[word.index(after: dot)...])
            guard let slot = session.cells[base] else { return (start, []) }
            return (start, slot.fieldNames.filter { $0.hasPrefix(partial) }.map { base + "." + $0 })
        }
        let names = session.order + words
        return (start, Array(Set(names.filter { $0.hasPrefix(word) })).sorted())
    }

    static func isWordPart(_ s: Unicode.Scalar) -> Bool {
        Lexer.isNamePart(s) || s == "." || s == ":" || s == "{" || s == "}" || s == "-"
    }
}
