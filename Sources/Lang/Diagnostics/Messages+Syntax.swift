/// What the lexer and the parser find.
extension Message {
    static func unexpectedCharacter(_ c: String) -> Message { Message(.syntax, "unexpected character '\(c)'") }
    static var unterminatedString: Message { Message(.syntax, "unterminated string: a closing \" is missing") }
    static func notANumber(_ text: String) -> Message { Message(.syntax, "'\(text)' is not a number") }
    static var badSubscript: Message { Message(.syntax, "a subscript holds letters, digits, + and -, like h_{t-1}") }
    static var unterminatedSubscript: Message { Message(.syntax, "unterminated subscript: '_{' needs a closing '}'") }

    static func expectedSymbol(_ symbol: String, _ context: String, found: String) -> Message {
        Message(.syntax, "expected '\(symbol)' \(context), found \(found)")
    }
    static func expected(_ what: String, found: String) -> Message { Message(.syntax, "expected \(what), found \(found)") }
    static func expectedEndOfStatement(found: String) -> Message {
        Message(.syntax, "expected the end of the statement, found \(found)")
    }
    static func expectedEndOfEquation(found: String) -> Message { Message(.syntax, "expected the end of the equation, found \(found)") }
    static func expectedValue(found: String) -> Message {
        Message(.syntax, "expected a value (a number, a name, [ … ] or ( … )), found \(found)")
    }
    static func nestedTooDeeply(_ limit: Int) -> Message {
        Message(.syntax, "the expression is nested too deeply (more than \(limit) levels)")
    }
    static func expressionTooTall(_ limit: Int) -> Message {
        Message(.syntax, "the expression is more than \(limit) operations deep; split it into steps with let")
    }
    static func strayClosing(_ symbol: String) -> Message {
        Message(.syntax, "this '\(symbol)' closes nothing: delete it")
    }
    static var unterminatedBracket: Message { Message(.syntax, "unterminated '[': no matching ']'") }
    static var notAssignable: Message { Message(.syntax, "only a name or a field like c.W_f can be assigned to") }
    static var expectedCellKind: Message { Message(.syntax, "expected a cell kind like lstm(inputs: 1, hidden: 2)") }
    static var expectedCellDefinition: Message {
        Message(.syntax, "expected '=' (cell c = lstm(…)) or '(' (cell v(inputs: 1, hidden: 2) { … }) after the cell's name")
    }
    static var unterminatedCellBlock: Message { Message(.syntax, "unterminated cell block: '{' has no matching '}'") }
    static func cellBlockOpenBefore(_ keyword: String) -> Message {
        Message(.syntax, "unterminated cell block: the '{' here has no matching '}' before '\(keyword)'")
    }
    static func expectedFileName(after word: String) -> Message {
        Message(.syntax, "expected a file name in quotes after '\(word)', like \"weights.json\"")
    }
    static var expectedStep: Message { Message(.syntax, "expected t=N after 'at', like draw c at t=2") }
    static func expectedPreposition(_ preposition: String, statement: String) -> Message {
        Message(.syntax, "expected '\(preposition)' and a file name, like \(statement) m \(preposition) \"weights.json\"")
    }
}

/// What reading the course's LaTeX finds.
extension Message {
    static func unknownLatexCommand(_ command: String) -> Message { Message(.syntax, "unknown LaTeX command '\\\(command)'") }
    static func tildeNeedsName(_ command: String) -> Message {
        Message(.syntax, "\\\(command) needs a name in braces, like \\\(command == "overset" ? "overset{\\sim}{C}_t" : command + "{C}_t")")
    }
}
