/// Training and prediction for a `SequenceModel` over sequences of numbers: a matrix holds N sequences,
/// one per row, one column per time step.
extension SequenceModel {
    /// Every parameter in one vector: each cell's in its `parameters` order, then the read-out's W and b.
    public var flatParameters: [Double] {
        var out: [Double] = []
        for cell in cells { for p in cell.parameters { out += p.value.storage } }
        if let r = readout { out += r.W.storage + r.b }
        return out
    }

    /// Sets every parameter from one vector laid out as `flatParameters`.
    public mutating func setFlatParameters(_ x: [Double]) {
        var k = 0
        for l in cells.indices {
            for p in cells[l].parameters {
                let n = p.value.storage.count
                try! cells[l].setParameter(p.name, to: Matrix(rows: p.value.rows, cols: p.value.cols, storage: Array(x[k ..< k + n])))
                k += n
            }
        }
        if let r = readout {
            readout = Linear(W: Matrix(rows: r.W.rows, cols: r.W.cols, storage: Array(x[k ..< k + r.W.storage.count])),
                             b: Array(x[k + r.W.storage.count ..< k + r.W.storage.count + r.b.count]))
        }
    }

    /// A gradient laid out as `flatParameters`.
    public func flatGradient(_ g: ModelGradients) -> [Double] {
        var out: [Double] = []
        for (l, cell) in cells.enumerated() { for p in cell.parameters { out += g.cells[l][p.name]!.storage } }
        if let w = g.readoutW, let b = g.readoutB { out += w.storage + b }
        return out
    }

    /// The columns of an N × T matrix as T batches of N × 1 (one per time step).
    public static func steps(_ m: Matrix) -> [Matrix] {
        (0..<m.cols).map { t in Matrix(rows: m.rows, cols: 1, storage: (0..<m.rows).map { m[$0, t] }) }
    }

    /// T batches of N × 1 back into an N × T matrix.
    public static func sequences(_ steps: [Matrix]) -> Matrix {
        let n = steps.first?.rows ?? 0
        var m = Matrix(rows: n, cols: steps.count)
        for (t, s) in steps.enumerated() { for r in 0..<n { m[r, t] = s.storage[r] } }
        return m
    }

    /// Mean squared error of the model's outputs on `inputs` against `targets` (both N × T).
    public func meanSquaredError(inputs: Matrix, targets: Matrix) -> Double {
        meanSquaredError(inputs: inputs, targets: targets, shouldStop: { false })!
    }

    /// `meanSquaredError`, asking `shouldStop` before each step: nil when it said stop.
    public func meanSquaredError(inputs: Matrix, targets: Matrix, shouldStop: () -> Bool) -> Double? {
        guard let run = forward(Self.steps(inputs), shouldStop: shouldStop) else { return nil }
        var total = 0.0
        for (t, y) in run.outputs.enumerated() { for r in 0..<y.rows { let d = y.storage[r] - targets[r, t]; total += d * d } }
        return total / Double(targets.rows * targets.cols)
    }

    /// How many parts a batch is cut into for training: each part runs forward and back on its own
    /// (on its own core when there are two), and the parts' losses and gradients are added in order.
    /// The count is fixed, so the numbers are the same on one core or many.
    public static let batchParts = 2

    /// Which entries of `flatParameters` are biases that PyTorch keeps as two tensors (`bias_ih` and
    /// `bias_hh`, whose sum is the course's b): every bias of an LSTM and an RNN, and a GRU's b_z and b_r.
    public var pytorchSplitBiases: [Range<Int>] {
        var out: [Range<Int>] = []
        var k = 0
        for cell in cells {
            for p in cell.parameters {
                let n = p.value.storage.count
                let split: Bool
                switch cell.kind {
                case .lstm, .rnn: split = p.name.hasPrefix("b_")
                case .gru: split = p.name == "b_z" || p.name == "b_r"
                case .equations: split = false
                }
                if split { out.append(k ..< k + n) }
                k += n
            }
        }
        return out
    }

    /// The objective in PyTorch's parameter space, where each split bias appears twice (both halves get
    /// the same gradient, so the pair moves twice as far as one bias would, and counts twice in every
    /// norm and dot product of the optimizer). With it, L-BFGS takes PyTorch's steps exactly.
    /// `x` there is `expand(flatParameters)`; `contract` maps it back.
    public func pytorchObjective(inputs: Matrix, targets: Matrix, shouldStop: @escaping @Sendable () -> Bool = { false })
        -> (objective: Objective, expand: ([Double]) -> [Double], contract: ([Double]) -> [Double]) {
        let splits = pytorchSplitBiases
        let inner = objective(inputs: inputs, targets: targets, shouldStop: shouldStop)
        /// Each split range's entries, then their copies, placed right after the range.
        let expand: ([Double]) -> [Double] = { x in
            var out: [Double] = []
            var k = 0
            for r in splits {
                out += x[k ..< r.lowerBound]
                out += x[r].map { $0 / 2 } + x[r].map { $0 / 2 }
                k = r.upperBound
            }
            return out + x[k...]
        }
        let contract: ([Double]) -> [Double] = { y in
            var out: [Double] = []
            var j = 0, k = 0
            for r in splits {
                out += y[j ..< j + (r.lowerBound - k)]
                j += r.lowerBound - k
                out += (0..<r.count).map { y[j + $0] + y[j + r.count + $0] }
                j += 2 * r.count
                k = r.upperBound
            }
            return out + y[j...]
        }
        let duplicate: ([Double]) -> [Double] = { g in
            var out: [Double] = []
            var k = 0
            for r in splits {
                out += g[k ..< r.upperBound]
                out += g[r]
                k = r.upperBound
            }
            return out + g[k...]
        }
        return ({ y in
            let (loss, g) = inner(contract(y))
            return (loss, duplicate(g))
        }, expand, contract)
    }

    /// The loss and gradient of the mean squared error at parameters `x`, for an optimizer. Each part asks
    /// `shouldStop` before every time step forward and back; an evaluation it stopped has a NaN loss and a zero
    /// gradient (the caller, which asked for the stop, throws the step away).
    public func objective(inputs: Matrix, targets: Matrix, shouldStop: @escaping @Sendable () -> Bool = { false }) -> Objective {
        Platform.keepFreedMemory
        let n = inputs.rows, parts = min(Self.batchParts, n)
        // An empty batch has nothing to fit: its loss is 0 and so is every derivative.
        guard parts > 0, inputs.cols > 0 else { return { x in (0, [Double](repeating: 0, count: x.count)) } }
        let bounds = (0...parts).map { n * $0 / parts }
        let chunks = (0..<parts).map { p in
            (Self.steps(inputs.rows(bounds[p] ..< bounds[p + 1])), Self.steps(targets.rows(bounds[p] ..< bounds[p + 1])))
        }
        let count = Double(targets.rows * targets.cols)
        let template = self
        return { x in
            var current = template
            current.setFlatParameters(x)
            let model = current
            let results = Box([(Double, [Double])](repeating: (0, []), count: parts))
            WorkerTeam.shared.run(parts: parts) { p in
                Threading.serially {
                    guard let run = model.forward(chunks[p].0, shouldStop: shouldStop),
                          let (loss, g) = model.mseLossAndGradients(run, targets: chunks[p].1, count: count, shouldStop: shouldStop)
                    else { results.value[p] = (.nan, [Double](repeating: 0, count: x.count)); return }
                    results.value[p] = (loss, model.flatGradient(g))
                }
            }
            var (loss, gradient) = results.value[0]
            for p in 1..<parts {
                loss += results.value[p].0
                for k in gradient.indices { gradient[k] += results.value[p].1[k] }
            }
            return (loss, gradient)
        }
    }

    /// Outputs for `inputs` (N × T), then `future` more steps each fed the output before it, as the
    /// time-sequence example predicts: N × (T + future).
    public func predict(_ inputs: Matrix, future: Int = 0) -> Matrix {
        predict(inputs, future: future, shouldStop: { false })!
    }

    /// `predict`, asking `shouldStop` before each step: nil when it said stop.
    public func predict(_ inputs: Matrix, future: Int = 0, shouldStop: () -> Bool) -> Matrix? {
        let xs = Self.steps(inputs)
        var states = cells.map { $0.zeroState(batch: inputs.rows) }
        var outputs: [Matrix] = []
        func step(_ x: Matrix) -> Matrix {
            var input = x
            for l in cells.indices {
                let intermediates = cells[l].step(input, state: &states[l])
                input = intermediates[cells[l].outputIndex]
            }
            return readout.map { $0(input) } ?? input
        }
        for x in xs {
            if shouldStop() { return nil }
            outputs.append(step(x))
        }
        for _ in 0..<future {
            if shouldStop() { return nil }
            outputs.append(step(outputs.last ?? Matrix(rows: inputs.rows, cols: 1)))
        }
        return Self.sequences(outputs)
    }
}

/// A mutable slot the workers of one objective evaluation write their own parts of.
final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
