/// Puts a job's axis values where the script names its axes: `hidden: H` becomes `hidden: 8`, `model m = variant -> …`
/// becomes `model m = nig -> …`, and a call of an axis (`kind(inputs: 1, hidden: 4)`) calls the value's function, with the
/// value's own arguments first (`lstm(coupled: true)` as a value makes `lstm(coupled: true, inputs: 1, hidden: 4)`).
/// A cell's equations are left as written: their names are the cell's own.
struct AxisSubstitution {
    let values: [String: Expr]

    init(_ values: [String: Expr]) { self.values = values }

    func statement(_ s: Stmt) -> Stmt {
        var out = s
        switch s.kind {
        case let .cell(name, constructor): out.kind = .cell(name: name, constructor: expr(constructor))
        case let .equationCell(name, arguments, equations):
            out.kind = .equationCell(name: name, arguments: arguments.map(argument), equations: equations)
        case let .bind(name, value): out.kind = .bind(name: name, value: expr(value))
        case let .assign(target, value):
            // `variant.b_f = …` sets a field of the job's cell (an axis itself cannot be assigned: the plan refuses it).
            out.kind = .assign(target: expr(target), value: expr(value))
        case let .feed(cell, input): out.kind = .feed(cell: expr(cell), input: expr(input))
        case .print(let items): out.kind = .print(items.map(expr))
        case .show(let e): out.kind = .show(expr(e))
        case .trace(let e): out.kind = .trace(expr(e))
        case .reset(let e): out.kind = .reset(expr(e))
        case .precision(let e): out.kind = .precision(expr(e))
        case .entries(let e): out.kind = .entries(expr(e))
        case let .backward(cell, seeds): out.kind = .backward(cell: expr(cell), seeds: seeds.map(argument))
        case .expression(let e): out.kind = .expression(expr(e))
        case let .model(name, layers): out.kind = .model(name: name, layers: layers.map(expr))
        case let .train(model, arguments): out.kind = .train(model: expr(model), arguments: arguments.map(argument))
        case let .plot(items, file): out.kind = .plot(items.map(expr), file: file)
        case let .draw(e, request):
            var r = request
            r.step = request.step.map(expr)
            r.count = request.count.map(expr)
            out.kind = .draw(expr(e), r)
        case let .heatmap(e, file): out.kind = .heatmap(expr(e), file: file)
        case let .save(model, file): out.kind = .save(model: expr(model), file: file)
        case let .load(model, file): out.kind = .load(model: expr(model), file: file)
        case .sweep: break
        }
        return out
    }

    func argument(_ a: Argument) -> Argument {
        var out = a
        out.value = expr(a.value)
        return out
    }

    func expr(_ e: Expr) -> Expr {
        switch e.kind {
        case .name(let n): return values[n] ?? e
        case .number, .boolean, .string: return e
        case let .range(a, b): return Expr(.range(a.map(expr), b.map(expr)), e.range)
        case .list(let items): return Expr(.list(items.map(expr)), e.range)
        case .negate(let a): return Expr(.negate(expr(a)), e.range)
        case let .binary(op, a, b): return Expr(.binary(op, expr(a), expr(b)), e.range)
        case let .call(name, args):
            let mine = args.map(argument)
            switch values[name]?.kind {
            case .name(let called): return Expr(.call(called, mine), e.range)
            case let .call(called, given): return Expr(.call(called, given + mine), e.range)
            default: return Expr(.call(name, mine), e.range)
            }
        case let .field(base, name): return Expr(.field(expr(base), name), e.range)
        case let .index(base, parts): return Expr(.index(expr(base), parts.map(expr)), e.range)
        }
    }
}
