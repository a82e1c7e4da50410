/// Statements: keywords first, then assignments and bare expressions.
extension Parser {
    mutating func statement() throws(Diagnostic) -> Stmt {
        let start = current.range
        if current.kind == .identifier, Self.keywords.contains(current.text) {
            switch current.text {
            case "cell": return try cellStatement()
            case "let":
                _ = advance()
                let name = try expectName("a name after 'let'")
                try expect("=", "after the name")
                let value = try expression()
                return Stmt(kind: .bind(name: name.text, value: value), range: start.to(value.range), nameRange: name.range)
            case "feed":
                _ = advance()
                let cell = try postfix()
                let input = try expression()
                return Stmt(kind: .feed(cell: cell, input: input), range: start.to(input.range))
            case "print":
                _ = advance()
                var items = [try expression()]
                while at(",") { _ = advance(); items.append(try expression()) }
                return Stmt(kind: .print(items), range: start.to(items.last!.range))
            case "backward":
                _ = advance()
                let cell = try postfix()
                let seeds = try labelledList(after: "backward")
                return Stmt(kind: .backward(cell: cell, seeds: seeds), range: start.to(seeds.last!.value.range))
            case "draw", "heatmap": return try drawingStatement(advance().text, start)
            case "sweep": return try sweepStatement(start)
            case "model", "train", "plot", "save", "load":
                return try trainingStatement(advance().text, start)
            case "show", "trace", "reset", "precision", "entries":
                let word = advance().text
                let e = try expression()
                let kind: Stmt.Kind = word == "show" ? .show(e) : word == "trace" ? .trace(e) : word == "reset" ? .reset(e)
                    : word == "precision" ? .precision(e) : .entries(e)
                return Stmt(kind: kind, range: start.to(e.range))
            default: break
            }
        }
        let e = try expression()
        if at("=") {
            _ = advance()
            switch e.kind {
            case .field, .name: break
            default: throw error(.notAssignable, e.range)
            }
            let value = try expression()
            return Stmt(kind: .assign(target: e, value: value), range: e.range.to(value.range))
        }
        return Stmt(kind: .expression(e), range: e.range)
    }

    mutating func cellStatement() throws(Diagnostic) -> Stmt {
        let start = advance().range
        let name = try expectName("the cell's name after 'cell'")
        if at("=") {
            _ = advance()
            let constructor = try postfix()
            guard case .call = constructor.kind else {
                throw error(.expectedCellKind, constructor.range)
            }
            return Stmt(kind: .cell(name: name.text, constructor: constructor), range: start.to(constructor.range), nameRange: name.range)
        }
        guard at("(") else {
            throw error(.expectedCellDefinition)
        }
        _ = advance()
        let arguments = try argumentList()
        skipNewlines()
        let open = try expect("{", "to open the cell's equations")
        var equations: [EquationLine] = []
        skipNewlines()
        while !at("}") {
            guard current.kind != .end else {
                throw error(.unterminatedCellBlock, open.range)
            }
            if current.kind == .identifier && Self.keywords.contains(current.text) {
                throw error(.cellBlockOpenBefore(current.text), open.range)
            }
            let target = try expectName("an equation like f = σ(W_f · [h, x] + b_f)")
            try expect("=", "in an equation")
            let value = try expression()
            equations.append(EquationLine(name: target.text, nameRange: target.range, value: value))
            guard current.kind == .newline || at("}") else {
                if at(")") || at("]") { throw error(.strayClosing(current.text)) }
                throw error(.expectedEndOfEquation(found: describe(current)))
            }
            skipNewlines()
        }
        let close = advance()
        return Stmt(kind: .equationCell(name: name.text, arguments: arguments, equations: equations),
                    range: start.to(close.range), nameRange: name.range)
    }

    /// A file name in quotes, after `word`.
    mutating func fileName(after word: String) throws(Diagnostic) -> String {
        guard current.kind == .string else { throw error(.expectedFileName(after: word)) }
        return advance().text
    }

    /// `model`, `train`, `plot`, `save`, `load`.
    mutating func trainingStatement(_ word: String, _ start: SourceRange) throws(Diagnostic) -> Stmt {
        switch word {
        case "model":
            let name = try expectName("the model's name after 'model'")
            try expect("=", "after the model's name")
            var layers = [try postfix()]
            while at("->") { _ = advance(); layers.append(try postfix()) }
            return Stmt(kind: .model(name: name.text, layers: layers), range: start.to(layers.last!.range), nameRange: name.range)
        case "train":
            let model = try postfix()
            let arguments = try labelledList(after: "train")
            return Stmt(kind: .train(model: model, arguments: arguments), range: start.to(arguments.last?.value.range ?? model.range))
        case "plot":
            var items = [try expression()]
            while at(",") { _ = advance(); items.append(try expression()) }
            var file: String? = nil
            if atWord("to") { _ = advance(); file = try fileName(after: "to") }
            return Stmt(kind: .plot(items, file: file), range: start.to(tokens[k - 1].range))
        default:
            let model = try postfix()
            let preposition = word == "save" ? "to" : "from"
            guard atWord(preposition) else { throw error(.expectedPreposition(preposition, statement: word)) }
            _ = advance()
            let file = try fileName(after: preposition)
            let kind: Stmt.Kind = word == "save" ? .save(model: model, file: file) : .load(model: model, file: file)
            return Stmt(kind: kind, range: start.to(tokens[k - 1].range))
        }
    }

    /// `draw c [at t=N] [unrolled [N]] [focus f_t, …] [to "file.svg"]` and `heatmap EXPR [to "file.svg"]`.
    mutating func drawingStatement(_ word: String, _ start: SourceRange) throws(Diagnostic) -> Stmt {
        let target = word == "draw" ? try postfix() : try expression()
        var request = DrawRequest()
        while word == "draw" && (atWord("at") || atWord("unrolled") || atWord("focus")) {
            let option = advance().text
            if option == "unrolled" {
                request.unrolled = true
                if current.kind == .number || at("(") { request.count = try postfix() }
            } else if option == "focus" {
                repeat {
                    if !request.focus.isEmpty { _ = advance() }
                    let name = try expectName("a value of the cell after 'focus', like draw c focus f_t")
                    request.focus.append((name.text, name.range))
                } while at(",")
            } else {
                let t = try expectName("t=N after 'at', like draw c at t=2")
                guard t.text == "t" else { throw error(.expectedStep, t.range) }
                try expect("=", "after 'at t', like draw c at t=2")
                request.step = try postfix()
            }
        }
        if atWord("to") { _ = advance(); request.file = try fileName(after: "to") }
        let range = start.to(tokens[k - 1].range)
        return Stmt(kind: word == "draw" ? .draw(target, request) : .heatmap(target, file: request.file), range: range)
    }

    /// `sweep NAME in VALUES [full VALUES]`: one axis of a sweep.
    mutating func sweepStatement(_ start: SourceRange) throws(Diagnostic) -> Stmt {
        _ = advance()
        let name = try expectName("the axis's name after 'sweep', like sweep seed in [1, 2, 3]")
        guard atWord("in") else { throw error(.expectedSymbol("in", "after the axis's name, like sweep seed in [1, 2, 3]",
                                                               found: describe(current))) }
        _ = advance()
        let values = try expression()
        var full: Expr? = nil
        if atWord("full") { _ = advance(); full = try expression() }
        return Stmt(kind: .sweep(axis: name.text, values: values, full: full), range: start.to((full ?? values).range),
                    nameRange: name.range)
    }

    /// `label: value, label: value …` (at least one).
    mutating func labelledList(after word: String) throws(Diagnostic) -> [Argument] {
        var out: [Argument] = []
        repeat {
            if !out.isEmpty { _ = advance() }
            let label = try expectName("a labelled value like steps: 10 after '\(word)'")
            try expect(":", "after \(label.text)")
            out.append(Argument(label: label.text, labelRange: label.range, value: try expression()))
        } while at(",")
        return out
    }
}
