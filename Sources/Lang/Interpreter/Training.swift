import Kernel

extension Session {
    /// A number-sequence matrix: N sequences, one per row (a vector is one sequence).
    func sequences(_ e: Expr, _ what: String, _ cx: Context) throws(Diagnostic) -> Matrix {
        switch try evaluate(e, cx) {
        case .matrix(let m) where m.rows > 0 && m.cols > 0: return try finite(m, what, e, cx)
        case .vector(let v) where !v.isEmpty: return try finite(Matrix(row: v), what, e, cx)
        case let other: throw cx.error(.notSequences(what, other), e.range)
        }
    }

    /// Sequences with no NaN or infinity, as `feed` asks of its input.
    func finite(_ m: Matrix, _ what: String, _ e: Expr, _ cx: Context) throws(Diagnostic) -> Matrix {
        guard let bad = m.storage.firstIndex(where: { !$0.isFinite }) else { return m }
        throw cx.error(.sequencesNotFinite(what, m.storage[bad], row: bad / m.cols, step: bad % m.cols + 1), e.range)
    }

    /// The optimizer a call names: `lbfgs(lr:, line_search:)`, `sgd(lr:, momentum:)`, `adam(lr:)`.
    func optimizer(_ e: Expr, _ cx: Context) throws(Diagnostic) -> any Optimizer {
        guard case .call(let kind, let list) = e.kind else {
            throw cx.error(.expectedOptimizer, e.range)
        }
        /// A setting from 0, or (`fraction`) from 0 to below 1, as momentum and Adam's betas must be.
        func number(_ args: Arguments, _ label: String, _ fallback: Double, fraction: Bool = false) throws(Diagnostic) -> Double {
            guard let a = args.values[label] else { return fallback }
            guard case .number(let x) = try evaluate(a.value, cx), x.isFinite, x >= 0 else {
                throw cx.error(fraction ? .notAFraction(label) : .notFromZero(label, whole: false), a.value.range)
            }
            guard !fraction || x < 1 else { throw cx.error(.notAFraction(label), a.value.range) }
            return x
        }
        switch kind {
        case "lbfgs":
            let args = try Arguments(list, of: kind, cx)
            var search = false
            if let a = args.values["line_search"] {
                guard case .boolean(let b) = try evaluate(a.value, cx) else { throw cx.error(.trueOrFalse("line_search"), a.value.range) }
                search = b
            }
            var lbfgs = LBFGS(lr: try number(args, "lr", 1), lineSearch: search)
            lbfgs.shouldStop = shouldStop
            return lbfgs
        case "sgd":
            let args = try Arguments(list, of: kind, cx)
            return SGD(lr: try number(args, "lr", 0.01), momentum: try number(args, "momentum", 0, fraction: true))
        case "adam":
            let args = try Arguments(list, of: kind, cx)
            return Adam(lr: try number(args, "lr", 0.001), beta1: try number(args, "beta1", 0.9, fraction: true),
                        beta2: try number(args, "beta2", 0.999, fraction: true))
        default:
            throw cx.error(.unknownOptimizer(kind), e.range,
                notes: [.init("optimizers: " + Builtins.names(.optimizer).joined(separator: ", "))])
        }
    }

    /// `train m input: X, target: Y, optimizer: …, steps: N [, test_input: …, test_target: … [, future: F]]
    /// [, biases: pytorch]` — `future` keeps the prediction of the first test sequence and F steps past it after
    /// every step (`m.predictions`); `biases: pytorch` makes the optimizer see each cell bias as PyTorch's two.
    mutating func train(_ name: String, _ list: [Argument], at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        let args = try Arguments(list, accepted: ["input", "target", "optimizer", "steps", "test_input", "test_target", "future",
            "biases"],
            call: "train", cx)
        for needed in ["input", "target", "optimizer", "steps"] where args.values[needed] == nil {
            throw cx.error(.trainNeeds(needed), range, notes: [.init("train m input: X, target: Y, optimizer: lbfgs(lr: 0.8), steps: 15")])
        }
        var slot = models[name]!
        guard slot.model.cells[0].inputs == 1, (slot.model.readout?.W.rows ?? slot.model.cells.last!.hidden) == 1 else {
            throw cx.error(.singleNumbers("train", name), range)
        }
        let input = try sequences(args.values["input"]!.value, "input", cx)
        let target = try sequences(args.values["target"]!.value, "target", cx)
        guard input.rows == target.rows && input.cols == target.cols else {
            throw cx.error(.targetShape(input, target), args.values["target"]!.value.range)
        }
        let test = try testSet(args, cx)
        guard case .number(let n) = try evaluate(args.values["steps"]!.value, cx), n == n.rounded(), n >= 1, n <= 1e6 else {
            throw cx.error(.trainSteps, args.values["steps"]!.value.range)
        }
        let future = try futureToKeep(args, test: test?.0, steps: n, at: range, cx)
        if future != nil, let test { (slot.predictions, slot.predictedFrom) = ([], test.0.cols) }
        var optimizer = try self.optimizer(args.values["optimizer"]!.value, cx)
        try reserve(trainingWorkspace(slot.model, input, optimizer), for: "training on \(input.rows)×\(input.cols) numbers",
                    at: range, cx)
        let pytorch = try args.values["biases"].map { a throws(Diagnostic) in try word(a, allowed: ["course", "pytorch"],
            cx) == "pytorch" } ?? false
        if checkOnly { return }
        let space = slot.model.pytorchObjective(inputs: input, targets: target, shouldStop: shouldStop)
        let objective = pytorch ? space.objective : slot.model.objective(inputs: input, targets: target, shouldStop: shouldStop)
        let toModel = pytorch ? space.contract : { $0 }
        var x = pytorch ? space.expand(slot.model.flatParameters) : slot.model.flatParameters
        let clock = ContinuousClock(), start = clock.now
        for step in 1...Int(n) {
            if shouldStop() {
                cx.emit(.note("stopped before step \(step); \(name) keeps the weights after step \(step - 1)"))
                break
            }
            let before = x
            var evaluations = 0
            let evaluationsPerStep = optimizer.evaluationsPerStep
            // Each evaluation reports where the step stands: an L-BFGS step on a large problem takes a while.
            let loss = optimizer.step(&x) { p in
                let result = objective(p)
                evaluations += 1
                let seconds = (clock.now - start).seconds
                let expected = step == 1 && evaluations == 1
                    ? ExpectedTime(model: name, steps: Int(n), evaluationsPerStep: evaluationsPerStep, secondsPerEvaluation: seconds)
                    : nil
                cx.emit(.progress(Progress(step: step - 1, of: Int(n), loss: result.loss, seconds: seconds, evaluation: evaluations,
                                           expected: expected.flatMap { $0.atMost >= ExpectedTime.worthSaying ? $0 : nil })))
                return result
            }
            func stopped() -> Bool {
                guard shouldStop() else { return false }
                x = before
                cx.emit(.note("stopped during step \(step); \(name) keeps the weights after step \(step - 1)"))
                return true
            }
            if stopped() { break }
            guard loss.isFinite, x.allSatisfy(\.isFinite) else {
                x = before
                cx.emit(.note("training stopped at step \(step): the loss is "
                    + "\(loss.isNaN ? "NaN" : loss.isFinite ? "finite but the weights are not" : "infinite"); \(name) keeps the weights "
                        + "after step \(step - 1)"))
                break
            }
            var model = slot.model
            model.setFlatParameters(toModel(x))
            // The step's test loss and prediction ask too: a stop there throws the whole step away.
            let testLoss = test.flatMap { model.meanSquaredError(inputs: $0.0, targets: $0.1, shouldStop: shouldStop) }
            let prediction = future.flatMap { f in test.flatMap { model.predict($0.0.rows(0..<1), future: f, shouldStop: shouldStop) } }
            if stopped() { break }
            slot.model = model
            slot.losses.append(loss)
            if let testLoss { slot.testLosses.append(testLoss) }
            if let prediction { slot.predictions.append(prediction.storage) }
            cx.emit(.progress(Progress(step: step, of: Int(n), loss: loss, seconds: (clock.now - start).seconds)))
            cx.emit(.trainingStep(TrainingStep(step: step, loss: loss, testLoss: testLoss)))
        }
        slot.model.setFlatParameters(toModel(x))
        models[name] = slot
        runs[name] = ModelRuns.Run(input: input, by: "train's input")
        lastTraining = TrainingRecord(model: name, input: input, target: target, test: test.map { (input: $0.0, target: $0.1) })
    }
}

/// What a `train` statement fitted: the model's name, its sequences and the test set.
public struct TrainingRecord: Sendable {
    public let model: String
    public let input: Matrix
    public let target: Matrix
    public let test: (input: Matrix, target: Matrix)?
}

extension Session {
    /// Numbers training keeps at once: every step's intermediates forward and their derivatives backward, for the
    /// whole batch, and the optimizer's copies of the parameters (L-BFGS keeps two per remembered step).
    func trainingWorkspace(_ model: SequenceModel, _ input: Matrix, _ optimizer: any Optimizer) -> Double {
        let perStep = model.cells.reduce(0.0) { $0 + CellSlot.numbersPerStep($1, rows: input.rows) }
        let copies = (optimizer as? LBFGS).map { Double(2 * $0.historySize + 6) } ?? 4
        return 2 * perStep * Double(input.cols) + copies * Double(model.flatParameters.count)
    }

    /// `train`'s test set, if it has one: `test_input:` and `test_target:` come together and have the same shape.
    func testSet(_ args: Arguments, _ cx: Context) throws(Diagnostic) -> (Matrix, Matrix)? {
        let given = (args.values["test_input"], args.values["test_target"])
        guard let ti = given.0, let tt = given.1 else {
            guard let one = given.0 ?? given.1 else { return nil }
            throw cx.error(.testSetHalf(given: one.label ?? "test_input"), one.labelRange ?? one.value.range)
        }
        let input = try sequences(ti.value, "test_input", cx), target = try sequences(tt.value, "test_target", cx)
        guard input.rows == target.rows && input.cols == target.cols else {
            throw cx.error(.targetShape(input, target, test: true), tt.value.range)
        }
        return (input, target)
    }

    /// How many steps past the first test sequence `train`'s `future:` asks to predict after each step, if it does:
    /// only with a test set, and within the session's budget for the rows it keeps.
    func futureToKeep(_ args: Arguments, test: Matrix?, steps: Double, at range: SourceRange, _ cx: Context)
        throws(Diagnostic) -> Int? {
        guard let given = args.values["future"] else { return nil }
        guard let test else { throw cx.error(.futureNeedsTest, given.labelRange ?? given.value.range) }
        let future = try positive(args, "future", "train", at: range, cx, whole: true)
        guard steps * (Double(test.cols) + future) <= Double(Limits.parameters) else {
            throw cx.error(.predictionsTooLong, given.value.range)
        }
        return Int(future)
    }
}

public extension Duration {
    /// The duration in seconds, for progress rates.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
