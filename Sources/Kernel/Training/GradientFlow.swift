/// How much of a gradient survives the trip back through time: ‖∂h_T/∂h_0‖ (Frobenius) for T = 1 … steps,
/// the course's first "historical challenge" in numbers. Inputs are zero, the state starts at zero.
public func gradientNorms(_ cell: any RecurrentCell, steps: Int) -> [Double] {
    gradientNorms(cell, steps: steps, shouldStop: { false })!
}

/// `gradientNorms`, asking `shouldStop` before each step forward and back: nil when it said stop.
public func gradientNorms(_ cell: any RecurrentCell, steps: Int, shouldStop: () -> Bool) -> [Double]? {
    let H = cell.hidden
    let xs = [Matrix](repeating: Matrix(rows: 1, cols: cell.inputs), count: steps)
    guard let trace = cell.forward(xs, from: cell.zeroState(), shouldStop: shouldStop) else { return nil }
    var norms: [Double] = []
    guard steps >= 1 else { return norms }
    for T in 1...steps {
        let sub = Trace(initial: trace.initial, xs: Array(xs.prefix(T)), steps: Array(trace.steps.prefix(T)),
                        final: finalState(cell, trace.steps[T - 1]))
        var rows: [Double] = []
        for j in 0..<H {
            var seed = Matrix(rows: 1, cols: H)
            seed[0, j] = 1
            var dH = [Matrix?](repeating: nil, count: T)
            dH[T - 1] = seed
            guard let g = cell.backward(sub, dH: dH, dFinal: cell.stateNames.map { _ in nil }, shouldStop: shouldStop) else { return nil }
            rows += g.initial[0].storage
        }
        norms.append(frobeniusNorm(rows))
    }
    return norms
}

/// The state after a step, read from its intermediates (h_t, and C_t for cells that carry it).
func finalState(_ cell: any RecurrentCell, _ intermediates: [Matrix]) -> [Matrix] {
    cell.stateNames.map { name in intermediates[cell.intermediateNames.firstIndex(of: name + "_t") ?? 0] }
}

/// How much of the last output's gradient reaches each step of one input sequence: ‖∂y_T/∂x_t‖ for t = 1 … T,
/// where y_T is the sum of the model's outputs at the last step. A sweep reports the first entry over the last
/// (how much survives the whole sequence). `sequence` is one row per sequence (the first is used), one column per step.
public func inputReach(_ model: SequenceModel, sequence: Matrix, shouldStop: () -> Bool = { false }) -> [Double]? {
    let xs = SequenceModel.steps(sequence.rows(0..<1))
    guard !xs.isEmpty, let run = model.forward(xs, shouldStop: shouldStop) else { return nil }
    let width = run.outputs[0].cols
    var dOutputs = [Matrix](repeating: Matrix(rows: 1, cols: width), count: xs.count)
    dOutputs[xs.count - 1] = Matrix(rows: 1, cols: width, storage: [Double](repeating: 1, count: width))
    return model.backward(run, dOutputs: dOutputs, shouldStop: shouldStop).map { $0.inputs.map { frobeniusNorm($0.storage) } }
}
