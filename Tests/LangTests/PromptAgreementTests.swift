import Testing
import Kernel
import Lang

/// The course's favourite check, typed at the prompt: recomputing a gate from the cell's own fields gives the
/// cell's value to the bit (the language's `·`, `σ`, `tanh` are the kernel's routines), for any size.
@Suite struct PromptAgreementTests {
    /// Each step equation of the LSTM, recomputed from fields, minus the cell's value.
    static let checks = [
        "σ(c.W_f · [c.h_{t-1}, c.x_t] + c.b_f) - c.f_t",
        "σ(c.W_i · [c.h_{t-1}, c.x_t] + c.b_i) - c.i_t",
        "tanh(c.W_C · [c.h_{t-1}, c.x_t] + c.b_C) - c.C~_t",
        "c.f_t * c.C_{t-1} + c.i_t * c.C~_t - c.C_t",
        "σ(c.W_o · [c.h_{t-1}, c.x_t] + c.b_o) - c.o_t",
        "c.o_t * tanh(c.C_t) - c.h_t",
    ]

    static let courseLines = """
        f_t = \\sigma(W_f \\cdot [h_{t-1}, x_t] + b_f)
        i_t = \\sigma(W_i \\cdot [h_{t-1}, x_t] + b_i)
        \\tilde{C}_t = \\tanh(W_C \\cdot [h_{t-1}, x_t] + b_C)
        C_t = f_t * C_{t-1} + i_t * \\tilde{C}_t
        o_t = \\sigma(W_o \\cdot [h_{t-1}, x_t] + b_o)
        h_t = o_t * \\tanh(C_t)
        """

    /// (inputs, hidden): small, odd, past the eight-lane fold, and large enough to be split between cores.
    static let sizes = [(1, 1), (3, 2), (2, 5), (9, 17), (32, 64), (70, 130)]

    static func values(_ source: String) throws -> [Value] {
        var session = Session()
        let result = session.run(SourceFile(name: "agree.lstm", text: source))
        if let error = result.error { throw error }
        return result.outputs.compactMap { if case .value(_, let v, _, _) = $0 { return v } else { return nil } }
    }

    static func feeding(_ inputs: Int) -> String {
        (1...3).map { t in
            "feed c [" + (0..<inputs).map { k in "\(Double((k * 7 + t * 3) % 11) / 5 - 1)" }.joined(separator: ", ") + "]"
        }.joined(separator: "\n")
    }

    @Test(arguments: sizes)
    func builtInLSTM(inputs: Int, hidden: Int) throws {
        let source = "cell c = lstm(inputs: \(inputs), hidden: \(hidden), seed: 3)\n" + Self.feeding(inputs) + "\n"
            + (["c.f_t", "c.h_t"] + Self.checks).joined(separator: "\n")
        let values = try Self.values(source)
        #expect(values.count == 2 + Self.checks.count)
        // The cell has really moved: its gate and output are not zero, so a zero difference means something.
        #expect(values[0].numbers.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(values[1].numbers.contains { $0 != 0 })
        for (check, value) in zip(Self.checks, values.dropFirst(2)) {
            #expect(value.numbers == [Double](repeating: 0, count: hidden), "\(check)")
        }
    }

    @Test(arguments: sizes)
    func courseEquationsPasted(inputs: Int, hidden: Int) throws {
        let source = "cell c(inputs: \(inputs), hidden: \(hidden), seed: 3) {\n\(Self.courseLines)\n}\n" + Self.feeding(inputs) + "\n"
            + Self.checks.joined(separator: "\n")
        let values = try Self.values(source)
        #expect(values.count == Self.checks.count)
        for (check, value) in zip(Self.checks, values) {
            #expect(value.numbers == [Double](repeating: 0, count: hidden), "\(check)")
        }
    }

    /// The products themselves agree across forms: the built-in LSTM and the pasted equations give the same bits.
    @Test func pastedEquationsEqualTheBuiltInToTheBit() throws {
        let builtIn = try Self.values("cell c = lstm(inputs: 3, hidden: 5, seed: 4)\n" + Self.feeding(3) + "\nc.h\nc.C")
        let pasted = try Self.values("cell c(inputs: 3, hidden: 5, seed: 4) {\n\(Self.courseLines)\n}\n" + Self.feeding(3) + "\nc.h\nc.C")
        #expect(builtIn == pasted)
    }
}
