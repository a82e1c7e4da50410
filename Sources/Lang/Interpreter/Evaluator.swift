import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// The language's functions and arithmetic on values.
enum Evaluator {
    static let functionNames: Set<String> = ["σ", "sigmoid", "tanh", "exp", "transpose", "sum", "zeros", "ones"]

    /// A pointwise operation with numbers broadcast; nil when the shapes do not fit.
    static func pointwise(_ a: Value, _ b: Value, _ f: (Double, Double) -> Double) -> Value? {
        switch (a, b) {
        case let (.number(x), .number(y)): return .number(f(x, y))
        case let (.number(x), .vector(v)): return .vector(v.map { f(x, $0) })
        case let (.vector(v), .number(y)): return .vector(v.map { f($0, y) })
        case let (.number(x), .matrix(m)): return .matrix(m.map { f(x, $0) })
        case let (.matrix(m), .number(y)): return .matrix(m.map { f($0, y) })
        case let (.vector(v), .vector(w)) where v.count == w.count: return .vector(zip(v, w).map(f))
        case let (.matrix(m), .matrix(n)) where m.rows == n.rows && m.cols == n.cols: return .matrix(m.zip(n, f))
        default: return nil
        }
    }

    static func map(_ a: Value, _ f: (Double) -> Double) -> Value {
        switch a {
        case .number(let x): return .number(f(x))
        case .vector(let v): return .vector(v.map(f))
        case .matrix(let m): return .matrix(m.map(f))
        case .boolean: return a
        }
    }

    /// `a · b`: matrix times vector or matrix, a dot product of vectors, or scaling by a number.
    static func product(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case (.number, _), (_, .number): return pointwise(a, b, *)
        case let (.matrix(m), .vector(v)) where m.cols == v.count: return .vector(m ⋅ v)
        case let (.matrix(m), .matrix(n)) where m.cols == n.rows: return .matrix(m * n)
        case let (.vector(v), .vector(w)) where v.count == w.count: return .number(zip(v, w).reduce(0) { $0 + $1.0 * $1.1 })
        case let (.vector(v), .matrix(n)) where n.rows == v.count: return .vector((Matrix(row: v) * n).storage)
        default: return nil
        }
    }
}

extension Session {
    func evaluate(_ e: Expr, _ cx: Context) throws(Diagnostic) -> Value {
        switch e.kind {
        case .number(let x): return .number(x)
        case .boolean(let b): return .boolean(b)
        case .name(let n):
            if let v = values[n] { return v }
            if cells[n] != nil {
                throw cx.error("'\(n)' is a cell; read one of its fields, like \(n).h", e.range)
            }
            if Evaluator.functionNames.contains(n) { throw cx.error("\(n) is a function: write \(n)(…)", e.range) }
            throw cx.error("unknown name '\(n)'", e.range, notes: order.isEmpty ? [] : [.init("defined: " + order.joined(separator: ", "))])
        case .field(let base, let field):
            guard case .name(let n) = base.kind, let slot = cells[n] else {
                throw cx.error("only cells have fields", base.range)
            }
            return try slot.get(field, name: n, at: e.range, cx)
        case .negate(let a): return Evaluator.map(try number(a, cx)) { -$0 }
        case .list(let items): return try list(items, e.range, cx)
        case .index(let base, let index): return try self.index(base, index, cx)
        case .call(let fn, let args): return try call(fn, args, e.range, cx)
        case .binary(let op, let a, let b):
            let x = try number(a, cx), y = try number(b, cx)
            let result: Value?
            switch op {
            case "+": result = Evaluator.pointwise(x, y, +)
            case "-": result = Evaluator.pointwise(x, y, -)
            case "*": result = Evaluator.pointwise(x, y, *)
            case "/":
                if y.numbers.contains(0) { throw cx.error("division by zero", b.range) }
                result = Evaluator.pointwise(x, y, /)
            default: result = Evaluator.product(x, y)
            }
            guard let result else {
                let verb = ["+": "add", "-": "subtract", "*": "multiply pointwise", "/": "divide"][op] ?? "multiply (·)"
                var notes: [Diagnostic.Note] = []
                if op == "·", case .matrix(let m) = x { notes.append(.init("the matrix has \(m.cols) columns, so it needs a vector of \(m.cols) on its right")) }
                throw cx.error("cannot \(verb) \(x.describe) and \(y.describe)", e.range, notes: notes)
            }
            return result
        }
    }

    /// A value that is not true/false.
    func number(_ e: Expr, _ cx: Context) throws(Diagnostic) -> Value {
        let v = try evaluate(e, cx)
        if case .boolean = v { throw cx.error("true and false cannot be computed with", e.range) }
        return v
    }

    /// `[…]`: rows of a matrix when every element is a bracket, otherwise the elements side by side.
    func list(_ items: [Expr], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard !items.isEmpty else { throw cx.error("an empty list has no value; write at least one number", range) }
        let allRows = items.allSatisfy { if case .list = $0.kind { return true } else { return false } }
        if allRows && items.count > 0 {
            var rows: [[Double]] = []
            for item in items {
                guard case .vector(let v) = try evaluate(item, cx) else {
                    throw cx.error("a matrix row must be a list of numbers", item.range)
                }
                if let first = rows.first, first.count != v.count {
                    throw cx.error("ragged matrix: this row has \(v.count) entr\(v.count == 1 ? "y" : "ies") but the first has \(first.count)", item.range)
                }
                rows.append(v)
            }
            return .matrix(Matrix(rows))
        }
        var out: [Double] = []
        for item in items {
            switch try number(item, cx) {
            case .number(let x): out.append(x)
            case .vector(let v): out += v
            case .matrix(let m):
                throw cx.error("a \(m.rows)×\(m.cols) matrix cannot be part of a vector", item.range)
            case .boolean: break
            }
        }
        return .vector(out)
    }

    func index(_ base: Expr, _ index: Expr, _ cx: Context) throws(Diagnostic) -> Value {
        let v = try evaluate(base, cx)
        guard case .number(let x) = try evaluate(index, cx), x == x.rounded() else {
            throw cx.error("an index is a whole number (counting from 0)", index.range)
        }
        let count: Int
        switch v {
        case .vector(let xs): count = xs.count
        case .matrix(let m): count = m.rows
        default: throw cx.error("\(v.describe) cannot be indexed", base.range)
        }
        guard x >= 0 && x < Double(count) else {
            throw cx.error("index \(Int(exactly: x).map(String.init) ?? "\(x)") is out of range: \(v.describe) has indices 0 to \(count - 1)", index.range)
        }
        if case .matrix(let m) = v { return .vector(m.row(Int(x))) }
        return .number(v.numbers[Int(x)])
    }

    func call(_ fn: String, _ args: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard Evaluator.functionNames.contains(fn) else {
            throw cx.error("unknown function '\(fn)'", range, notes: [.init("functions: " + Evaluator.functionNames.sorted().joined(separator: ", "))])
        }
        guard args.count == 1, args[0].label == nil else { throw cx.error("\(fn) takes one value", range) }
        let v = try number(args[0].value, cx)
        switch fn {
        case "σ", "sigmoid": return Evaluator.map(v, sigmoid)
        case "tanh": return Evaluator.map(v) { (x: Double) in Kernel.tanh(x) }
        case "exp": return Evaluator.map(v) { (x: Double) in Glibc.exp(x) }
        case "sum": return .number(v.numbers.reduce(0, +))
        case "transpose":
            switch v {
            case .matrix(let m): return .matrix(m.transposed)
            case .vector(let xs): return .matrix(Matrix(rows: xs.count, cols: 1, storage: xs))
            default: return v
            }
        default:
            guard case .number(let n) = v, n == n.rounded(), n >= 1, n <= Double(Limits.width) else {
                throw cx.error("\(fn) takes a whole number from 1 to \(Limits.width)", args[0].value.range)
            }
            return .vector([Double](repeating: fn == "ones" ? 1 : 0, count: Int(n)))
        }
    }
}
