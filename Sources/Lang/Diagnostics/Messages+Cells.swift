import Kernel

/// What running a statement finds about cells, models, training and files.
extension Message {
    static func unlabelled(_ call: String) -> Message {
        Message(.run, "\(call)'s arguments are labelled, like \(call)(inputs: 1, hidden: 2)")
    }
    static func unknownLabel(_ call: String, _ label: String) -> Message { Message(.run, "\(call) has no argument '\(label)'") }
    static func labelTwice(_ label: String) -> Message { Message(.run, "'\(label)' is given twice") }
    static func needsSize(_ call: String, _ label: String) -> Message { Message(.run, "\(call) needs '\(label): N'") }
    static func sizeNotWhole(_ label: String) -> Message { Message(.run, "\(label) must be a whole number of at least 1") }
    static func sizeTooLarge(_ label: String, _ n: Double) -> Message {
        Message(.run, "\(label): \(spoken(n)) is too large (at most \(Limits.width))")
    }
    static var badSeed: Message { Message(.run, "seed must be a whole number from 0") }
    static var expectedGateList: Message { Message(.run, "expected a list of gates, like [f, i, o]") }
    static func expectedOneOf(_ allowed: [String]) -> Message { Message(.run, "expected one of " + allowed.joined(separator: ", ")) }
    static var expectedCellConstructor: Message { Message(.run, "expected lstm(…), gru(…) or rnn(…)") }
    static func unknownCellKind(_ kind: String) -> Message { Message(.run, "unknown cell kind '\(kind)'") }
    static func trueOrFalse(_ label: String) -> Message { Message(.run, "\(label) is true or false") }
    static func cellTooLarge(_ kind: String, hidden: Int, inputs: Int, weights: Int) -> Message {
        Message(.run, "a \(kind) cell of \(hidden) hidden units and \(inputs.counting("input")) needs \(weights) weights, "
            + "more than the \(Limits.parameters) allowed here")
    }
    static var equationCellTooLarge: Message { Message(.run, "the cell's parameters are too large to allocate here") }
    static func shape(_ error: ShapeError) -> Message { Message(.run, error.description) }

    static func notFedYet(_ cell: String, field: String) -> Message {
        Message(.run, "\(cell) has not been fed yet, so \(cell).\(field) has no value")
    }
    static func notFedYet(_ cell: String, nothingTo verb: String) -> Message {
        Message(.run, "\(cell) has not been fed yet; nothing to \(verb)")
    }
    static func noBackwardYet(_ cell: String) -> Message {
        Message(.run, "\(cell) has not been fed yet; there is nothing to backpropagate through")
    }
    static func noField(_ kind: String, _ cell: String, _ field: String) -> Message {
        Message(.run, "\(kind) cell \(cell) has no field '\(field)'")
    }
    static func cannotHold(_ target: String, _ x: Double) -> Message { Message(.run, "\(target) cannot hold \(spoken(x))") }
    /// A number as every message says it: a whole number without a decimal point (3, not 3.0), others in their
    /// shortest exact form (0.25, 1e+20), and NaN, infinity, -infinity in words.
    static func spoken(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "infinity" : "-infinity" }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
    static func becameNonFinite(_ target: String, step: Int, entry: Int, _ x: Double) -> Message {
        Message(.run, "\(target) became \(spoken(x)) at step \(step) (entry \(entry))")
    }
    static func predictionNonFinite(_ model: String, step: Int, sequence: Int, _ x: Double) -> Message {
        Message(.run, "the prediction of \(model) became \(spoken(x)) at step \(step) (sequence \(sequence))")
    }
    static func gradientNormNonFinite(_ cell: String, steps: Int, _ x: Double) -> Message {
        Message(.run, "the gradient norm of \(cell) became \(spoken(x)) over \(steps.counting("step"))")
    }
    static func gradientNonFinite(_ of: String, row: Int, column: Int, _ x: Double) -> Message {
        Message(.run, "\(of) is \(spoken(x)) at row \(row), column \(column)")
    }
    static func parameterShape(_ field: String, want: String, got: Value) -> Message {
        Message(.run, "\(field) must be \(want); got \(got.describe)")
    }
    static func stateShape(_ target: String, hidden: Int, got: Value) -> Message {
        Message(.run, "\(target) is the state: a vector of \(hidden); got \(got.describe)")
    }
    static func computedField(_ target: String) -> Message { Message(.run, "\(target) is computed by a step; it cannot be set") }
    static func dhShape(steps: Int, hidden: Int, got: Value) -> Message {
        Message(.run, "dh_t must be a \(steps)×\(hidden) matrix: ∂L/∂h_t for each of the \(steps) steps fed; got \(got.describe)")
    }
    static func seedShape(_ label: String, hidden: Int, got: Value) -> Message {
        Message(.run, "\(label) must be a vector of \(hidden); got \(got.describe)")
    }
    static func unknownGradient(_ label: String) -> Message { Message(.run, "unknown gradient '\(label)'") }

    static func readoutFields(_ model: String) -> Message { Message(.run, "the read-out \(model).linear has W and b") }
    static func noLayerParameter(_ model: String, _ layer: String, _ field: String) -> Message {
        Message(.run, "layer \(model).\(layer) has no parameter '\(field)'")
    }
    static func noLayer(_ model: String, _ layer: String) -> Message { Message(.run, "model \(model) has no layer '\(layer)'") }
    static func notTrainedYet(_ model: String) -> Message { Message(.run, "\(model) has not been trained yet") }
    static func noPredictions(_ model: String) -> Message {
        Message(.run, "\(model) kept no predictions: train it with test_input:, test_target: and future: N")
    }
    static var futureNeedsTest: Message {
        Message(.run, "future: predicts past the first test sequence, so train needs test_input: and test_target: with it")
    }
    static var predictionsTooLong: Message {
        Message(.run, "keeping that many predicted steps for every training step would pass the session's budget")
    }
    static func layerIsNotAValue(_ model: String, _ layer: String) -> Message {
        Message(.run, "\(model).\(layer) is a layer; read one of its parameters, like "
            + "\(model).\(layer).\(layer == "linear" ? "W" : "W_f")")
    }
    static func noModelField(_ model: String, _ field: String) -> Message { Message(.run, "model \(model) has no field '\(field)'") }
    static func layerParameterShape(_ target: String, want: Value, got: Value) -> Message {
        Message(.run, "\(target) must be \(want.describe); got \(got.describe)")
    }
    static var expectedModelName: Message { Message(.run, "expected the name of a model") }
    static var readoutNotLast: Message { Message(.run, "the linear read-out must be the last layer") }
    static var readoutFirst: Message { Message(.run, "a read-out needs a cell before it") }
    static var badLayer: Message {
        Message(.run, "a layer is a cell's name, a cell like lstm(inputs: 1, hidden: 8), or linear(outputs: 1)")
    }
    static func layerWidths(takes: Int, given: Int) -> Message {
        Message(.run, "this layer takes \(takes) inputs but the layer before gives \(given)")
    }
    static var emptyModel: Message { Message(.run, "a model needs at least one cell") }

    static func notSequences(_ what: String, _ got: Value) -> Message {
        Message(.run, "\(what) must be a matrix of sequences, one per row; got \(got.describe)")
    }
    static var expectedOptimizer: Message {
        Message(.run, "expected an optimizer: lbfgs(lr: 0.8), sgd(lr: 0.1, momentum: 0.9) or adam(lr: 0.01)")
    }
    static func unknownOptimizer(_ kind: String) -> Message { Message(.run, "unknown optimizer '\(kind)'") }
    static func trainNeeds(_ label: String) -> Message { Message(.run, "train needs '\(label): …'") }
    static func targetShape(_ input: Matrix, _ target: Matrix, test: Bool = false) -> Message {
        let (i, t) = test ? ("test_input", "test_target") : ("input", "target")
        return Message(.run, "\(i) is \(input.rows)×\(input.cols) but \(t) is \(target.rows)×\(target.cols); they must match")
    }
    static func notAFraction(_ label: String) -> Message { Message(.run, "\(label) must be a number from 0 to below 1") }
    static func sequencesNotFinite(_ what: String, _ value: Double, row: Int, step: Int) -> Message {
        Message(.run, "\(what) holds \(spoken(value)) at row \(row), step \(step); "
            + "sequences must be finite numbers")
    }
    static func testSetHalf(given: String) -> Message {
        let other = given == "test_input" ? "test_target" : "test_input"
        return Message(.run, "\(given): needs \(other): beside it; a test set is inputs and their targets")
    }
    static var trainSteps: Message { Message(.run, "steps must be a whole number from 1") }

    static func cannotRead(_ path: String) -> Message { Message(.run, "cannot read '\(path)'") }
    static func cannotWrite(_ path: String, _ reason: String) -> Message { Message(.run, "cannot write '\(path)': \(reason)") }
    static func noDataMatrix(_ path: String, _ reason: String) -> Message {
        Message(.run, "cannot read data from '\(path)': \(reason)")
    }
    static func notWeights(_ path: String, _ reason: String) -> Message { Message(.run, "cannot load '\(path)': \(reason)") }
    static func layerMismatch(_ path: String, layer: Int, _ file: (kind: String, inputs: Int, hidden: Int), _ target: String,
                              _ model: (kind: String, inputs: Int, hidden: Int)) -> Message {
        func says(_ l: (kind: String, inputs: Int, hidden: Int)) -> String {
            "\(l.kind) with \(l.inputs.counting("input")) and \(l.hidden.counting("hidden unit"))"
        }
        return Message(.run, "layer \(layer) in '\(path)' is \(says(file)); \(target) is \(says(model))")
    }
    static func layerCount(_ path: String, layers: Int, readout: Bool, _ model: String, has: Int, hasReadout: Bool) -> Message {
        let file = "\(layers.counting("layer"))\(readout ? " and a read-out" : "")"
        return Message(.run, "'\(path)' has \(file); \(model) has \(has)\(hasReadout ? " and a read-out" : "")")
    }
    static func layerParameters(_ path: String, layer: Int, has: [String], _ target: String, wants: [String]) -> Message {
        Message(.run, "layer \(layer) in '\(path)' has parameters \(has.joined(separator: " ")); \(target) has "
            + "\(wants.joined(separator: " "))")
    }
    static func layerShape(_ path: String, layer: Int, _ error: ShapeError) -> Message {
        Message(.run, "in '\(path)', layer \(layer): \(error.description)")
    }
    static func readoutShape(_ path: String, _ readout: Linear) -> Message {
        Message(.run, "the read-out in '\(path)' must have W \(readout.W.rows)×\(readout.W.cols) and b of \(readout.b.count)")
    }
    static func notFinite(_ path: String) -> Message { Message(.run, "'\(path)' holds numbers that are not finite") }
    static func plotRows(_ rows: Int) -> Message {
        Message(.run, "a plot shows up to 6 lines; this matrix has \(rows) rows (pick some, like m[0:3])")
    }
    static func noSuchStep(_ name: String, fed: Int) -> Message {
        Message(.run, fed == 0 ? "\(name) has not been fed yet: there is no step to draw"
            : "\(name) has been fed \(fed) step\(fed == 1 ? "" : "s"): t goes from 1 to \(fed)")
    }
    static func modelNotRunYet(_ m: String) -> Message {
        Message(.run, "\(m) has not run a sequence yet, so its layers have no steps to show")
    }
    static var modelRow: Message { Message(.run, "a model's row is a whole number from 0, the sequence of the batch its layers show") }
    static func heatmapNotFed(_ name: String) -> Message { Message(.run, "\(name) has not been fed yet: there is nothing to map") }
    static func heatmapValue(_ got: Value) -> Message {
        Message(.run, "heatmap shades a per-step field (like c.f_t), a matrix or a vector; got \(got.describe)")
    }
    static var reachUsage: Message { Message(.run, "reach takes one cell that has been fed, like reach(c)") }
    static func reachTooLong(_ name: String) -> Message {
        Message(.run, "reach(\(name)) would take minutes: feed it fewer steps, or use a smaller cell")
    }
    static var interrupted: Message { Message(.run, "stopped (Ctrl-C): nothing was changed") }
    static var stoppedBefore: Message { Message(.run, "stopped (Ctrl-C) before this statement") }
    static var sweepOutsideSweep: Message {
        Message(.run, "sweep declares an axis of a sweep, which lstm sweep runs, not lstm run or the REPL")
    }
    static var focusUnrolled: Message { Message(.run, "focus picks out part of one step: draw c focus f_t, without unrolled") }
    static func focusUnknown(_ name: String, choices: [String]) -> Message {
        Message(.run, "the cell has no value \(name) to focus on; it computes " + choices.joined(separator: ", "))
    }
    static func focusInput(_ name: String, choices: [String]) -> Message {
        Message(.run, "\(name) comes into the step from outside; focus on a value the step computes: " + choices.joined(separator: ", "))
    }
    static var unrolledCount: Message { Message(.run, "unrolled takes a number of steps from 1 to 8, like draw c unrolled 3") }
    static func plotValue(_ got: Value) -> Message { Message(.run, "plot draws vectors and matrices; got \(got.describe)") }
    static var plotTooManyLines: Message { Message(.run, "a plot shows up to 6 lines") }
}
