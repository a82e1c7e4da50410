import Kernel

/// Turns a cell's equation block into a kernel `EquationProgram`: sorts names into input, states,
/// intermediates and parameters, and infers every parameter's shape from how it is used.
///
/// A name assigned in the block and read before its assignment is state (so is `h`, the output); other
/// assigned names are intermediates; `x` is the input; any other free name is a parameter — a matrix
/// when it stands left of `·`, otherwise a vector. The course's time subscripts (`f_t`, `h_{t-1}`, `x_t`) are
/// read first (see `TimeSubscripts.swift`).
public struct EquationChecker {
    let file: SourceFile
    let inputs: Int
    let hidden: Int
    let equations: [EquationLine]

    /// Parameters as found: name, matrix or vector, rows and columns once known, first use.
    struct ParameterInfo {
        var name: String
        var isMatrix: Bool
        var rows: Int?
        var cols: Int?
        var firstUse: SourceRange
    }

    var variables: [String] = []
    var stateCount = 0
    var widths: [Int?] = []
    var parameters: [ParameterInfo] = []
    var changed = false
    static let functions = Set(Builtins.equationFunctions)

    /// The program, and warnings about names that look like typos (see `SimilarNames.swift`).
    public static func check(file: SourceFile, inputs: Int, hidden: Int, equations: [EquationLine],
        at range: SourceRange) throws(Diagnostic) -> (program: EquationProgram, warnings: [Diagnostic]) {
        let equations = try reading(equations, file: file)
        var c = EquationChecker(file: file, inputs: inputs, hidden: hidden, equations: equations)
        let program = try c.run(range)
        return (program, c.similarNameWarnings())
    }

    func error(_ message: Message, _ range: SourceRange, notes: [Diagnostic.Note] = []) -> Diagnostic {
        Diagnostic(message, at: range, in: file, notes: notes)
    }

    mutating func run(_ blockRange: SourceRange) throws(Diagnostic) -> EquationProgram {
        guard !equations.isEmpty else { throw error(.noEquations, blockRange) }
        let assigned = equations.map(\.name)
        guard assigned.contains("h") else {
            throw error(.noOutput, blockRange,
                        notes: [Diagnostic.Note("add a line like h = o * tanh(C)")])
        }
        for line in equations where line.name == "x" || Self.functions.contains(line.name) {
            throw error(.cannotAssign(line.name), line.nameRange)
        }
        // States: read before their first assignment (and h). Then intermediates, in assignment order.
        var states = ["h"]
        var seen: Set<String> = []
        for line in equations {
            for read in reads(line.value) {
                let name = Self.previousBase(read) ?? read
                let isState = Self.previousBase(read) != nil || !seen.contains(name)
                if assigned.contains(name) && isState && !states.contains(name) { states.append(name) }
            }
            seen.insert(line.name)
        }
        variables = states + assigned.filter { !states.contains($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        stateCount = states.count
        widths = variables.indices.map { $0 < stateCount ? hidden : nil }
        // Infer widths until nothing changes.
        for _ in 0 ..< 2 * (equations.count + 2) {
            changed = false
            try inferAll()
            if !changed { break }
        }
        // A value no line reads has no known width; a parameter spelt like it is most likely that value misspelt.
        for (k, w) in widths.enumerated() where w == nil {
            let v = variables[k]
            let twin = parameters.first { p in !p.name.contains("_") && [v, v + "_t"].contains { Spelling.distance(p.name, $0) <= 1 } }
            if let p = twin {
                throw error(.misspeltValue(p.name, v + "_t"), p.firstUse,
                            notes: [Diagnostic.Note("a name no line assigns is a learned parameter, and no line reads \(v)_t")])
            }
        }
        for p in parameters where p.rows == nil || p.cols == nil {
            throw error(.unknownShape(p.name), p.firstUse,
                        notes: [Diagnostic.Note("use it beside a value of known width, like W · [h, x] + b")])
        }
        for (k, w) in widths.enumerated() where w == nil {
            let line = equations.first { $0.name == variables[k] }!
            throw error(.unknownWidth(variables[k]), line.nameRange)
        }
        var assignments: [(variable: Int, value: Equation)] = []
        var assignedSoFar: Set<String> = []
        for line in equations {
            assignments.append((variables.firstIndex(of: line.name)!, try lower(line.value, assignedSoFar)))
            assignedSoFar.insert(line.name)
        }
        return EquationProgram(
            inputs: inputs, hidden: hidden, variables: variables, stateCount: stateCount, widths: widths.map { $0! },
            parameters: parameters.map { .init(name: $0.name, rows: $0.rows!, cols: $0.cols!, isVector: !$0.isMatrix) },
            assignments: assignments)
    }

    /// Names read by an expression, in order.
    func reads(_ e: Expr) -> [String] {
        switch e.kind {
        case .name(let n): return [n]
        case .number, .boolean, .string, .range: return []
        case .list(let items): return items.flatMap(reads)
        case .negate(let a): return reads(a)
        case .binary(_, let a, let b): return reads(a) + reads(b)
        case .call(_, let args): return args.flatMap { reads($0.value) }
        case .field(let a, _), .index(let a, _): return reads(a)
        }
    }

    /// A width: nil unknown, 0 a number (broadcast), n a vector of n.
    typealias Width = Int?

    mutating func inferAll() throws(Diagnostic) {
        for line in equations {
            let k = variables.firstIndex(of: line.name)!
            let w = try infer(line.value, expected: widths[k])
            if let w, widths[k] == nil { widths[k] = w == 0 ? hidden : w; changed = true }
            if let w, w != 0, let known = widths[k], known != w {
                throw error(.widthConflict(line.name, was: known, now: w), line.value.range)
            }
        }
    }

    mutating func parameterIndex(_ name: String, matrix: Bool, at range: SourceRange) throws(Diagnostic) -> Int {
        if let k = parameters.firstIndex(where: { $0.name == name }) {
            guard parameters[k].isMatrix == matrix else {
                throw error(.matrixAndVector(name), range)
            }
            return k
        }
        parameters.append(ParameterInfo(name: name, isMatrix: matrix, rows: matrix ? nil : 1, cols: nil, firstUse: range))
        return parameters.count - 1
    }

    mutating func setWidth(_ p: Int, rows: Bool, _ value: Int, at range: SourceRange) throws(Diagnostic) {
        let current = rows ? parameters[p].rows : parameters[p].cols
        if let current {
            guard current == value else {
                throw error(.sizeConflict(parameters[p].name, rows ? "rows" : "columns", elsewhere: current, here: value), range)
            }
            return
        }
        if rows { parameters[p].rows = value } else { parameters[p].cols = value }
        changed = true
    }

    mutating func infer(_ e: Expr, expected: Int?) throws(Diagnostic) -> Width {
        switch e.kind {
        case .number: return 0
        case .boolean, .string, .range: throw error(.noPlaceInEquation, e.range)
        case .name(let n):
            if n == "x" { return inputs }
            if let base = Self.previousBase(n), let k = variables.firstIndex(of: base) { return widths[k] }
            if let k = variables.firstIndex(of: n) {
                if widths[k] == nil, let expected, expected > 0 { widths[k] = expected; changed = true }
                return widths[k]
            }
            if Self.functions.contains(n) { throw error(.functionWithoutCall(n, in: .check), e.range) }
            let p = try parameterIndex(n, matrix: false, at: e.range)
            if let expected, expected != 0 { try setWidth(p, rows: false, expected, at: e.range) }
            return parameters[p].cols
        case .negate(let a): return try infer(a, expected: expected)
        case .call(let fn, let args):
            guard Self.functions.contains(fn) else {
                throw error(.unknownEquationFunction(fn), e.range)
            }
            guard args.count == 1, args[0].label == nil else { throw error(.takesOneValue(fn, in: .check), e.range) }
            return try infer(args[0].value, expected: expected)
        case .list(let items):
            guard !items.isEmpty else { throw error(.emptyListInEquation, e.range) }
            var total = 0
            for item in items {
                guard let w = try infer(item, expected: nil) else { return nil }
                total += max(w, 1)
            }
            return total
        case .binary("·", let a, let b):
            guard case .name(let wName) = a.kind, variables.firstIndex(of: wName) == nil, wName != "x",
                  Self.previousBase(wName) == nil else {
                throw error(.productNeedsWeights, a.range)
            }
            let p = try parameterIndex(wName, matrix: true, at: a.range)
            if let w = try infer(b, expected: nil), w > 0 { try setWidth(p, rows: false, w, at: b.range) }
            if let expected, expected > 0 { try setWidth(p, rows: true, expected, at: e.range) }
            return parameters[p].rows
        case .binary(let op, let a, let b):
            var wa = try infer(a, expected: expected), wb = try infer(b, expected: expected)
            if wa == nil, let wb, wb > 0 { wa = try infer(a, expected: wb) }
            if wb == nil, let wa, wa > 0 { wb = try infer(b, expected: wa) }
            if let wa, let wb, wa > 0, wb > 0, wa != wb {
                throw error(.widthsDiffer(op == "+" ? "add" : op == "-" ? "subtract" : op == "*" ? "multiply" : "divide", wa, wb), e.range)
            }
            guard let wa, let wb else { return nil }
            return max(wa, wb)
        case .field, .index:
            throw error(.fieldsInEquation, e.range)
        }
    }

    /// The kernel's form of an expression (after inference).
    func lower(_ e: Expr, _ assignedSoFar: Set<String>) throws(Diagnostic) -> Equation {
        switch e.kind {
        case .number(let x): return .constant(x)
        case .name(let n):
            if n == "x" { return .input }
            if let base = Self.previousBase(n), let k = variables.firstIndex(of: base) { return .previous(k) }
            if let k = variables.firstIndex(of: n) { return .variable(k) }
            return .parameter(parameters.firstIndex { $0.name == n }!)
        case .negate(let a): return .negate(try lower(a, assignedSoFar))
        case .call(let fn, let args):
            let a = try lower(args[0].value, assignedSoFar)
            return fn == "tanh" ? .tanh(a) : fn == "exp" ? .exp(a) : .sigmoid(a)
        case .list(let items):
            var parts: [Equation] = []
            for item in items { parts.append(try lower(item, assignedSoFar)) }
            return .concat(parts)
        case .binary(let op, let a, let b):
            if op == "·", case .name(let w) = a.kind {
                return .product(parameter: parameters.firstIndex { $0.name == w }!, try lower(b, assignedSoFar))
            }
            let (l, r) = (try lower(a, assignedSoFar), try lower(b, assignedSoFar))
            switch op {
            case "+": return .add(l, r)
            case "-": return .subtract(l, r)
            case "*": return .multiply(l, r)
            default: return .divide(l, r)
            }
        case .boolean, .field, .index, .string, .range: throw error(.notAllowedInEquation, e.range)
        }
    }
}
