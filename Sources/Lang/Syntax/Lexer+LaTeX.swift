/// The course's formulas as the course writes them: LaTeX commands (`\sigma`, `\tanh`, `\cdot`, `\odot`,
/// `\tilde{C}_t`, `\widetilde{C}_t`, `\overset{\sim}{C}_{t}`), braced names (`{C}_{t-1}`), `~C_t` for C̃_t,
/// and `$`/`$$` around a formula, which are passed over. Every token keeps the range it was written at.
extension Lexer {
    /// The commands that stand for a name, an operator, or nothing.
    static let latexNames: [String: String] = ["sigma": "σ", "tanh": "tanh", "exp": "exp"]
    static let latexSymbols: [String: String] = ["cdot": "·", "odot": "*", "circ": "*", "times": "*", "ast": "*"]
    static let latexTildes: Set<String> = ["tilde", "widetilde", "overset"]
    static let latexIgnored: Set<String> = ["left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr"]

    /// `\command` at `k`.
    mutating func latexCommand() throws(Diagnostic) -> Token {
        let start = k
        k += 1
        var word = ""
        while let c = peek(), c.properties.isAlphabetic { word.unicodeScalars.append(c); k += 1 }
        if word.isEmpty {
            // `\,`, `\;`, `\!`, `\ `: spacing.
            if let c = peek(), [",", ";", "!", " ", ":"].contains(c) { k += 1; return try next() }
            throw Diagnostic(.unknownLatexCommand("\\"), at: SourceRange(start, k + 1), in: file)
        }
        if let name = Self.latexNames[word] { return Token(kind: .identifier, text: name, range: SourceRange(start, k)) }
        if let symbol = Self.latexSymbols[word] { return Token(kind: .symbol, text: symbol, range: SourceRange(start, k)) }
        if Self.latexIgnored.contains(word) { return try next() }
        guard Self.latexTildes.contains(word) else {
            throw Diagnostic(.unknownLatexCommand(word), at: SourceRange(start, k), in: file,
                             notes: [.init("known here: " + (Array(Self.latexNames.keys) + Array(Self.latexSymbols.keys)
                                 + Array(Self.latexTildes)).sorted().map { "\\" + $0 }.joined(separator: " "))])
        }
        if word == "overset" {
            guard expectLiteral("{\\sim}") else { throw Diagnostic(.tildeNeedsName(word), at: SourceRange(start, k), in: file) }
        }
        guard let base = bracedName() else { throw Diagnostic(.tildeNeedsName(word), at: SourceRange(start, k), in: file) }
        return try name(from: start, prefix: base + "~")
    }

    /// `{C}` followed by a subscript, as LaTeX writes `{C}_{t-1}`; nil (and nothing read) otherwise.
    mutating func bracedNameWithSubscript() throws(Diagnostic) -> Token? {
        let start = k
        guard let base = bracedName(), peek() == "_" else { k = start; return nil }
        return try name(from: start, prefix: base)
    }

    /// `{NAME}` at `k`, spaces allowed inside; nil (and nothing read) otherwise.
    mutating func bracedName() -> String? {
        let start = k
        guard peek() == "{" else { return nil }
        k += 1
        while peek() == " " { k += 1 }
        var name = ""
        while let c = peek(), Self.isNamePart(c) { name.unicodeScalars.append(c == "\u{0303}" ? "~" : c); k += 1 }
        while peek() == " " { k += 1 }
        guard !name.isEmpty, peek() == "}" else { k = start; return nil }
        k += 1
        return name
    }

    /// Reads `literal` at `k` if it is there.
    mutating func expectLiteral(_ literal: String) -> Bool {
        let wanted = Array(literal.unicodeScalars)
        for (offset, s) in wanted.enumerated() where peek(offset) != s { return false }
        k += wanted.count
        return true
    }
}
