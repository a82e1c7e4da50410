import Foundation
import Testing
import Kernel

/// Stacked models with a read-out: gradients against finite differences, and the time-sequence
/// project's first loss against PyTorch's.
@Suite struct ModelTests {
    /// Random sequences and targets (rows × steps) for a small problem.
    static func problem(rows: Int, steps: Int, seed: UInt64) -> (inputs: Matrix, targets: Matrix) {
        var rng = SplitMix64(seed: seed)
        return (rng.uniformMatrix(rows: rows, cols: steps, bound: 1), rng.uniformMatrix(rows: rows, cols: steps, bound: 1))
    }

    @Test func stackedModelGradientsMatchFiniteDifferences() {
        var model = SequenceModel(cells: [LSTMCell(inputs: 1, hidden: 3, seed: 1), GRUCell(inputs: 3, hidden: 2, seed: 2)],
                                  readout: Linear(inputs: 2, outputs: 1, seed: 3))
        let (inputs, targets) = Self.problem(rows: 2, steps: 5, seed: 8)
        let objective = model.objective(inputs: inputs, targets: targets)
        let x = model.flatParameters
        let (loss, g) = objective(x)
        #expect(abs(loss - model.meanSquaredError(inputs: inputs, targets: targets)) < 1e-15)
        for k in x.indices {
            let eps = 1e-6
            let up = objective(Flat(x, k, eps)).loss, down = objective(Flat(x, k, -eps)).loss
            let numeric = (up - down) / (2 * eps)
            #expect(abs(numeric - g[k]) <= 1e-8 * max(1, abs(numeric)), "parameter \(k): \(g[k]) vs \(numeric)")
        }
        model.setFlatParameters(x.map { $0 * 2 })
        #expect(model.flatParameters == x.map { $0 * 2 })
    }

    /// A sweep's gradient survival: ‖∂y_T/∂x_t‖ for every step t against central differences of the model's last output.
    @Test func inputReachMatchesFiniteDifferences() throws {
        let model = SequenceModel(cells: [LSTMCell(inputs: 1, hidden: 3, seed: 4), GRUCell(inputs: 3, hidden: 2, seed: 5)],
                                  readout: Linear(inputs: 2, outputs: 1, seed: 6))
        let (inputs, _) = Self.problem(rows: 2, steps: 6, seed: 9)
        let reach = try #require(inputReach(model, sequence: inputs))
        #expect(reach.count == 6)
        let first = inputs.rows(0..<1)
        func lastOutput(_ x: Matrix) -> Double { model.predict(x)[0, x.cols - 1] }
        for t in 0..<6 {
            let eps = 1e-6
            var up = first, down = first
            up[0, t] += eps
            down[0, t] -= eps
            let numeric = abs((lastOutput(up) - lastOutput(down)) / (2 * eps))
            #expect(abs(numeric - reach[t]) <= 1e-8 * max(1, numeric), "step \(t): \(reach[t]) vs \(numeric)")
        }
        // The last input reaches the last output only through one step; the first through all six, and less of it.
        #expect(reach[0] < reach[5])
    }

    func Flat(_ x: [Double], _ k: Int, _ eps: Double) -> [Double] {
        var y = x
        y[k] += eps
        return y
    }

    /// The PyTorch example's model, from its own initial weights (torch.manual_seed(0)).
    static func torchModel() throws -> SequenceModel {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/torch_timeseq_init.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var cells: [any RecurrentCell] = []
        for (name, inputs) in [("lstm1", 1), ("lstm2", 51)] {
            var cell = LSTMCell(inputs: inputs, hidden: 51)
            for (p, v) in json[name] as! [String: Any] {
                let value = (v as? [[Double]]).map { Matrix($0) } ?? Matrix(row: v as! [Double])
                try cell.setParameter(p, to: value)
            }
            cells.append(cell)
        }
        let linear = json["linear"] as! [String: Any]
        return SequenceModel(cells: cells, readout: Linear(W: Matrix(linear["W"] as! [[Double]]), b: linear["b"] as! [Double]))
    }

    @Test func theFirstLossIsPyTorchs() throws {
        let model = try Self.torchModel()
        let data = Practicals.sineWaves(count: 100, length: 1000, period: 20, seed: 2).waves
        let input = data.rows(3 ..< 100).columns(0 ..< 999), target = data.rows(3 ..< 100).columns(1 ..< 1000)
        let loss = model.meanSquaredError(inputs: input, targets: target)
        #expect(abs(loss - 0.5023738120466186) <= 1e-10 * 0.5023738120466186, "first loss \(loss)")
    }

    /// PyTorch's own closure losses in its first L-BFGS step (lr 0.8, no line search) from the same
    /// weights, as torch_timeseq.py prints them. PyTorch keeps two bias tensors per cell, so the
    /// optimizer runs in that parameter space.
    @Test func lbfgsTakesPyTorchsFirstSteps() throws {
        let model = try Self.torchModel()
        let data = Practicals.sineWaves(count: 100, length: 1000, period: 20, seed: 2).waves
        let input = data.rows(3 ..< 100).columns(0 ..< 999), target = data.rows(3 ..< 100).columns(1 ..< 1000)
        let (objective, expand, contract) = model.pytorchObjective(inputs: input, targets: target)
        var x = expand(model.flatParameters)
        #expect(contract(x) == model.flatParameters)
        var losses: [Double] = []
        var lbfgs = LBFGS(lr: 0.8)
        lbfgs.maxIterations = 4
        _ = lbfgs.step(&x) { p in let r = objective(p); losses.append(r.loss); return r }
        let torch = [0.5023738120466186, 0.4985663932454724, 0.479011960201462, 0.44633490395179287]
        #expect(losses.count == torch.count)
        for (ours, theirs) in zip(losses, torch) { #expect(abs(ours - theirs) <= 1e-10 * theirs, "\(ours) vs PyTorch \(theirs)") }
    }

    @Test func trainingGivesTheSameBitsOnOneCoreOrTwo() {
        let model = SequenceModel(cells: [LSTMCell(inputs: 1, hidden: 5, seed: 1), LSTMCell(inputs: 5, hidden: 5, seed: 2)],
                                  readout: Linear(inputs: 5, outputs: 1, seed: 3))
        let (inputs, targets) = Self.problem(rows: 9, steps: 12, seed: 4)
        let objective = model.objective(inputs: inputs, targets: targets)
        let saved = Threading.count
        defer { Threading.count = saved }
        Threading.count = 1
        let one = objective(model.flatParameters)
        Threading.count = 2
        let two = objective(model.flatParameters)
        #expect(one.loss == two.loss)
        #expect(one.gradient == two.gradient)
    }

    @Test func predictionRunsOnIntoTheFuture() {
        let model = SequenceModel(cells: [RNNCell(inputs: 1, hidden: 2, seed: 1)], readout: Linear(inputs: 2, outputs: 1, seed: 2))
        let input = Matrix([[0.1, 0.2, 0.3]])
        let p = model.predict(input, future: 4)
        #expect(p.rows == 1 && p.cols == 7)
        let run = model.forward(SequenceModel.steps(input))
        for t in 0..<3 { #expect(p[0, t] == run.outputs[t][0, 0]) }
        // A future step is the model fed its own last output.
        let extended = model.predict(Matrix([[0.1, 0.2, 0.3, p[0, 2]]]))
        #expect(abs(extended[0, 3] - p[0, 3]) < 1e-15)
    }

    @Test func gradientsVanishThroughAnRNNFasterThanThroughAnLSTM() {
        var rnn = RNNCell(inputs: 1, hidden: 4, seed: 1)
        try! rnn.setParameter("W_h", to: rnn.W_h.map { $0 * 0.5 })
        let lstm = LSTMCell(inputs: 1, hidden: 4, seed: 1)
        let r = gradientNorms(rnn, steps: 30), l = gradientNorms(lstm, steps: 30)
        #expect(r.count == 30 && l.count == 30)
        #expect(r[29] < 1e-6 * r[0])
        // For T = 1, ∂h_1/∂h_0 of the RNN is diag(1 - h_1²)·W_hh: check its norm by hand.
        let h1 = rnn.forward([Matrix(rows: 1, cols: 1)], from: rnn.zeroState()).final[0]
        var byHand = 0.0
        for i in 0..<4 { for j in 0..<4 { let v = (1 - h1[0, i] * h1[0, i]) * rnn.W_h[i, j]; byHand += v * v } }
        #expect(abs(r[0] - byHand.squareRoot()) < 1e-14)
    }

    /// A norm far from 1 is itself, not infinity or 0 from squaring: 3-4-5 triangles at every scale.
    @Test func theNormNeitherOverflowsNorUnderflows() {
        #expect(frobeniusNorm([3, 4]) == 5)
        #expect(abs(frobeniusNorm([3e200, 4e200]) / 5e200 - 1) < 1e-15)
        #expect(abs(frobeniusNorm([-3e-200, 4e-200]) / 5e-200 - 1) < 1e-15)
        #expect(frobeniusNorm([]) == 0 && frobeniusNorm([0, 0]) == 0)
        #expect(frobeniusNorm([.infinity, 1]) == .infinity && frobeniusNorm([1, .nan]).isNaN)
        // Entries finite, norm past Float64's largest (√2 · 1.5e308): infinity, as Float64 says it.
        #expect(frobeniusNorm([1.5e308, 1.5e308]) == .infinity)
    }

    /// A batch of no sequences is not an error for the kernel: nothing to fit, nothing to predict.
    @Test func anEmptyBatchTrainsAndPredictsNothing() {
        let model = SequenceModel(cells: [LSTMCell(inputs: 1, hidden: 2, seed: 1)], readout: Linear(inputs: 2, outputs: 1, seed: 2))
        let none = Matrix(rows: 0, cols: 4)
        let (loss, gradient) = model.objective(inputs: none, targets: none)(model.flatParameters)
        #expect(loss == 0 && gradient.count == model.flatParameters.count && gradient.allSatisfy { $0 == 0 })
        let predicted = model.predict(none, future: 3)
        #expect(predicted.rows == 0)
    }
}
