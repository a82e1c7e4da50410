import Testing
import Kernel
import Lang

/// Cells written as equations give the built-in cells' numbers to 1e-12: every intermediate, the final
/// state, and every gradient (parameters, initial state, inputs).
@Suite struct EquationCellTests {
    static let pairs: [(builtin: String, equations: String)] = [
        ("rnn(inputs: 2, hidden: 3)", "h = tanh(W_h · [h, x] + b_h)"),
        ("lstm(inputs: 2, hidden: 3)", """
            f = σ(W_f · [h, x] + b_f)
            i = σ(W_i · [h, x] + b_i)
            C~ = tanh(W_C · [h, x] + b_C)
            C = f * C + i * C~
            o = σ(W_o · [h, x] + b_o)
            h = o * tanh(C)
            """),
        ("lstm(inputs: 1, hidden: 1)", """
            f = sigmoid(W_f @ [h, x] + b_f)
            i = sigmoid(W_i @ [h, x] + b_i)
            C̃ = tanh(W_C @ [h, x] + b_C)
            C = f * C + i * C̃
            o = sigmoid(W_o @ [h, x] + b_o)
            h = o * tanh(C)
            """),
        ("lstm(inputs: 2, hidden: 3, peephole: [f, i, o])", """
            f = σ(W_f · [C, h, x] + b_f)
            i = σ(W_i · [C, h, x] + b_i)
            C~ = tanh(W_C · [h, x] + b_C)
            C = f * C + i * C~
            o = σ(W_o · [C, h, x] + b_o)
            h = o * tanh(C)
            """),
        ("lstm(inputs: 2, hidden: 3, peephole: [o], peephole_form: diagonal)", """
            f = σ(W_f · [h, x] + b_f)
            i = σ(W_i · [h, x] + b_i)
            C~ = tanh(W_C · [h, x] + b_C)
            C = f * C + i * C~
            o = σ(W_o · [h, x] + b_o + p_o * C)
            h = o * tanh(C)
            """),
        ("lstm(inputs: 2, hidden: 3, coupled: true)", """
            f = σ(W_f · [h, x] + b_f)
            C~ = tanh(W_C · [h, x] + b_C)
            C = f * C + (1 - f) * C~
            o = σ(W_o · [h, x] + b_o)
            h = o * tanh(C)
            """),
        // The course's own notation: subscripts say which step a value belongs to.
        ("lstm(inputs: 2, hidden: 3)", """
            f_t = σ(W_f · [h_{t-1}, x_t] + b_f)
            i_t = σ(W_i · [h_{t-1}, x_t] + b_i)
            C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
            C_t = f_t * C_{t-1} + i_t * C̃_t
            o_t = σ(W_o · [h_{t-1}, x_t] + b_o)
            h_t = o_t * tanh(C_t)
            """),
        ("lstm(inputs: 2, hidden: 3, peephole: [f])", """
            f_t = σ(W_f · [C_{t-1}, h_{t-1}, x_t] + b_f)
            i_t = σ(W_i · [h_{t-1}, x_t] + b_i)
            C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
            C_t = f_t * C_{t-1} + i_t * C̃_t
            o_t = σ(W_o · [h_{t-1}, x_t] + b_o)
            h_t = o_t * tanh(C_t)
            """),
        // The output gate's peephole reads C_t; the lines may stand in any order that defines before use.
        ("lstm(inputs: 2, hidden: 3, peephole: [f, i, o])", """
            f_t = σ(W_f · [C_{t-1}, h_{t-1}, x_t] + b_f)
            i_t = σ(W_i · [C_{t-1}, h_{t-1}, x_t] + b_i)
            C̃_t = tanh(W_C · [h_{t-1}, x_t] + b_C)
            C_t = f_t * C_{t-1} + i_t * C̃_t
            o_t = σ(W_o · [C_t, h_{t-1}, x_t] + b_o)
            h_t = o_t * tanh(C_t)
            """),
        ("lstm(inputs: 1, hidden: 3, coupled: true)", """
            f_t = σ(W_f · [h_{t-1}, X_t] + b_f)
            C̃_t = tanh(W_C · [h_{t-1}, X_t] + b_C)
            C_t = f_t * c_{t-1} + (1 - f_t) * C̃_t
            o_t = σ(W_o · [h_{t-1}, X_t] + b_o)
            h_t = o_t * tanh(C_t)
            """),
        // Seed 004 pasted as it stands: LaTeX, $$ and all; its peephole line; its coupled line.
        ("lstm(inputs: 2, hidden: 3)", """
            $$ f_t = \\sigma(W_f \\cdot [h_{t-1}, x_t] + b_f) $$
            $$ i_t = \\sigma(W_i \\cdot [h_{t-1}, x_t] + b_i) $$
            $$ \\tilde{C}_t = \\tanh(W_C \\cdot [h_{t-1}, x_t] + b_C) $$
            $$ C_t = f_t * C_{t-1} + i_t * \\tilde{C}_t $$
            $$ o_t = \\sigma(W_o \\cdot [h_{t-1}, x_t] + b_o) $$
            $$ h_t = o_t * \\tanh(C_t) $$
            """),
        ("lstm(inputs: 2, hidden: 3, peephole: [f])", """
            $$ f_t = \\sigma(W_f \\cdot [C_{t-1}, h_{t-1}, x_t] + b_f) $$
            $$ i_t = \\sigma(W_i \\cdot [h_{t-1}, x_t] + b_i) $$
            $$ \\tilde{C}_t = \\tanh(W_C \\cdot [h_{t-1}, x_t] + b_C) $$
            $$ C_t = f_t * C_{t-1} + i_t * \\tilde{C}_t $$
            $$ o_t = \\sigma(W_o \\cdot [h_{t-1}, x_t] + b_o) $$
            $$ h_t = o_t * \\tanh(C_t) $$
            """),
        ("lstm(inputs: 2, hidden: 3, coupled: true)", """
            $$ f_t = \\sigma(W_f \\cdot [h_{t-1}, x_t] + b_f) $$
            $$ \\tilde{C}_t = \\tanh(W_C \\cdot [h_{t-1}, x_t] + b_C) $$
            $$ C_t = f_t * C_{t-1} + (1 - f_t) * \\tilde{C}_t $$
            $$ o_t = \\sigma(W_o \\cdot [h_{t-1}, x_t] + b_o) $$
            $$ h_t = o_t * \\tanh(C_t) $$
            """),
        ("gru(inputs: 2, hidden: 3)", """
            z_t = σ(W_z · [h_{t-1}, x_t] + b_z)
            r_t = σ(W_r · [h_{t-1}, x_t] + b_r)
            h̃_t = tanh(W_h · [r_t * h_{t-1}, x_t] + b_h)
            h_t = (1 - z_t) * h_{t-1} + z_t * h̃_t
            """),
        ("gru(inputs: 2, hidden: 3)", """
            z = σ(W_z · [h, x] + b_z)
            r = σ(W_r · [h, x] + b_r)
            h~ = tanh(W_h · [r * h, x] + b_h)
            h = (1 - z) * h + z * h~
            """),
    ]

    @Test(arguments: pairs.indices)
    func equationsEqualTheBuiltIn(_ k: Int) throws {
        let (builtin, equations) = Self.pairs[k]
        let H = builtin.contains("hidden: 1") ? 1 : 3, X = builtin.contains("inputs: 1") ? 1 : 2
        var session = Session()
        let result = session.run(SourceFile(name: "pair.lstm", text: """
            cell b = \(builtin.dropLast()), seed: 7)
            cell e(inputs: \(X), hidden: \(H)) {
            \(equations)
            }
            """))
        #expect(result.error == nil, "\(result.error.map(TextRenderer.render) ?? "")")
        let b = session.cells["b"]!.cell
        var e = session.cells["e"]!.cell
        #expect(e.stateNames == b.stateNames)
        #expect(e.intermediateNames == b.intermediateNames)
        #expect(Set(e.parameters.map(\.name)) == Set(b.parameters.map(\.name)))
        for p in b.parameters { try e.setParameter(p.name, to: p.value) }

        var rng = SplitMix64(seed: UInt64(k))
        let N = 2, T = 4
        let xs = (0..<T).map { _ in rng.uniformMatrix(rows: N, cols: X, bound: 1.5) }
        let state = b.stateNames.map { _ in rng.uniformMatrix(rows: N, cols: H, bound: 1) }
        let dH = (0..<T).map { _ in Optional(rng.uniformMatrix(rows: N, cols: H, bound: 1)) }
        let dFinal = b.stateNames.map { _ in Optional(rng.uniformMatrix(rows: N, cols: H, bound: 1)) }
        let tb = b.forward(xs, from: state), te = e.forward(xs, from: state)
        for t in 0..<T {
            for j in b.intermediateNames.indices {
                #expect(tb.steps[t][j].maxAbsDifference(te.steps[t][j]) <= 1e-12, "\(builtin) step \(t) \(b.intermediateNames[j])")
            }
        }
        let gb = b.backward(tb, dH: dH, dFinal: dFinal), ge = e.backward(te, dH: dH, dFinal: dFinal)
        for (name, m) in gb.parameters {
            #expect(m.maxAbsDifference(ge.parameters[name]!) <= 1e-12, "\(builtin) ∂\(name)")
        }
        for s in state.indices { #expect(gb.initial[s].maxAbsDifference(ge.initial[s]) <= 1e-12, "\(builtin) ∂state \(s)") }
        for t in 0..<T { #expect(gb.xs[t].maxAbsDifference(ge.xs[t]) <= 1e-12, "\(builtin) ∂x_\(t)") }
    }
}
