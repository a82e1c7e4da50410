/// The course's time subscripts, read into the checker's names before anything else looks at a cell.
///
/// In a cell's equations `x_t` (or `X_t`) is the input `x`; `f_t`, `C~_t`, `h_t`, … are this step's `f`,
/// `C~`, `h`; `h_{t-1}` and `C_{t-1}` (or `c_{t-1}`) are the states as the step began, whatever line
/// they stand on — kept as `h_{t-1}`, `C_{t-1}` and lowered to the kernel's `previous` state. Plain `h`,
/// `C`, `x` keep their meaning: a state read before its assignment is its value at t-1, after it the new
/// one. A product written as juxtaposition, `W_f[h_{t-1}, x_t]` (seed 002), is `W_f · [h_{t-1}, x_t]`.
extension EquationChecker {
    static let previousSuffix = "_{t-1}"

    /// The name an assignment defines: `f_t` and `f_{t}` define `f`.
    static func defined(_ name: String) -> String {
        for suffix in ["_{t}", "_t"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// The state a `NAME_{t-1}` reads, if the name has that subscript.
    static func previousBase(_ name: String) -> String? {
        name.hasSuffix(previousSuffix) && name.count > previousSuffix.count ? String(name.dropLast(previousSuffix.count)) : nil
    }

    /// The lines with every name in the checker's form: definitions without `_t`, `x_t` as `x`, `c_{t-1}` as
    /// the state it names, juxtaposed products as `·`.
    static func reading(_ equations: [EquationLine], file: SourceFile) throws(Diagnostic) -> [EquationLine] {
        let assigned = Set(equations.map { defined($0.name) })
        func resolve(_ e: Expr) throws(Diagnostic) -> Expr {
            switch e.kind {
            case .name(let n): return Expr(.name(try name(n, at: e.range)), e.range)
            case .number, .boolean, .string, .range: return e
            case .list(let items):
                var out: [Expr] = []
                for item in items { out.append(try resolve(item)) }
                return Expr(.list(out), e.range)
            case .negate(let a): return Expr(.negate(try resolve(a)), e.range)
            case .binary(let op, let a, let b): return Expr(.binary(op, try resolve(a), try resolve(b)), e.range)
            case .call(let fn, let args):
                var out: [Argument] = []
                for a in args { out.append(Argument(label: a.label, labelRange: a.labelRange, value: try resolve(a.value))) }
                return Expr(.call(fn, out), e.range)
            case .field(let a, let f): return Expr(.field(try resolve(a), f), e.range)
            case .index(let base, let parts):
                // `W_f[C_{t-1}, h_{t-1}, X_t]`: a weight written against what it multiplies.
                if case .name(let w) = base.kind, case let read = try name(w, at: base.range),
                   !assigned.contains(read), previousBase(read) == nil, read != "x" {
                    let list = Expr(.list(parts), SourceRange(base.range.end, e.range.end))
                    return Expr(.binary("·", base, try resolve(list)), e.range)
                }
                return Expr(.index(try resolve(base), parts), e.range)
            }
        }
        func name(_ n: String, at range: SourceRange) throws(Diagnostic) -> String {
            if n == "x_t" || n == "X_t" || n == "x_{t}" || n == "X_{t}" { return "x" }
            if let base = previousBase(n) {
                if base.lowercased() == "x" { throw Diagnostic(.inputHasNoPast(n), at: range, in: file) }
                let state = assigned.contains(base) ? base : assigned.first { $0.lowercased() == base.lowercased() }
                guard let state else {
                    throw Diagnostic(.previousOfUnassigned(n, base: base), at: range, in: file)
                }
                return state + previousSuffix
            }
            let plain = defined(n)
            return plain != n && assigned.contains(plain) ? plain : n
        }
        var out: [EquationLine] = []
        for line in equations {
            out.append(EquationLine(name: defined(line.name), nameRange: line.nameRange, value: try resolve(line.value)))
        }
        return out
    }
}
