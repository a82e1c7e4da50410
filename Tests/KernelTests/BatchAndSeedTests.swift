import Testing
import Kernel

/// Batching, seeding and threading never change a number.
@Suite struct BatchAndSeedTests {
    @Test(arguments: CellZoo.configurations)
    func aBatchEqualsSeparateRuns(_ config: String) {
        Self.checkBatchAgainstSeparateRuns(config, batch: 6, steps: 4, inputs: 3, hidden: 5)
    }

    /// Large enough that the LSTM makes its input products a few steps at a time, gathers its weight gradients over
    /// blocks of steps, and (with two threads) splits each step's units between the cores; one sequence alone does
    /// none of that, and a step fed alone makes its own input product. The bits are the same.
    @Test(arguments: ["lstm", "lstm peephole fio", "lstm diagonal f coupled", "gru"])
    func blocksOfStepsAndSplitStepsChangeNoBit(_ config: String) {
        Self.checkBatchAgainstSeparateRuns(config, batch: 150, steps: 7, inputs: 9, hidden: 40)
    }

    /// Runs a batch, then each of its sequences alone: every intermediate, ∂x and ∂(initial state) must be the same
    /// bits, the parameter gradients summed over the rows the same to 1e-13, and the batch fed one step at a time
    /// through `step` the same bits as its run.
    static func checkBatchAgainstSeparateRuns(_ config: String, batch N: Int, steps T: Int, inputs: Int, hidden: Int) {
        var rng = SplitMix64(seed: 11)
        let cell = CellZoo.make(config, inputs: inputs, hidden: hidden, seed: 4)
        let xs = (0..<T).map { _ in rng.uniformMatrix(rows: N, cols: inputs, bound: 1) }
        let state = cell.stateNames.map { _ in rng.uniformMatrix(rows: N, cols: hidden, bound: 1) }
        let loss = ProbeLoss(cell: cell, steps: T, batch: N, rng: &rng)
        let batched = cell.forward(xs, from: state)
        let grads = loss.gradients(cell, batched)
        var stepped = state
        for t in 0..<T { #expect(cell.step(xs[t], state: &stepped) == batched.steps[t], "\(config) step \(t) fed alone") }
        var summed: [String: Matrix] = [:]
        for n in 0..<N {
            let one = cell.forward(xs.map { $0.rows(n ..< n + 1) }, from: state.map { $0.rows(n ..< n + 1) })
            for t in 0..<T {
                for k in cell.intermediateNames.indices {
                    #expect(one.steps[t][k] == batched.steps[t][k].rows(n ..< n + 1), "\(config) row \(n) step \(t)")
                }
            }
            let single = ProbeLoss.Slice(loss, row: n)
            let g = cell.backward(one, dH: single.perStep, dFinal: single.perState)
            for t in 0..<T { #expect(g.xs[t] == grads.xs[t].rows(n ..< n + 1), "\(config) ∂x row \(n)") }
            for s in state.indices { #expect(g.initial[s] == grads.initial[s].rows(n ..< n + 1)) }
            for (name, m) in g.parameters { summed[name] = summed[name].map { $0 + m } ?? m }
        }
        for (name, m) in summed {  // N rows added in another order: the rounding grows with N
            #expect(m.maxAbsDifference(grads.parameters[name]!) <= 1e-13 * max(1, Double(N) / 6), "\(config) ∂\(name) summed over rows")
        }
    }

    @Test(arguments: CellZoo.configurations)
    func theSameSeedGivesBitIdenticalWeights(_ config: String) {
        let a = CellZoo.make(config, inputs: 4, hidden: 7, seed: 42)
        let b = CellZoo.make(config, inputs: 4, hidden: 7, seed: 42)
        let c = CellZoo.make(config, inputs: 4, hidden: 7, seed: 43)
        #expect(a.parameters == b.parameters)
        #expect(a.parameters != c.parameters)
        let bound = 1 / 7.0.squareRoot()
        #expect(a.parameters.allSatisfy { $0.value.storage.allSatisfy { abs($0) < bound } })
    }

    @Test func splitMix64MatchesItsPublishedSequence() {
        // Vigna's splitmix64.c seeded with 1234567: its first outputs.
        var rng = SplitMix64(seed: 1234567)
        #expect(rng.next() == 6457827717110365317)
        #expect(rng.next() == 3203168211198807973)
        #expect(rng.next() == 9817491932198370423)
    }

    /// Every product split between threads (threshold 1): a batch of 64 is cut by rows, a batch of 3 and a single
    /// step by gates (an LSTM's f and i on one part, C̃ and o on the other, C_t and h_t after). Same bits as one thread.
    @Test(arguments: CellZoo.configurations, [64, 3])
    func threadCountNeverChangesABit(_ config: String, batch: Int) {
        let cell = CellZoo.make(config, inputs: 9, hidden: 40, seed: 1)
        var rng = SplitMix64(seed: 3)
        let xs = (0..<3).map { _ in rng.uniformMatrix(rows: batch, cols: 9, bound: 1) }
        let state = cell.stateNames.map { _ in rng.uniformMatrix(rows: batch, cols: 40, bound: 1) }
        let loss = ProbeLoss(cell: cell, steps: 3, batch: batch, rng: &rng)
        func run(threads: Int) -> (Trace, Gradients, [[Matrix]]) {
            let saved = (Threading.count, Gemm.splitThreshold)
            Threading.count = threads
            Gemm.splitThreshold = 1
            defer { (Threading.count, Gemm.splitThreshold) = saved }
            let trace = cell.forward(xs, from: state)
            var stepped = state.map { $0.rows(0..<1) }
            let alone = xs.map { cell.step($0.rows(0..<1), state: &stepped) }
            return (trace, loss.gradients(cell, trace), alone)
        }
        let (t1, g1, s1) = run(threads: 1), (t2, g2, s2) = run(threads: 2)
        #expect(t1.steps.flatMap { $0 } == t2.steps.flatMap { $0 }, "\(config) batch \(batch)")
        #expect(g1.parameters == g2.parameters, "\(config) batch \(batch)")
        #expect(g1.xs == g2.xs && g1.initial == g2.initial, "\(config) batch \(batch)")
        #expect(s1 == s2, "\(config): one row fed a step at a time")
    }
}

extension ProbeLoss {
    /// The probe loss restricted to one row of the batch.
    struct Slice {
        let perStep: [Matrix?]
        let perState: [Matrix?]
        init(_ loss: ProbeLoss, row n: Int) {
            perStep = loss.perStep.map { $0.rows(n ..< n + 1) }
            perState = loss.perState.map { $0.rows(n ..< n + 1) }
        }
    }
}
