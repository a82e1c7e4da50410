/// A token of the command language.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case identifier, number, string, newline, end
        /// Punctuation and operators: `[ ] ( ) { } , : = + - * / · @ . ;`
        case symbol
    }

    public var kind: Kind
    /// The spelling, normalized: `·` for `⋅`, `~` for a combining tilde.
    public var text: String
    public var range: SourceRange
}

/// Splits source text into tokens. Newlines end statements except inside `(` and `[`; `#` starts a
/// comment. Names may hold `~` (`C~_t`, the ASCII spelling of C̃_t) and a subscript in braces (`h_{t-1}`).
public struct Lexer {
    let file: SourceFile
    var k = 0
    var depth = 0

    public init(_ file: SourceFile) { self.file = file }

    /// Every token up to and including `.end`.
    public static func tokens(_ file: SourceFile) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(file)
        var out: [Token] = []
        while true {
            let t = try lexer.next()
            out.append(t)
            if t.kind == .end { return out }
        }
    }

    var scalars: [Unicode.Scalar] { file.scalars }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? { k + offset < scalars.count ? scalars[k + offset] : nil }

    static func isNameStart(_ s: Unicode.Scalar) -> Bool { s == "_" || (s.properties.isAlphabetic && s.value > 32) }

    static func isNamePart(_ s: Unicode.Scalar) -> Bool {
        isNameStart(s) || ("0"..."9").contains(s) || s == "~" || s == "\u{0303}" || s == "'"
    }

    mutating func next() throws(Diagnostic) -> Token {
        while let s = peek() {
            if s == " " || s == "\t" || s == "\r" || s == "$" || (s == "\n" && depth > 0) { k += 1; continue }
            if s == "#" { while let c = peek(), c != "\n" { k += 1 }; continue }
            break
        }
        let start = k
        guard let s = peek() else { return Token(kind: .end, text: "", range: SourceRange(k, k)) }
        if s == "\n" || s == ";" {
            k += 1
            return Token(kind: .newline, text: s == ";" ? ";" : "\n", range: SourceRange(start, k))
        }
        if ("0"..."9").contains(s) || (s == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
            return try number()
        }
        if Self.isNameStart(s) { return try name(from: start) }
        if s == "\\" { return try latexCommand() }
        if s == "~", let n = peek(1), Self.isNameStart(n) {  // ~C_t, the course's plain-text C̃_t
            k += 1
            var base = ""
            while let c = peek(), Self.isNamePart(c), c != "_" { base.unicodeScalars.append(c); k += 1 }
            return try name(from: start, prefix: base + "~")
        }
        if s == "{", let token = try bracedNameWithSubscript() { return token }
        if s == "\"" { return try string() }
        if s == "-" && peek(1) == ">" {
            k += 2
            return Token(kind: .symbol, text: "->", range: SourceRange(start, k))
        }
        k += 1
        let symbols: [Unicode.Scalar: String] = ["⋅": "·", "×": "*", "−": "-", "→": "->", "⊙": "*", "∘": "*"]
        let text = symbols[s] ?? String(s)
        switch text {
        case "(", "[", "{": depth += text == "{" ? 0 : 1
        case ")", "]": depth = max(0, depth - 1)
        case "}", ",", ":", "=", "+", "-", "*", "/", "·", "@", ".", "->": break
        default:
            throw Diagnostic(.unexpectedCharacter(String(s)), at: SourceRange(start, k), in: file)
        }
        return Token(kind: .symbol, text: text, range: SourceRange(start, k))
    }

    /// A file name in double quotes, on one line.
    private mutating func string() throws(Diagnostic) -> Token {
        let start = k
        k += 1
        var text = String.UnicodeScalarView()
        while let c = peek(), c != "\"" {
            guard c != "\n" else { throw Diagnostic(.unterminatedString, at: SourceRange(start, k), in: file) }
            text.append(c)
            k += 1
        }
        guard peek() == "\"" else { throw Diagnostic(.unterminatedString, at: SourceRange(start, k), in: file) }
        k += 1
        return Token(kind: .string, text: String(text), range: SourceRange(start, k))
    }

    private mutating func number() throws(Diagnostic) -> Token {
        let start = k
        while let c = peek(), ("0"..."9").contains(c) || c == "." { k += 1 }
        if let e = peek(), e == "e" || e == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if let d = peek(signed ? 2 : 1), ("0"..."9").contains(d) {
                k += signed ? 2 : 1
                while let c = peek(), ("0"..."9").contains(c) { k += 1 }
            }
        }
        let text = file.text(of: SourceRange(start, k))
        guard let value = Double(text), value.isFinite else {
            throw Diagnostic(.notANumber(text), at: SourceRange(start, k), in: file)
        }
        return Token(kind: .number, text: text, range: SourceRange(start, k))
    }

    /// A name from `k` (after `prefix`, already read from `start`). A braced subscript stays braced only
    /// when it holds `+` or `-`: `W_{f}` is `W_f`, `f_{t}` is `f_t`, `h_{t-1}` keeps its braces.
    mutating func name(from start: Int, prefix: String = "") throws(Diagnostic) -> Token {
        var text = prefix.unicodeScalars
        while let c = peek() {
            if c == "_" && peek(1) == "{" {
                k += 2
                var subscriptText = String.UnicodeScalarView()
                while let d = peek(), d != "}" {
                    guard Self.isNamePart(d) || d == "+" || d == "-" else {
                        throw Diagnostic(.badSubscript,
                                         at: SourceRange(k, k + 1), in: file)
                    }
                    subscriptText.append(d)
                    k += 1
                }
                guard peek() == "}" else {
                    throw Diagnostic(.unterminatedSubscript, at: SourceRange(start, k), in: file)
                }
                k += 1
                let braced = subscriptText.contains("+") || subscriptText.contains("-")
                text += "_".unicodeScalars + (braced ? "{".unicodeScalars + subscriptText + "}".unicodeScalars : subscriptText)
                continue
            }
            guard Self.isNamePart(c) else { break }
            text.append(c == "\u{0303}" ? "~" : c)
            k += 1
        }
        return Token(kind: .identifier, text: String(text), range: SourceRange(start, k))
    }
}
