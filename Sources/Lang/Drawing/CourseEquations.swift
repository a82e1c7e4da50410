import Kernel

/// The equations of each built-in cell as the course writes them, in the language's own form; a built-in cell is
/// drawn from these, so every drawing comes from one place: the equations' dependency graph.
enum CourseEquations {
    /// The lines of one step of `cell`, or nil for a cell written as equations (it has its own).
    static func lines(of cell: any RecurrentCell) -> [String]? {
        switch cell.kind {
        case .lstm(let options): return lstm(options)
        case .gru(.olah):
            return ["z = σ(W_z · [h, x] + b_z)", "r = σ(W_r · [h, x] + b_r)", "h~ = tanh(W_h · [r * h, x] + b_h)",
                    "h = (1 - z) * h + z * h~"]
        case .gru(.pytorch):
            return ["z = σ(W_z · [h, x] + b_z)", "r = σ(W_r · [h, x] + b_r)",
                    "h~ = tanh(W_hx · x + b_h + r * (W_hh · h + b_hn))", "h = (1 - z) * h~ + z * h"]
        case .rnn: return ["h = tanh(W_h · [h, x] + b_h)"]
        case .equations: return nil
        }
    }

    static func lstm(_ options: LSTMOptions) -> [String] {
        func gate(_ g: LSTMGate, _ name: String, _ activation: String) -> String {
            guard options.peepholes.contains(g) else { return "\(name) = \(activation)(W_\(name) · [h, x] + b_\(name))" }
            return options.peepholeForm == .full ? "\(name) = \(activation)(W_\(name) · [C, h, x] + b_\(name))"
                : "\(name) = \(activation)(W_\(name) · [h, x] + p_\(name) * C + b_\(name))"
        }
        var lines = [gate(.f, "f", "σ")]
        if !options.coupled { lines.append(gate(.i, "i", "σ")) }
        lines.append("C~ = tanh(W_C · [h, x] + b_C)")
        lines.append(options.coupled ? "C = f * C + (1 - f) * C~" : "C = f * C + i * C~")
        lines.append(gate(.o, "o", "σ"))
        lines.append("h = o * tanh(C)")
        return lines
    }

    /// The graph of any cell: its program if it was written as equations, else its course equations checked
    /// as if the learner had typed them.
    static func graph(of cell: any RecurrentCell) -> CellGraph {
        if let cell = cell as? EquationCell { return CellGraph(program: cell.program) }
        let body = (lines(of: cell) ?? []).joined(separator: "\n")
        let file = SourceFile(name: "course", text: "cell d(inputs: \(cell.inputs), hidden: \(cell.hidden)) {\n\(body)\n}\n")
        do {
            guard case let .equationCell(_, _, equations)? = try Parser.parse(file).first?.kind else {
                preconditionFailure("the course equations are one cell")
            }
            let checked = try EquationChecker.check(file: file, inputs: cell.inputs, hidden: cell.hidden, equations: equations,
                                                    at: SourceRange(0, 0))
            return CellGraph(program: checked.program)
        } catch {
            preconditionFailure("the course equations of \(cell.kind) do not check: \(error.message)")
        }
    }
}
