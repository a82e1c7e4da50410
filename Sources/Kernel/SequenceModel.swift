/// A linear read-out `y = W ⋅ h + b` on top of a stack of cells.
public struct Linear: Sendable, Equatable {
    public var W: Matrix
    public var b: [Double]

    /// PyTorch's default initialization from `seed`: uniform(-1/√inputs, 1/√inputs), W then b.
    public init(inputs: Int, outputs: Int, seed: UInt64 = 0) {
        var rng = SplitMix64(seed: seed)
        let bound = 1 / Double(inputs).squareRoot()
        W = rng.uniformMatrix(rows: outputs, cols: inputs, bound: bound)
        b = rng.uniformVector(outputs, bound: bound)
    }

    public init(W: Matrix, b: [Double]) {
        self.W = W
        self.b = b
    }

    /// `h ⋅ Wᵀ + b` for a batch of rows.
    public func callAsFunction(_ h: Matrix) -> Matrix { Matrix.affine(h, weights: W, bias: b) }
}

/// Cells stacked so each one's h_t is the next one's x_t, with an optional linear read-out per step.
public struct SequenceModel: Sendable {
    public var cells: [any RecurrentCell]
    public var readout: Linear?

    public init(cells: [any RecurrentCell], readout: Linear?) {
        self.cells = cells
        self.readout = readout
    }

    /// Every layer's trace and the read-out of every step.
    public struct Run: Sendable {
        public var traces: [Trace]
        public var outputs: [Matrix]
    }

    /// Runs the stack over `xs` (each N × inputs) from zero states.
    public func forward(_ xs: [Matrix]) -> Run { forward(xs, shouldStop: { false })! }

    /// `forward`, asking `shouldStop` before each step of each layer: nil when it said stop.
    public func forward(_ xs: [Matrix], shouldStop: () -> Bool) -> Run? {
        var input = xs
        var traces: [Trace] = []
        for cell in cells {
            guard let trace = cell.forward(input, from: cell.zeroState(batch: xs.first?.rows ?? 1), shouldStop: shouldStop) else {
                return nil
            }
            input = trace.steps.map { $0[cell.outputIndex] }
            traces.append(trace)
        }
        let outputs = readout.map { r in input.map { r($0) } } ?? input
        return Run(traces: traces, outputs: outputs)
    }

    /// Gradients of every layer's parameters and of the read-out's.
    public struct ModelGradients: Sendable {
        public var cells: [[String: Matrix]]
        public var readoutW: Matrix?
        public var readoutB: [Double]?
        /// ∂L/∂x_t of the model's input at every step (each N × inputs).
        public var inputs: [Matrix]
    }

    /// Mean squared error between the outputs and `targets` (same shapes), averaged over every entry,
    /// and its gradient with respect to every parameter.
    public func mseLossAndGradients(_ run: Run, targets: [Matrix], count: Double? = nil) -> (loss: Double, gradients: ModelGradients) {
        mseLossAndGradients(run, targets: targets, count: count, shouldStop: { false })!
    }

    /// `mseLossAndGradients`, asking `shouldStop` before each step back: nil when it said stop.
    public func mseLossAndGradients(_ run: Run, targets: [Matrix], count: Double? = nil,
                                    shouldStop: () -> Bool) -> (loss: Double, gradients: ModelGradients)? {
        let count = count ?? Double(targets.reduce(0) { $0 + $1.storage.count })
        var loss = 0.0
        var dOut: [Matrix] = []
        for (y, target) in zip(run.outputs, targets) {
            let diff = y.zip(target, -)
            loss += diff.storage.reduce(0) { $0 + $1 * $1 }
            dOut.append(diff.map { 2 * $0 / count })
        }
        return backward(run, dOutputs: dOut, shouldStop: shouldStop).map { (loss / count, $0) }
    }

    /// Backpropagates ∂L/∂(output_t) through the read-out and every layer.
    public func backward(_ run: Run, dOutputs: [Matrix]) -> ModelGradients { backward(run, dOutputs: dOutputs, shouldStop: { false })! }

    /// `backward`, asking `shouldStop` before each step back of each layer: nil when it said stop.
    public func backward(_ run: Run, dOutputs: [Matrix], shouldStop: () -> Bool) -> ModelGradients? {
        var dH = dOutputs
        var dW: Matrix? = nil, dB: [Double]? = nil
        if let r = readout {
            let h = cells[cells.count - 1].outputIndex
            var gW = Matrix(rows: r.W.rows, cols: r.W.cols)
            var gB = [Double](repeating: 0, count: r.b.count)
            for (t, d) in dOutputs.enumerated() {
                gW.addTransposedProduct(d, run.traces.last!.steps[t][h])
                for (k, v) in d.columnSums.enumerated() { gB[k] += v }
            }
            dH = dOutputs.map { $0 * r.W }
            (dW, dB) = (gW, gB)
        }
        var grads: [[String: Matrix]] = Array(repeating: [:], count: cells.count)
        for l in stride(from: cells.count - 1, through: 0, by: -1) {
            guard let g = cells[l].backward(run.traces[l], dH: dH, dFinal: cells[l].stateNames.map { _ in nil }, shouldStop: shouldStop)
            else { return nil }
            grads[l] = g.parameters
            dH = g.xs
        }
        return ModelGradients(cells: grads, readoutW: dW, readoutB: dB, inputs: dH)
    }
}
