import Foundation
import Kernel

/// The language's functions and arithmetic on values.
enum Evaluator {
    /// e^x: the kernel's own routine (so a value at the prompt matches a cell's to the bit); beyond ±700,
    /// where the kernel holds its argument, libm's.
    static func exp(_ x: Double) -> Double { abs(x) <= 700 ? Activations.exp(x) : Foundation.exp(x) }

    /// σ and tanh: the kernel's routines, the very ones its cells use.
    static func sigmoid(_ x: Double) -> Double { Activations.sigmoid(x) }
    static func tanh(_ x: Double) -> Double { Activations.tanh(x) }

    /// A matrix's rows as columns; a vector becomes one column.
    static func transpose(_ v: Value) -> Value {
        switch v {
        case .matrix(let m): return .matrix(m.transposed)
        case .vector(let xs): return .matrix(Matrix(rows: xs.count, cols: 1, storage: xs))
        default: return v
        }
    }

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
        case let (.matrix(m), .vector(v)) where m.cols == v.count:
            // The kernel's product, as a cell computes `W · [h, x]` (then `+ b` gives the same bits as its step).
            return .vector(Matrix.affine(Matrix(row: v), weights: m, bias: [Double](repeating: 0, count: m.rows)).storage)
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
            if let constant = Builtins.constantValue(n) { return .number(constant) }
            if cells[n] != nil {
                throw cx.error(.cellIsNotAValue(n), e.range)
            }
            if Builtins.functionNames.contains(n) { throw cx.error(.functionWithoutCall(n, in: .run), e.range) }
            let names = lastingNames
            var notes: [Diagnostic.Note] = names.isEmpty ? [] : [.init("defined: " + names.joined(separator: ", "))]
            if let near = Spelling.suggestion(for: n, among: names + Builtins.functionNames) {
                notes.insert(.init("did you mean \(near)?"), at: 0)
            }
            throw cx.error(.unknownName(n), e.range, notes: notes)
        case .string: throw cx.error(.stringOutsideFileName, e.range)
        case .range: throw cx.error(.rangeOutsideIndex, e.range)
        case .field(let base, let field):
            if case .name(let n) = base.kind, let model = models[n] {
                return try cx.at(e.range) { () throws(SlotError) in try model.value(field, name: n) }
            }
            if case .field(let inner, let layer) = base.kind, case .name(let n) = inner.kind, let model = models[n] {
                if let k = model.layerNames.firstIndex(of: layer), model.model.cells[k].parameter(field) == nil {
                    let view = try cellView(base, cx)
                    return try cx.at(e.range) { () throws(SlotError) in try view.slot.get(field, name: view.name) }
                }
                return try cx.at(e.range) { () throws(SlotError) in try model.layerValue(layer, field, name: n) }
            }
            if case .name(let n) = base.kind, values[n] == nil, cells[n] == nil {
                return try evaluate(base, cx)  // an unknown name: said as such, with the nearest one
            }
            guard case .name(let n) = base.kind, let slot = cells[n] else {
                throw cx.error(.fieldsOnlyOnCellsAndModels, base.range)
            }
            return try cx.at(e.range) { () throws(SlotError) in try slot.get(field, name: n) }
        case .negate(let a): return Evaluator.map(try number(a, cx)) { -$0 }
        case .list(let items): return try list(items, e.range, cx)
        case .index(let base, let parts): return try self.index(base, parts, cx)
        case .call(let fn, let args): return try call(fn, args, e.range, cx)
        case .binary(let op, let a, let b):
            let x = try number(a, cx), y = try number(b, cx)
            let result: Value?
            switch op {
            case "+": result = Evaluator.pointwise(x, y, +)
            case "-": result = Evaluator.pointwise(x, y, -)
            case "*": result = Evaluator.pointwise(x, y, *)
            case "/":
                if y.numbers.contains(0) { throw cx.error(.divisionByZero, b.range) }
                result = Evaluator.pointwise(x, y, /)
            default:
                if case .matrix(let m) = x, case .matrix(let n) = y, m.cols == n.rows {
                    try reserve(Double(m.rows) * Double(n.cols), for: "the product", at: e.range, cx)
                    // A product of large matrices can take minutes: it asks about Ctrl-C between bands of rows.
                    guard let p = Matrix.product(m, n, shouldStop: shouldStop) else { throw cx.error(.interrupted, e.range) }
                    result = .matrix(p)
                } else {
                    result = Evaluator.product(x, y)
                }
            }
            guard let result else {
                let verb = ["+": "add", "-": "subtract", "*": "multiply pointwise", "/": "divide"][op] ?? "multiply (·)"
                var notes: [Diagnostic.Note] = []
                if op == "·", case .matrix(let m) = x { notes.append(.init("the matrix has \(m.cols) columns, so it needs a vector of "
                    + "\(m.cols) on its right")) }
                throw cx.error(.cannotCombine(verb, x, y), e.range, notes: notes)
            }
            return result
        }
    }

    /// A value that is not true/false.
    func number(_ e: Expr, _ cx: Context) throws(Diagnostic) -> Value {
        let v = try evaluate(e, cx)
        if case .boolean = v { throw cx.error(.booleanInArithmetic, e.range) }
        return v
    }

    /// `[…]`: rows of a matrix when every element is a bracket, otherwise the elements side by side.
    func list(_ items: [Expr], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard !items.isEmpty else { throw cx.error(.emptyList, range) }
        let allRows = items.allSatisfy { if case .list = $0.kind { return true } else { return false } }
        if allRows && items.count > 0 {
            var rows: [[Double]] = []
            for item in items {
                guard case .vector(let v) = try evaluate(item, cx) else {
                    throw cx.error(.rowNotNumbers, item.range)
                }
                if let first = rows.first, first.count != v.count {
                    throw cx.error(.raggedMatrix(row: v.count, first: first.count), item.range)
                }
                rows.append(v)
            }
            try reserve(Double(rows.count) * Double(rows[0].count), for: "the matrix", at: range, cx)
            return .matrix(Matrix(rows))
        }
        var parts: [Value] = [], total = 0.0
        for item in items {
            let part = try number(item, cx)
            // `[v]` is v itself: no copy to make.
            if items.count == 1, case .vector = part { return part }
            if case .matrix(let m) = part { throw cx.error(.matrixInVector(m), item.range) }
            parts.append(part)
            total += Double(part.size)
        }
        if items.count > 1 { try reserve(total, for: "the joined vector", at: range, cx) }
        var out: [Double] = []
        out.reserveCapacity(Int(total))
        for part in parts {
            switch part {
            case .number(let x): out.append(x)
            case .vector(let v): out += v
            case .matrix, .boolean: break
            }
        }
        return .vector(out)
    }

    /// `v[i]`, `v[a:b]`, `m[i]` (a row), `m[a:b]` (rows), `m[rows, columns]` with either part a range.
    func index(_ base: Expr, _ parts: [Expr], _ cx: Context) throws(Diagnostic) -> Value {
        let v = try evaluate(base, cx)
        let m: Matrix
        switch v {
        case .vector(let xs): m = Matrix(row: xs)
        case .matrix(let mm): m = mm
        default: throw cx.error(.notIndexable(v), base.range)
        }
        let isVector = { if case .vector = v { return true } else { return false } }()
        if !isVector, let first = parts.first, let last = parts.last {
            // `W_f[h, x]` as seed 002 writes a product: say so, and how to write it.
            for part in parts {
                switch part.kind { case .range, .number: continue; default: break }  // plain indices need no look
                if case .vector = try evaluate(part, cx) {
                    let vector = parts.count == 1
                        ? cx.file.text(of: part.range) : "[" + cx.file.text(of: SourceRange(first.range.start, last.range.end)) + "]"
                    throw cx.error(.productWrittenAsIndex, SourceRange(base.range.end, last.range.end + 1),
                                   notes: [.init("to multiply, write \(cx.file.text(of: base.range)) · \(vector)")])
                }
            }
        }
        guard parts.count <= (isVector ? 1 : 2) else { throw cx.error(.tooManyIndices(v, most: isVector ? 1 : 2),
            parts[parts.count - 1].range) }
        /// One part as a range of positions, and whether it was a single index.
        func positions(_ part: Expr, count: Int) throws(Diagnostic) -> (Range<Int>, single: Bool) {
            func whole(_ e: Expr, allowEnd: Bool) throws(Diagnostic) -> Int {
                guard case .number(let x) = try evaluate(e, cx), x == x.rounded() else {
                    throw cx.error(.indexNotWhole, e.range)
                }
                let limit = allowEnd ? count : count - 1
                guard x >= 0 && x <= Double(limit) else {
                    throw cx.error(.indexOutOfRange(x, v, count: count), e.range)
                }
                return Int(x)
            }
            if case .range(let low, let high) = part.kind {
                let a = try low.map { (e: Expr) throws(Diagnostic) in try whole(e, allowEnd: true) } ?? 0
                let b = try high.map { (e: Expr) throws(Diagnostic) in try whole(e, allowEnd: true) } ?? count
                guard a < b else { throw cx.error(.emptyRange(a, b), part.range) }
                return (a ..< b, false)
            }
            let k = try whole(part, allowEnd: false)
            return (k ..< k + 1, true)
        }
        if isVector {
            let (r, single) = try positions(parts[0], count: m.cols)
            return single ? .number(m.storage[r.lowerBound]) : .vector(Array(m.storage[r]))
        }
        let (rows, singleRow) = try positions(parts[0], count: m.rows)
        let (cols, singleCol) = parts.count > 1 ? try positions(parts[1], count: m.cols) : (0 ..< m.cols, false)
        let picked = m.rows(rows).columns(cols)
        switch (singleRow, singleCol) {
        case (true, true): return .number(picked.storage[0])
        case (true, false): return .vector(picked.storage)
        case (false, true): return .vector(picked.storage)
        default: return .matrix(picked)
        }
    }
}
