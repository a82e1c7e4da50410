import Foundation
import Testing
import Kernel
import Lang

/// Training through the language: the practical beats its baseline, weights survive a save and a load,
/// and an interruption or a blow-up leaves the model whole.
@Suite struct TrainingTests {
    static let setup = """
        let waves = sine_waves(count: 12, length: 100, period: 4, seed: 2)
        let input = waves[3:12, 0:99]
        let target = waves[3:12, 1:100]
        let test_input = waves[0:3, 0:99]
        let test_target = waves[0:3, 1:100]
        cell lstm1 = lstm(inputs: 1, hidden: 6, seed: 1)
        cell lstm2 = lstm(inputs: 6, hidden: 6, seed: 2)
        model seq = lstm1 -> lstm2 -> linear(outputs: 1, seed: 3)
        """

    func run(_ session: inout Session, _ text: String) -> Session.Result {
        let result = session.run(SourceFile(name: "training.lstm", text: text))
        #expect(result.error == nil, "\(result.error.map(TextRenderer.render) ?? "")")
        return result
    }

    func number(_ session: inout Session, _ expr: String) -> Double {
        guard case .value(_, .number(let x), _, _)? = run(&session, expr).outputs.first else { return .nan }
        return x
    }

    /// The entries of the matrix an expression prints (empty when it prints something else).
    func entries(_ session: inout Session, _ expr: String) -> [Double] {
        guard case .value(_, .matrix(let m), _, _)? = run(&session, expr).outputs.first else { return [] }
        return m.storage
    }

    /// PyTorch's example predicts after every L-BFGS step; `future:` keeps those predictions, one row per step, each
    /// the model as it stood after that step run over the first test sequence and on past it.
    @Test func trainKeepsThePredictionAfterEveryStep() {
        var s = Session()
        _ = run(&s, Self.setup)
        let prefix = "train seq input: input, target: target, optimizer: lbfgs(lr: 0.8), steps: 1, test_input: test_input, "
            + "test_target: test_target, future: 20"
        _ = run(&s, prefix)   // one step, then a prediction by hand
        let afterOne = entries(&s, "predict(seq, test_input[0:1], future: 20)")
        var fresh = Session()
        _ = run(&fresh, Self.setup)
        _ = run(&fresh, prefix.replacingOccurrences(of: "steps: 1", with: "steps: 3"))
        let kept = fresh.models["seq"]!.predictions
        #expect(kept.count == 3 && kept.allSatisfy { $0.count == 99 + 20 })
        #expect(!afterOne.isEmpty && kept[0] == afterOne)
        #expect(kept[0] != kept[2])
        #expect(kept[2] == entries(&fresh, "predict(seq, test_input[0:1], future: 20)"))
        #expect(Support.run("model m = lstm(inputs: 1, hidden: 1) -> linear(outputs: 1)\nm.predictions")
            .contains("m kept no predictions: train it with test_input:, test_target: and future: N"))
    }

    @Test func theSmallTimeSequenceBeatsThePersistenceBaseline() {
        var s = Session()
        _ = run(&s, Self.setup)
        _ = run(&s, "train seq input: input, target: target, optimizer: lbfgs(lr: 0.8, line_search: true), steps: 6, test_input: "
            + "test_input, test_target: test_target")
        let baseline = number(&s, "mse(test_input, test_target)")
        let testLoss = s.models["seq"]!.testLosses.last!
        #expect(testLoss < baseline / 10, "test loss \(testLoss), persistence \(baseline)")
        #expect(abs(number(&s, "mse(predict(seq, test_input), test_target)") - testLoss) < 1e-15)
    }

    @Test func saveThenLoadGivesIdenticalPredictions() throws {
        let file = try Support.scratchFolder().appendingPathComponent("weights.json").path
        var s = Session()
        _ = run(&s, Self.setup)
        _ = run(&s, "train seq input: input, target: target, optimizer: adam(lr: 0.01), steps: 3\nsave seq to \"\(file)\"")
        _ = run(&s, "cell a = lstm(inputs: 1, hidden: 6, seed: 7)\ncell b = lstm(inputs: 6, hidden: 6, seed: 8)\nmodel other = a -> b "
            + "-> linear(outputs: 1, seed: 9)")
        #expect(number(&s, "sum(predict(other, test_input) - predict(seq, test_input))") != 0)
        _ = run(&s, "load other from \"\(file)\"")
        let original = s.models["seq"]!.model.predict(Matrix([[0.1, 0.5, -0.2]]), future: 3)
        let loaded = s.models["other"]!.model.predict(Matrix([[0.1, 0.5, -0.2]]), future: 3)
        #expect(original == loaded)
        #expect(s.models["other"]!.model.flatParameters == s.models["seq"]!.model.flatParameters)
        let bad = s.run(SourceFile(name: "t",
            text: "cell c1 = lstm(inputs: 1, hidden: 2)\nmodel small = c1 -> linear(outputs: 1)\nload small from \"\(file)\""))
        #expect(bad.error?.message.contains("has 2 layers and a read-out; small has 1 and a read-out") == true)
    }

    @Test func aPyTorchDumpLoadsIntoTheModel() throws {
        let file = try Support.scratchFolder().appendingPathComponent("dump.json").path
        let w = "[[0.1, 0.3]]", b = "[0.5]"
        let cell = "{\"W_i\": \(w), \"b_i\": \(b), \"W_f\": \(w), \"b_f\": \(b), \"W_C\": \(w), \"b_C\": \(b), \"W_o\": \(w), \"b_o\": "
            + "\(b)}"
        try "{\"data\": [[1, 2], [3, 4]], \"lstm1\": \(cell), \"linear\": {\"W\": [[2]], \"b\": [0.25]}}".write(toFile: file,
            atomically: true, encoding: .utf8)
        var s = Session()
        _ = run(&s, "cell c = lstm(inputs: 1, hidden: 1)\nmodel m = c -> linear(outputs: 1)\nload m from \"\(file)\"")
        #expect(number(&s, "m.linear.b[0]") == 0.25)
        #expect(number(&s, "m.c.W_C[0][1]") == 0.3)
        #expect(number(&s, "sum(load_data(\"\(file)\"))") == 10)
    }

    @Test func anInterruptionKeepsTheWeightsOfTheLastFullStep() {
        var whole = Session()
        _ = run(&whole, Self.setup)
        _ = run(&whole, "train seq input: input, target: target, optimizer: lbfgs(lr: 0.8), steps: 2")
        final class Flag: @unchecked Sendable { var raised = false }
        let flag = Flag()
        var cut = Session()
        cut.sink = { output in if case .trainingStep(let s) = output, s.step == 2 { flag.raised = true } }
        cut.shouldStop = { flag.raised }
        _ = run(&cut, Self.setup)
        let result = run(&cut, "train seq input: input, target: target, optimizer: lbfgs(lr: 0.8), steps: 10")
        #expect(result.outputs.contains(.note("stopped before step 3; seq keeps the weights after step 2")))
        #expect(cut.models["seq"]!.losses.count == 2)
        #expect(cut.models["seq"]!.model.flatParameters == whole.models["seq"]!.model.flatParameters)
    }

    @Test func aCellWrittenAsEquationsTrainsInAModel() {
        var s = Session()
        _ = run(&s, Self.setup)
        _ = run(&s, """
            cell mine(inputs: 1, hidden: 4, seed: 5) {
              z = σ(W_z · [h, x] + b_z)
              h = (1 - z) * h + z * tanh(W_h · [h, x] + b_h)
            }
            model eq = mine -> linear(outputs: 1, seed: 6)
            train eq input: input, target: target, optimizer: lbfgs(lr: 0.8, line_search: true), steps: 4
            """)
        let losses = s.models["eq"]!.losses
        #expect(losses.count == 4 && losses.last! < losses.first! / 10)
    }

    @Test func aLossThatBlowsUpStopsTrainingWithTheModelWhole() {
        var s = Session()
        _ = run(&s, Self.setup)
        let before = s.models["seq"]!.model.flatParameters
        let result = run(&s, "train seq input: input, target: target, optimizer: sgd(lr: 1e300), steps: 5")
        #expect(result.outputs.contains { if case .note(let t) = $0 { return t.hasPrefix("training stopped at "
            + "step") } else { return false } })
        let after = s.models["seq"]!.model.flatParameters
        #expect(after.allSatisfy { $0.isFinite })
        #expect(s.models["seq"]!.losses.count < 5)
        if s.models["seq"]!.losses.isEmpty { #expect(after == before) }
    }
}
