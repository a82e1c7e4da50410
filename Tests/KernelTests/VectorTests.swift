import Testing
import Kernel

/// Every file in ../shared/vectors (PyTorch autograd, Float64) reproduced by the kernel to 1e-12.
@Suite struct VectorTests {
    static let tolerance = 1e-12

    @Test(arguments: try! ReferenceVector.all().map(\.name))
    func forwardMatchesEveryIntermediate(_ file: String) throws {
        let v = try ReferenceVector.all().first { $0.name == file }!
        let cell = try v.makeCell()
        let trace = cell.forward(v.xs.map { Matrix(row: $0) }, from: v.initialState)
        #expect(trace.steps.count == v.steps.count)
        for (t, expected) in v.steps.enumerated() {
            #expect(Set(expected.keys) == Set(cell.intermediateNames), "step \(t) names")
            for (k, name) in cell.intermediateNames.enumerated() {
                let diff = trace.steps[t][k].maxAbsDifference(Matrix(row: expected[name]!))
                #expect(diff <= Self.tolerance, "\(file) step \(t) \(name): off by \(diff)")
            }
        }
    }

    @Test(arguments: try! ReferenceVector.all().map(\.name))
    func lossAndGradientsMatch(_ file: String) throws {
        let v = try ReferenceVector.all().first { $0.name == file }!
        let cell = try v.makeCell()
        let trace = cell.forward(v.xs.map { Matrix(row: $0) }, from: v.initialState)
        let r = (v.loss["r"] as! [[Double]]).map { Matrix(row: $0) }
        let rC = (v.loss["rC"] as? [Double]).map { Matrix(row: $0) }
        let hIndex = cell.intermediateNames.firstIndex(of: "h_t")!
        var loss = 0.0
        for t in 0..<r.count { loss += r[t].zip(trace.steps[t][hIndex], *).storage.reduce(0, +) }
        if let rC { loss += rC.zip(trace.final[1], *).storage.reduce(0, +) }
        #expect(abs(loss - (v.loss["value"] as! Double)) <= Self.tolerance, "\(file) loss \(loss)")

        let dFinal: [Matrix?] = rC.map { [nil, $0] } ?? [nil]
        let g = cell.backward(trace, dH: r, dFinal: dFinal)
        for (name, expected) in v.grads where name != "xs" && name != "h0" && name != "C0" {
            let diff = g.parameters[name]!.maxAbsDifference(ReferenceVector.matrix(expected))
            #expect(diff <= Self.tolerance, "\(file) dL/d\(name): off by \(diff)")
        }
        #expect(g.initial[0].maxAbsDifference(ReferenceVector.matrix(v.grads["h0"]!)) <= Self.tolerance)
        if let c0 = v.grads["C0"] { #expect(g.initial[1].maxAbsDifference(ReferenceVector.matrix(c0)) <= Self.tolerance) }
        for (t, dx) in (v.grads["xs"] as! [[Double]]).enumerated() {
            #expect(g.xs[t].maxAbsDifference(Matrix(row: dx)) <= Self.tolerance, "\(file) dL/dx_\(t)")
        }
        #expect(Set(g.parameters.keys) == Set(cell.parameters.map(\.name)))
    }
}
