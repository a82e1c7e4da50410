/// Recursive-descent parser from tokens to statements.
///
///     program    := (statement NEWLINE)*
///     statement  := 'cell' NAME '=' call | 'cell' NAME '(' args ')' '{' (NAME '=' expr NEWLINE)* '}'
///                 | 'let' NAME '=' expr | target '=' expr | 'feed' postfix expr
///                 | 'print' expr (',' expr)* | ('show' | 'trace' | 'reset' | 'precision' | 'entries') expr
///                 | 'backward' postfix labelled | 'model' NAME '=' postfix ('->' postfix)*
///                 | 'train' postfix labelled | 'plot' expr (',' expr)* ('to' STRING)?
///                 | 'save' postfix 'to' STRING | 'load' postfix 'from' STRING | expr
///     labelled   := NAME ':' expr (',' NAME ':' expr)*
///     target     := NAME | postfix '.' NAME
///     expr       := term (('+' | '-') term)*
///     term       := unary (('*' | '/' | '·' | '@') unary)*
///     unary      := '-' unary | postfix
///     postfix    := primary ('.' NAME | '[' index (',' index)? ']' | '(' args ')')*
///     index      := expr | expr? ':' expr?
///     args       := (arg (',' arg)*)?          arg := (NAME ':')? expr
///     primary    := NUMBER | STRING | NAME | 'true' | 'false' | '[' (expr (',' expr)*)? ']' | '(' expr ')'
public struct Parser {
    let file: SourceFile
    let tokens: [Token]
    var k = 0
    var depth = 0
    /// Deeper nesting than this is refused (it would only exhaust the stack).
    static let maxDepth = 200
    /// Taller expression trees than this are refused, however they were written (`1 + 1 + …`, `v[0][0]…`, `c.h.h…`):
    /// every later phase walks the tree recursively.
    static let maxHeight = 200

    /// The words that start a statement; none can name a value, a cell or a model.
    public static let keywords: Set<String> = ["cell", "let", "feed", "print", "show", "trace", "reset", "precision", "entries",
                                               "backward", "model", "train", "plot", "save", "load", "draw", "heatmap",
                                               "sweep"]

    public init(_ file: SourceFile) throws(Diagnostic) {
        self.file = file
        tokens = try Lexer.tokens(file)
    }

    /// Parses a whole source text.
    public static func parse(_ file: SourceFile) throws(Diagnostic) -> [Stmt] {
        var p = try Parser(file)
        return try p.program()
    }

    var current: Token { tokens[k] }

    func error(_ message: Message, _ range: SourceRange? = nil, notes: [Diagnostic.Note] = []) -> Diagnostic {
        Diagnostic(message, at: range ?? current.range, in: file, notes: notes)
    }

    func at(_ text: String) -> Bool { current.kind == .symbol && current.text == text }
    func atWord(_ word: String) -> Bool { current.kind == .identifier && current.text == word }

    mutating func advance() -> Token {
        let t = tokens[k]
        if t.kind != .end { k += 1 }
        return t
    }

    @discardableResult
    mutating func expect(_ text: String, _ what: String) throws(Diagnostic) -> Token {
        guard at(text) else {
            if (text == ")" && at("]")) || (text == "]" && at(")")) {
                throw error(.expectedSymbol(text, what, found: describe(current)),
                            notes: [.init("this '\(current.text)' closes nothing: delete it, or make it '\(text)'")])
            }
            throw error(.expectedSymbol(text, what, found: describe(current)))
        }
        return advance()
    }

    mutating func expectName(_ what: String) throws(Diagnostic) -> Token {
        guard current.kind == .identifier else { throw error(.expected(what, found: describe(current))) }
        return advance()
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .end: return "the end of the input"
        case .newline: return "the end of the line"
        default: return "'\(t.text)'"
        }
    }

    mutating func skipNewlines() { while current.kind == .newline { k += 1 } }

    mutating func program() throws(Diagnostic) -> [Stmt] {
        var out: [Stmt] = []
        skipNewlines()
        while current.kind != .end {
            out.append(try statement())
            guard current.kind == .newline || current.kind == .end else {
                if at(")") || at("]") { throw error(.strayClosing(current.text)) }
                throw error(.expectedEndOfStatement(found: describe(current)))
            }
            skipNewlines()
        }
        return out
    }

    /// Arguments after an opening '(' up to and including ')'.
    mutating func argumentList() throws(Diagnostic) -> [Argument] {
        var args: [Argument] = []
        while !at(")") {
            if current.kind == .identifier && tokens[k + 1].kind == .symbol && tokens[k + 1].text == ":" {
                let label = advance()
                _ = advance()
                args.append(Argument(label: label.text, labelRange: label.range, value: try expression()))
            } else {
                args.append(Argument(label: nil, labelRange: nil, value: try expression()))
            }
            guard at(",") else { break }
            _ = advance()
        }
        try expect(")", "to close the arguments")
        return args
    }

    mutating func nested<T>(_ body: (inout Parser) throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error(.nestedTooDeeply(Self.maxDepth)) }
        return try body(&self)
    }

    /// The expression `e`, unless its tree has grown taller than the phases after parsing can walk.
    func bounded(_ e: Expr) throws(Diagnostic) -> Expr {
        guard e.height <= Self.maxHeight else { throw error(.expressionTooTall(Self.maxHeight), tokens[k - 1].range) }
        return e
    }

    public mutating func expression() throws(Diagnostic) -> Expr {
        try nested { (p: inout Parser) throws(Diagnostic) -> Expr in
            var lhs = try p.term()
            while p.at("+") || p.at("-") {
                let op = p.advance().text
                let rhs = try p.term()
                lhs = try p.bounded(Expr(.binary(op, lhs, rhs), lhs.range.to(rhs.range)))
            }
            return lhs
        }
    }

    mutating func term() throws(Diagnostic) -> Expr {
        var lhs = try unary()
        while at("*") || at("/") || at("·") || at("@") {
            let op = advance().text
            let rhs = try unary()
            lhs = try bounded(Expr(.binary(op == "@" ? "·" : op, lhs, rhs), lhs.range.to(rhs.range)))
        }
        return lhs
    }

    mutating func unary() throws(Diagnostic) -> Expr {
        if at("-") {
            let minus = advance()
            let operand = try nested { (p: inout Parser) throws(Diagnostic) in try p.unary() }
            return try bounded(Expr(.negate(operand), minus.range.to(operand.range)))
        }
        return try postfix()
    }

    mutating func postfix() throws(Diagnostic) -> Expr {
        var e = try primary()
        while true {
            if at(".") {
                _ = advance()
                let field = try expectName("a field name after '.'")
                e = try bounded(Expr(.field(e, field.text), e.range.to(field.range)))
            } else if at("[") && current.range.start == e.range.end {
                _ = advance()
                var parts = [try indexPart()]
                while at(",") { _ = advance(); parts.append(try indexPart()) }
                let close = try expect("]", "to close the index")
                e = try bounded(Expr(.index(e, parts), e.range.to(close.range)))
            } else if at("("), case .name(let fn) = e.kind {
                _ = advance()
                let args = try argumentList()
                e = try bounded(Expr(.call(fn, args), e.range.to(tokens[k - 1].range)))
            } else {
                return e
            }
        }
    }

    /// One dimension of an index: `i`, `a:b`, `a:`, `:b` or `:`.
    mutating func indexPart() throws(Diagnostic) -> Expr {
        let start = current.range
        let low: Expr? = at(":") ? nil : try expression()
        guard at(":") else { return low! }
        let colon = advance()
        let high: Expr? = at("]") || at(",") ? nil : try expression()
        return Expr(.range(low, high), (low?.range ?? start).to(high?.range ?? colon.range))
    }

    mutating func primary() throws(Diagnostic) -> Expr {
        let t = current
        switch t.kind {
        case .string:
            _ = advance()
            return Expr(.string(t.text), t.range)
        case .number:
            _ = advance()
            return Expr(.number(Double(t.text)!), t.range)
        case .identifier:
            _ = advance()
            if t.text == "true" || t.text == "false" { return Expr(.boolean(t.text == "true"), t.range) }
            return Expr(.name(t.text), t.range)
        case .symbol where t.text == "(":
            _ = advance()
            let e = try expression()
            let close = try expect(")", "to close the parenthesis")
            return Expr(e.kind, t.range.to(close.range))
        case .symbol where t.text == "[":
            _ = advance()
            var items: [Expr] = []
            while !at("]") {
                guard current.kind != .end else { throw error(.unterminatedBracket, t.range) }
                items.append(try expression())
                guard at(",") else { break }
                _ = advance()
            }
            let close = try expect("]", "to close the list opened at column \(file.location(of: t.range.start).column)")
            return Expr(.list(items), t.range.to(close.range))
        default:
            throw error(.expectedValue(found: describe(t)))
        }
    }
}
