import Foundation
import Testing
import Kernel

/// The fast batched paths agree with the readable reference steps written as the course writes them,
/// and PyTorch's own cells (Fixtures/torch_cells.json) agree with the cells built from their weights.
@Suite struct ReferenceStepTests {
    @Test(arguments: CellZoo.configurations)
    func fastPathMatchesTheReferenceStep(_ config: String) {
        var rng = SplitMix64(seed: 5)
        for (x, hSize) in [(1, 1), (2, 3), (5, 8)] {
            let cell = CellZoo.make(config, inputs: x, hidden: hSize, seed: 9)
            var state = cell.stateNames.map { _ in rng.uniformMatrix(rows: 1, cols: hSize, bound: 1) }
            for _ in 0..<4 {
                let input = rng.uniformMatrix(rows: 1, cols: x, bound: 2)
                let h = state[0].storage, xv = input.storage
                let expected: [[Double]]
                switch cell {
                case let c as LSTMCell:
                    let s = c.referenceStep(x: xv, hPrev: h, cPrev: state[1].storage)
                    expected = c.options.coupled ? [s.f, s.cTilde, s.c, s.o, s.h] : [s.f, s.i, s.cTilde, s.c, s.o, s.h]
                case let c as GRUCell:
                    let s = c.referenceStep(x: xv, hPrev: h)
                    expected = [s.z, s.r, s.hTilde, s.h]
                case let c as RNNCell:
                    expected = [c.referenceStep(x: xv, hPrev: h)]
                default:
                    Issue.record("unknown cell"); return
                }
                let got = cell.step(input, state: &state)
                for (k, name) in cell.intermediateNames.enumerated() {
                    #expect(got[k].maxAbsDifference(Matrix(row: expected[k])) <= 1e-14, "\(config) \(name)")
                }
            }
        }
    }

    nonisolated(unsafe) static let torch: [String: [String: Any]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/torch_cells.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: [String: Any]]
    }()

    static func weights(_ c: [String: Any]) -> PyTorchWeights {
        PyTorchWeights(weightIH: Matrix(c["weight_ih"] as! [[Double]]), weightHH: Matrix(c["weight_hh"] as! [[Double]]),
                       biasIH: c["bias_ih"] as! [Double], biasHH: c["bias_hh"] as! [Double])
    }

    @Test func pytorchLSTMCellWeightsGiveTorchsNumbers() throws {
        let c = Self.torch["lstm"]!
        let cell = try LSTMCell(pytorch: Self.weights(c))
        let trace = cell.forward((c["xs"] as! [[Double]]).map { Matrix(row: $0) },
                                 from: [Matrix(row: c["h0"] as! [Double]), Matrix(row: c["c0"] as! [Double])])
        for (t, h) in (c["h"] as! [[Double]]).enumerated() {
            #expect(trace.steps[t][5].maxAbsDifference(Matrix(row: h)) <= 1e-12)
            #expect(trace.steps[t][3].maxAbsDifference(Matrix(row: (c["c"] as! [[Double]])[t])) <= 1e-12)
        }
    }

    @Test func pytorchGRUCellWeightsGiveTorchsNumbers() throws {
        let c = Self.torch["gru"]!
        let cell = try GRUCell(pytorch: Self.weights(c))
        let trace = cell.forward((c["xs"] as! [[Double]]).map { Matrix(row: $0) }, from: [Matrix(row: c["h0"] as! [Double])])
        for (t, h) in (c["h"] as! [[Double]]).enumerated() {
            #expect(trace.steps[t][3].maxAbsDifference(Matrix(row: h)) <= 1e-12)
        }
    }

    @Test func courseAndPyTorchLayoutsGiveTheSameCell() throws {
        // The shared LSTM vector's course-layout weights, restacked as PyTorch's i, f, g, o with the bias
        // split between the two PyTorch biases, must give the same cell.
        let v = try ReferenceVector.all().first { $0.name == "lstm_h3_x2_t5_s2.json" }!
        let course = try v.makeCell() as! LSTMCell
        let H = v.hidden
        let order = [LSTMGate.i, .f, .C, .o].compactMap(course.gate)
        let ih = Matrix.concatRows(order.map { $0.W.columns(H ..< H + v.inputs) })
        let hh = Matrix.concatRows(order.map { $0.W.columns(0 ..< H) })
        let b = order.flatMap(\.b)
        let torch = try LSTMCell(pytorch: PyTorchWeights(weightIH: ih, weightHH: hh, biasIH: b.map { $0 * 0.25 },
                                                         biasHH: b.map { $0 * 0.75 }))
        for p in course.parameters {
            #expect(torch.parameter(p.name)!.value.maxAbsDifference(p.value) <= 1e-15, "\(p.name)")
        }
        #expect(throws: ShapeError.self) { try LSTMCell(pytorch: PyTorchWeights(weightIH: ih, weightHH: ih, biasIH: b, biasHH: b)) }
    }
}
