import Foundation
import Testing
import Kernel

/// Long kernel work asks whether to stop between its steps, and stops there; without a stop, the bits are those of
/// the uninterrupted functions.
@Suite struct StopTests {
    /// A stop request raised after a fixed number of asks (a Ctrl-C arriving in the middle of the work).
    /// Counted under a lock: the objective's parts ask from two threads.
    final class StopAfter: @unchecked Sendable {
        let limit: Int
        private var count = 0
        private let lock = NSLock()
        init(_ limit: Int) { self.limit = limit }
        var asks: Int { lock.withLock { count } }
        var check: @Sendable () -> Bool { { [self] in lock.withLock { count += 1; return count > limit } } }
    }

    @Test func theBandedProductHasTheBitsOfTheWholeOne() {
        var rng = SplitMix64(seed: 7)
        // 2^24 / (600 · 700) = 39 rows a band: 100 rows run as three bands.
        let a = Matrix(rows: 100, cols: 600, storage: (0..<60_000).map { _ in rng.nextUnit() - 0.5 })
        let b = Matrix(rows: 600, cols: 700, storage: (0..<420_000).map { _ in rng.nextUnit() - 0.5 })
        let asks = StopAfter(.max)
        #expect(Matrix.product(a, b, shouldStop: asks.check)!.storage == (a * b).storage)
        #expect(asks.asks == 3)
        #expect(Matrix.product(a, b, shouldStop: StopAfter(1).check) == nil)
    }

    @Test func lbfgsStopsInsideItsLineSearch() {
        var evaluations = 0
        let stop = StopAfter(1)
        var lbfgs = LBFGS(lr: 1, lineSearch: true)
        lbfgs.shouldStop = stop.check
        var x = [-1.2, 1.0]
        // The first evaluation is the step's start; the line search asks after its first point and stops.
        _ = lbfgs.step(&x) { p in
            evaluations += 1
            return OptimizerTests.rosenbrock(p)
        }
        #expect(evaluations == 2)
        var whole = LBFGS(lr: 1, lineSearch: true)
        var y = [-1.2, 1.0]
        var all = 0
        _ = whole.step(&y) { p in all += 1; return OptimizerTests.rosenbrock(p) }
        #expect(all > 10)
    }

    @Test func predictionAndGradientNormsStopBetweenSteps() {
        let cell = LSTMCell(inputs: 1, hidden: 3, seed: 4)
        let model = SequenceModel(cells: [cell], readout: Linear(inputs: 3, outputs: 1, seed: 5))
        let input = Matrix(rows: 1, cols: 4, storage: [0.1, 0.2, 0.3, 0.4])
        #expect(model.predict(input, future: 6, shouldStop: StopAfter(.max).check)!.storage == model.predict(input, future: 6).storage)
        let halfway = StopAfter(5)
        #expect(model.predict(input, future: 6, shouldStop: halfway.check) == nil)
        #expect(halfway.asks == 6)
        #expect(gradientNorms(cell, steps: 5, shouldStop: StopAfter(.max).check)! == gradientNorms(cell, steps: 5))
        #expect(gradientNorms(cell, steps: 5, shouldStop: StopAfter(4).check) == nil)
    }

    @Test(arguments: CellZoo.configurations)
    func everyCellStopsBetweenTimeStepsForwardAndBack(_ config: String) {
        let cell = CellZoo.make(config, inputs: 2, hidden: 3, seed: 11)
        var rng = SplitMix64(seed: 12)
        let xs = (0..<6).map { _ in Matrix(rows: 2, cols: 2, storage: (0..<4).map { _ in rng.nextUnit() - 0.5 }) }
        let state = cell.zeroState(batch: 2)
        let dH = xs.map { _ in Matrix(rows: 2, cols: 3, storage: (0..<6).map { _ in rng.nextUnit() }) } as [Matrix?]
        let dFinal = cell.stateNames.map { _ in nil } as [Matrix?]
        let trace = cell.forward(xs, from: state)
        // Never stopped: the bits of the plain passes, one ask per time step.
        let forwardAsks = StopAfter(.max), backwardAsks = StopAfter(.max)
        #expect(cell.forward(xs, from: state, shouldStop: forwardAsks.check)!.final == trace.final)
        let whole = cell.backward(trace, dH: dH, dFinal: dFinal)
        #expect(cell.backward(trace, dH: dH, dFinal: dFinal, shouldStop: backwardAsks.check)!.parameters == whole.parameters)
        #expect(forwardAsks.asks == 6 && backwardAsks.asks == 6)
        // Stopped after two steps: nothing returned, and no step after the stop was asked for.
        let forwardStop = StopAfter(2), backwardStop = StopAfter(2)
        #expect(cell.forward(xs, from: state, shouldStop: forwardStop.check) == nil)
        #expect(cell.backward(trace, dH: dH, dFinal: dFinal, shouldStop: backwardStop.check) == nil)
        #expect(forwardStop.asks == 3 && backwardStop.asks == 3)
    }

    @Test func oneEvaluationOfTheObjectiveStopsInsideItsPasses() {
        let model = SequenceModel(cells: [RNNCell(inputs: 1, hidden: 4, seed: 1), LSTMCell(inputs: 4, hidden: 3, seed: 2)],
                                  readout: Linear(inputs: 3, outputs: 1, seed: 3))
        var rng = SplitMix64(seed: 4)
        let inputs = Matrix(rows: 4, cols: 50, storage: (0..<200).map { _ in rng.nextUnit() })
        let targets = Matrix(rows: 4, cols: 50, storage: (0..<200).map { _ in rng.nextUnit() })
        let x = model.flatParameters
        let plain = model.objective(inputs: inputs, targets: targets)(x)
        let never = model.objective(inputs: inputs, targets: targets, shouldStop: StopAfter(.max).check)(x)
        #expect(never.loss == plain.loss && never.gradient == plain.gradient)
        // Two parts of 2 rows, each 2 layers × 50 steps forward and 50 back: 400 asks when nothing stops.
        let counted = StopAfter(.max)
        _ = model.objective(inputs: inputs, targets: targets, shouldStop: counted.check)(x)
        #expect(counted.asks == 400)
        let early = StopAfter(10)
        let stopped = model.objective(inputs: inputs, targets: targets, shouldStop: early.check)(x)
        #expect(stopped.loss.isNaN && stopped.gradient == [Double](repeating: 0, count: x.count))
        #expect(early.asks <= 12)
    }
}
