import Testing
import Kernel

/// Long kernel work asks whether to stop between its steps, and stops there; without a stop, the bits are those of
/// the uninterrupted functions.
@Suite struct StopTests {
    /// A stop request raised after a fixed number of asks (a Ctrl-C arriving in the middle of the work).
    final class StopAfter: @unchecked Sendable {
        let limit: Int
        var asks = 0
        init(_ limit: Int) { self.limit = limit }
        var check: @Sendable () -> Bool { { [self] in asks += 1; return asks > limit } }
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
}
