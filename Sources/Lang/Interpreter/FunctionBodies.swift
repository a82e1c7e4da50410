import Foundation
import Kernel

/// The bodies of the built-in functions (the catalogue in `Builtins` names them and dispatches here).
extension Session {
    func call(_ fn: String, _ args: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard let builtin = Builtins.named(fn) else {
            let near = Spelling.suggestion(for: fn, among: Array(Builtins.functionNames)).map { [Diagnostic.Note("did you mean \($0)?")] }
            throw cx.error(.unknownFunction(fn), range,
                notes: (near ?? []) + [.init("functions: " + Builtins.functionNames.sorted().joined(separator: ", "))])
        }
        if builtin.role == .constant { throw cx.error(.constantCalled(fn), range) }
        guard let body = builtin.body else {
            // A cell, layer or optimizer where a value belongs: say where it goes.
            let example = builtin.role == .cell ? "cell NAME = \(fn)(…)" : builtin.role == .layer ? "model m = CELL -> \(fn)(…)"
                : "train m …, optimizer: \(fn)(…)"
            throw cx.error(.constructorAsValue(fn, builtin.role), range, notes: [.init("write it as \(example)")])
        }
        return try body(self, args, range, cx)
    }

    /// The one unlabelled value a pointwise function takes.
    func single(_ args: [Argument], _ fn: String, _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard args.count == 1, args[0].label == nil else { throw cx.error(.takesOneValue(fn, in: .run), range) }
        return try number(args[0].value, cx)
    }

    /// `log(v)`: defined only where every entry is above zero.
    func logarithm(_ args: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        let v = try single(args, "log", range, cx)
        if let bad = v.numbers.first(where: { !($0 > 0) }) { throw cx.error(.logOfNonPositive(bad), args[0].value.range) }
        return Evaluator.map(v, Foundation.log)
    }

    /// `zeros(n)`, `ones(n)`.
    func filled(_ args: [Argument], _ fn: String, _ fill: Double, _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard case .number(let n) = try single(args, fn, range, cx), n == n.rounded(), n >= 1, n <= Double(Limits.width) else {
            throw cx.error(.takesCount(fn), args[0].value.range)
        }
        return .vector([Double](repeating: fill, count: Int(n)))
    }

    /// `remember(count:, length:, seed:)`: the long-gap task's inputs.
    func rememberTask(_ list: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        let fn = "remember"
        let args = try Arguments(list, of: fn, cx)
        let n = try positive(args, "count", fn, at: range, cx, whole: true), length = try positive(args, "length", fn, at: range, cx,
            whole: true)
        guard n >= 1, length >= 2, n * length <= Double(Limits.parameters) else { throw cx.error(.taskTooLarge(fn), range) }
        let seed = try positive(args, "seed", fn, at: range, cx, whole: true, fallback: 1)
        guard seed < 1e18 else { throw cx.error(.badSeed, args.values["seed"]!.value.range) }
        try reserve(n * length, for: "the sequences", at: range, cx)
        return .matrix(Practicals.remember(count: Int(n), length: Int(length), seed: UInt64(seed)))
    }

    /// A labelled positive number.
    func positive(_ args: Arguments, _ label: String, _ fn: String, at range: SourceRange, _ cx: Context, whole: Bool = false,
        fallback: Double? = nil) throws(Diagnostic) -> Double {
        guard let a = args.values[label] else {
            if let fallback { return fallback }
            throw cx.error(.needsLabel(fn, label), range)
        }
        guard case .number(let x) = try evaluate(a.value, cx), x.isFinite, x >= 0, !whole || x == x.rounded() else {
            throw cx.error(.notFromZero(label, whole: whole), a.value.range)
        }
        return x
    }

    func sineWaves(_ list: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        let fn = "sine_waves"
        let args = try Arguments(list, of: fn, cx)
        let n = try positive(args, "count", fn, at: range, cx, whole: true), length = try positive(args, "length", fn, at: range, cx,
            whole: true)
        guard n >= 1, length >= 1, n * length <= Double(Limits.parameters) else { throw cx.error(.sineWavesTooLarge, range) }
        let period = try positive(args, "period", fn, at: range, cx, fallback: 20)
        let seed = try positive(args, "seed", fn, at: range, cx, whole: true, fallback: 2)
        // numpy draws each shift from -⌊4·period⌋ up to ⌊4·period⌋, a range that must be neither empty nor past 2^32.
        guard period >= 0.25, period < 536_870_912, seed < 4294967296 else { throw cx.error(.sineWavesPeriodOrSeed, range) }
        try reserve(n * length, for: "the waves", at: range, cx)
        return .matrix(Practicals.sineWaves(count: Int(n), length: Int(length), period: period, seed: UInt32(seed)).waves)
    }

    func dampedSine(_ list: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        let fn = "damped_sine"
        let args = try Arguments(list, of: fn, cx)
        let length = try positive(args, "length", fn, at: range, cx, whole: true)
        guard length >= 1, length <= Double(Limits.parameters) else { throw cx.error(.lengthOutOfRange, range) }
        let period = try positive(args, "period", fn, at: range, cx), decay = try positive(args, "decay", fn, at: range, cx)
        guard period > 0 else { throw cx.error(.periodNotPositive, range) }
        return .vector(Practicals.dampedSine(length: Int(length), period: period, decay: decay))
    }

    func linspace(_ list: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard list.count == 3, list.allSatisfy({ $0.label == nil }) else { throw cx.error(.linspaceUsage, range) }
        guard case .number(let a) = try evaluate(list[0].value, cx), case .number(let b) = try evaluate(list[1].value, cx),
              case .number(let n) = try evaluate(list[2].value, cx), n == n.rounded(), n >= 2, n <= Double(Limits.width) else {
            throw cx.error(.linspaceValues, range)
        }
        return .vector((0..<Int(n)).map { a + (b - a) * Double($0) / (n - 1) })
    }

    func mse(_ list: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard list.count == 2, list.allSatisfy({ $0.label == nil }) else { throw cx.error(.mseUsage, range) }
        let a = try number(list[0].value, cx), b = try number(list[1].value, cx)
        guard a.shape == b.shape, !a.numbers.isEmpty else { throw cx.error(.mseShapes(a, b), range) }
        return .number(zip(a.numbers, b.numbers).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(a.numbers.count))
    }

    func predict(_ list: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        let fn = "predict"
        guard list.count >= 2, list[0].label == nil, list[1].label == nil else {
            throw cx.error(.predictUsage, range)
        }
        let name = try modelName(list[0].value, cx)
        let args = try Arguments(Array(list.dropFirst(2)), of: fn, cx)
        let future = try positive(args, "future", fn, at: range, cx, whole: true, fallback: 0)
        let input = try sequences(list[1].value, "the input", cx)
        let model = models[name]!.model
        guard model.cells[0].inputs == 1, (model.readout?.W.rows ?? model.cells.last!.hidden) == 1 else {
            throw cx.error(.singleNumbers("predict", name), range)
        }
        let perStep = model.cells.reduce(0.0) { $0 + Double($1.parameters.reduce(0) { $0 + $1.value.storage.count }) }
        guard future <= Double(Limits.parameters), Double(input.rows) * (Double(input.cols) + future) <= Double(Limits.parameters),
              Double(input.rows) * (Double(input.cols) + future) * perStep <= 1e11 else {
            throw cx.error(.predictionTooLong(name), range)
        }
        try reserve(Double(input.rows) * (Double(input.cols) + future), for: "the prediction", at: range, cx)
        // The layers show the sequence given; the steps the model then feeds itself are not kept.
        let by = future > 0 ? "predict's input (not the \(Int(future)) steps it fed itself)" : "predict's input"
        guard let outputs = model.predict(input, future: Int(future), shouldStop: shouldStop) else { throw cx.error(.interrupted, range) }
        runs[name] = ModelRuns.Run(input: input, by: by)
        cx.warnAtFirstNonFinite(outputs, at: range) { row, column, x in .predictionNonFinite(name, step: column + 1, sequence: row, x) }
        return .matrix(outputs)
    }

    func gradientNorms(_ list: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard list.count == 2, list[0].label == nil, list[1].label == "steps" else {
            throw cx.error(.gradientNormsUsage, range)
        }
        let name = try cellName(list[0].value, cx)
        guard case .number(let n) = try evaluate(list[1].value, cx), n == n.rounded(), n >= 1, n <= 1000 else {
            throw cx.error(.gradientNormsSteps, list[1].value.range)
        }
        let cell = cells[name]!.cell
        // One backward pass per hidden unit for every length: refuse what would run for minutes.
        let work = Double(cell.hidden) * Double(cell.hidden) * Double(cell.hidden + cell.inputs) * n * n / 2
        guard work <= 2e10 else {
            throw cx.error(.gradientNormsTooLong(name, steps: Int(n)), range)
        }
        guard let norms = Kernel.gradientNorms(cell, steps: Int(n), shouldStop: shouldStop) else { throw cx.error(.interrupted, range) }
        cx.warnAtFirstNonFinite(Matrix(row: norms), at: range, backward: true) { _, t, x in .gradientNormNonFinite(name, steps: t + 1, x) }
        return .vector(norms)
    }

    func loadData(_ list: [Argument], _ range: SourceRange, _ cx: Context) throws(Diagnostic) -> Value {
        guard list.count == 1, case .string(let path) = list[0].value.kind else {
            throw cx.error(.loadDataUsage, range)
        }
        return .matrix(try WeightsFile.data(path, at: range, cx))
    }
}
