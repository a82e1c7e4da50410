import Testing
import Lang

/// Ctrl-C reaches every long command: each asks between its steps (bands of a product, prediction steps, backward
/// passes, line-search points) and stops there; the session is then as it was before the command.
@Suite struct InterruptTests {
    /// A session whose stop check says yes after `asks` questions, as if Ctrl-C came in the middle of a command.
    func session(stoppingAfter asks: Int) -> (Session, Counter) {
        let counter = Counter(limit: asks)
        var s = Session()
        s.shouldStop = { counter.ask() }
        return (s, counter)
    }

    final class Counter: @unchecked Sendable {
        var limit: Int, asked = 0
        init(limit: Int) { self.limit = limit }
        func ask() -> Bool { asked += 1; return asked > limit }
    }

    func stopped(_ s: inout Session, _ text: String) -> Bool {
        let result = s.run(SourceFile(name: "stop.lstm", text: text), atomic: true)
        return result.error?.message == "stopped (Ctrl-C): nothing was changed"
    }

    @Test func aLargeProductStopsBetweenBandsOfRows() {
        var (s, counter) = session(stoppingAfter: .max)
        #expect(s.run(SourceFile(name: "a.lstm", text: "let a = sine_waves(count: 300, length: 800, seed: 1)\n"
            + "let b = transpose(sine_waves(count: 700, length: 800, seed: 2))")).error == nil)
        counter.limit = counter.asked + 2
        #expect(stopped(&s, "let p = a · b"))
        #expect(s.values["p"] == nil)
        counter.limit = .max
        #expect(s.run(SourceFile(name: "b.lstm", text: "let p = a · b")).error == nil)
        #expect(s.values["p"]?.numbers.count == 300 * 700)
    }

    @Test func predictGradientNormsAndLayerViewsStop() {
        var (s, counter) = session(stoppingAfter: .max)
        let setup = "cell c = lstm(inputs: 1, hidden: 3, seed: 1)\nmodel m = c -> linear(outputs: 1, seed: 2)"
        #expect(s.run(SourceFile(name: "a.lstm", text: setup)).error == nil)
        counter.limit = counter.asked + 5
        #expect(stopped(&s, "let y = predict(m, [[0.1, 0.2, 0.3]], future: 50)"))
        // The stopped prediction left no run behind: the layers still have nothing to show.
        counter.limit = .max
        #expect(s.run(SourceFile(name: "b.lstm", text: "m.c.h_t")).error?.message == "m has not run a sequence yet, "
            + "so its layers have no steps to show")
        counter.limit = counter.asked + 2
        #expect(stopped(&s, "gradient_norms(c, steps: 20)"))
        counter.limit = .max
        #expect(s.run(SourceFile(name: "c.lstm", text: "let y = predict(m, [[0.1, 0.2, 0.3]], future: 50)")).error == nil)
        counter.limit = counter.asked + 2
        #expect(stopped(&s, "m.c.h_t"))
    }

    /// (That the line search itself stops at its next point is `StopTests.lbfgsStopsInsideItsLineSearch`.)
    @Test func trainingWithLineSearchStopsWithinAStep() {
        var (s, counter) = session(stoppingAfter: .max)
        #expect(s.run(SourceFile(name: "a.lstm", text: TrainingTests.setup)).error == nil)
        let before = s.models["seq"]!.model.flatParameters
        counter.limit = counter.asked + 3
        let result = s.run(SourceFile(name: "b.lstm",
            text: "train seq input: input, target: target, optimizer: lbfgs(lr: 1, line_search: true), steps: 3"), atomic: true)
        #expect(result.outputs.contains(.note("stopped during step 1; seq keeps the weights after step 0")))
        #expect(s.models["seq"]!.model.flatParameters == before)
    }

    /// One evaluation of the loss asks before every time step forward and back (here 2 parts × 2 passes × 200 steps),
    /// so a stop lands within a step, not at the end of a pass over the whole training set; an equation cell too.
    @Test func trainingStopsInsideOneEvaluation() {
        var (s, counter) = session(stoppingAfter: .max)
        let setup = """
            let waves = sine_waves(count: 6, length: 201, period: 9, seed: 3)
            cell e(inputs: 1, hidden: 2) {
            h = tanh(W_h · [h, x] + b_h)
            }
            model m = e -> linear(outputs: 1, seed: 2)
            """
        #expect(s.run(SourceFile(name: "a.lstm", text: setup)).error == nil)
        let before = s.models["m"]!.model.flatParameters
        let start = counter.asked
        counter.limit = start + 10
        let result = s.run(SourceFile(name: "b.lstm", text: "train m input: waves[2:6, 0:200], target: waves[2:6, 1:201], "
            + "optimizer: adam(lr: 0.1), steps: 5, test_input: waves[0:2, 0:200], test_target: waves[0:2, 1:201]"), atomic: true)
        #expect(result.outputs.contains(.note("stopped during step 1; m keeps the weights after step 0")))
        #expect(s.models["m"]!.model.flatParameters == before && s.models["m"]!.losses.isEmpty)
        #expect(counter.asked - start <= 14)
    }

    @Test func aScriptStopsAtTheStatementThatWasRunning() {
        var (s, counter) = session(stoppingAfter: 3)
        let result = s.run(SourceFile(name: "script.lstm", text: "cell c = rnn(inputs: 1, hidden: 2)\n"
            + "feed c [[1], [2], [3], [4], [5], [6]]\nlet after = 1"))
        #expect(result.outputs.contains(.note("stopped after 3 of 6 steps; c is at t = 3")))
        #expect(result.error?.message == "stopped (Ctrl-C) before this statement")
        #expect(result.error?.line == 3)
        #expect(s.values["after"] == nil && s.cells["c"]?.steps.count == 3 && counter.asked > 3)
    }

    /// A REPL entry of several statements is one atomic run, but a stop between its statements undoes nothing:
    /// the stopped feed keeps the steps its note says it kept, and the statement before it stays done.
    @Test func anEntryStoppedBetweenStatementsKeepsWhatFinished() {
        var (s, counter) = session(stoppingAfter: .max)
        #expect(s.run(SourceFile(name: "a.lstm", text: "cell c = rnn(inputs: 1, hidden: 2)")).error == nil)
        counter.limit = counter.asked + 3
        let result = s.run(SourceFile(name: "b.lstm", text: "let before = 1\nfeed c [[1], [2], [3], [4], [5], [6]]\nlet after = 1"),
                           atomic: true)
        #expect(result.outputs.contains(.note("stopped after 3 of 6 steps; c is at t = 3")))
        #expect(result.error?.message == "stopped (Ctrl-C) before this statement")
        #expect(s.values["before"] != nil && s.values["after"] == nil && s.cells["c"]?.steps.count == 3)
    }
}
