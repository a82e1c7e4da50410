/// A warning for `c.h_t-1`, which is how the course's prose writes the previous state but which the
/// language reads as `c.h_t` minus 1: a `…_t` name, a minus and a `1` written together without spaces.
enum TimeLikeSubtraction {
    /// Warnings for every such subtraction in a statement (cell equations included).
    static func warnings(_ statement: Stmt, in file: SourceFile) -> [Diagnostic] {
        statement.kind.expressions.flatMap { warnings($0, in: file) }
    }

    static func warnings(_ e: Expr, in file: SourceFile) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if case .binary("-", let a, let b) = e.kind, case .number(1) = b.kind, let name = timeName(a),
           b.range.start == a.range.end + 1, file.text(of: SourceRange(a.range.end, b.range.end)) == "-1" {
            let base = String(name.dropLast(2))
            found.append(Diagnostic(.subtractionLooksLikeTime(name, previous: base + "_{t-1}"), at: e.range, in: file,
                                    notes: [.init("write \(name) - 1, with spaces, if you meant the subtraction")],
                                    severity: .warning))
        }
        return found + e.children.flatMap { warnings($0, in: file) }
    }

    /// `h_t` or `c.h_t` as written (the field's full path), when the name ends in `_t`.
    static func timeName(_ e: Expr) -> String? {
        switch e.kind {
        case .name(let n) where n.hasSuffix("_t") && n.count > 2: return n
        case .field(let base, let f) where f.hasSuffix("_t") && f.count > 2:
            guard case .name(let cell) = base.kind else { return nil }
            return cell + "." + f
        default: return nil
        }
    }
}

extension Expr {
    /// The expressions directly inside this one.
    var children: [Expr] {
        switch kind {
        case .number, .boolean, .string, .name: return []
        case .range(let a, let b): return [a, b].compactMap { $0 }
        case .list(let items): return items
        case .negate(let a): return [a]
        case .binary(_, let a, let b): return [a, b]
        case .call(_, let args): return args.map(\.value)
        case .field(let a, _): return [a]
        case .index(let a, let parts): return [a] + parts
        }
    }
}

extension Stmt.Kind {
    /// The expressions a statement holds, in the order written.
    var expressions: [Expr] {
        switch self {
        case .cell(_, let e), .bind(_, let e), .show(let e), .trace(let e), .reset(let e), .precision(let e), .entries(let e),
             .expression(let e), .heatmap(let e, _),
             .save(let e, _), .load(let e, _):
            return [e]
        case .equationCell(_, let arguments, let equations): return arguments.map(\.value) + equations.map(\.value)
        case .assign(let a, let b), .feed(let a, let b): return [a, b]
        case .print(let items), .model(_, let items), .plot(let items, _): return items
        case .draw(let e, let request): return [e] + [request.step, request.count].compactMap { $0 }
        case .sweep(_, let values, let full): return [values] + [full].compactMap { $0 }
        case .backward(let e, let arguments), .train(let e, let arguments): return [e] + arguments.map(\.value)
        }
    }
}
