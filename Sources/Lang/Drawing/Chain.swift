/// A few steps of a cell side by side, unrolled in time: each step reads x_t from below and the states from the
/// step before, and hands its states to the next (the course's chain of copies of one module).
public struct Chain: Sendable, Equatable {
    /// One step drawn: its number, and its input and new states when the cell has been fed.
    public struct Step: Sendable, Equatable {
        public var t: Int
        public var x: [Double]?
        public var states: [[Double]]?
    }

    public var title: String
    /// The cell's name, written in each box.
    public var name: String
    /// The states, in the order drawn (the belt state first, h last).
    public var states: [String]
    public var steps: [Step]
    public var display: Display

    /// The chain as text (each step a box with the cell's name, joined by the states' wires), then every step's values.
    public var text: String {
        let first = steps.first?.t ?? 1
        let inLabels = states.map { "\($0)_\(first - 1) " }
        let margin = inLabels.map(\.count).max()! + 3
        func fit(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func centred(_ s: String, _ n: Int) -> String { fit(String(repeating: " ", count: max(0, (n - s.count) / 2)) + s, n) }
        func wire(_ name: String) -> String {
            let inner = " \(name) ", dashes = max(2, 14 - inner.count)
            return String(repeating: "─", count: dashes / 2) + inner + String(repeating: "─", count: dashes - dashes / 2) + "▶"
        }
        // Boxes as wide as the cell's name (5 to 12 columns inside), the in and out lines through their middle.
        let label = name.count <= 12 ? name : name.prefix(11) + "…", inner = max(5, label.count), width = inner + 2
        let middle = width / 2, gap = String(repeating: " ", count: 15)
        func edge(_ left: String, _ join: String, _ right: String) -> String {
            left + String(repeating: "─", count: middle - 1) + join + String(repeating: "─", count: width - middle - 2) + right
        }
        func at(_ s: String) -> String { fit(String(repeating: " ", count: max(0, middle - s.count / 2)) + s, width) }
        var lines = [String](repeating: String(repeating: " ", count: margin), count: states.count + 6)
        for s in states.indices {
            lines[3 + s] = String(repeating: " ", count: margin - 3 - inLabels[s].count) + inLabels[s] + "──▶"
        }
        for step in steps {
            lines[0] += at("x_\(step.t)") + gap
            lines[1] += at("│") + gap
            lines[2] += edge("┌", "┴", "┐") + gap
            for (s, state) in states.enumerated() {
                let inside = s == states.count - 1 ? centred(label, inner) : String(repeating: " ", count: inner)
                lines[3 + s] += "│" + inside + "│" + fit(wire("\(state)_\(step.t)"), 15)
            }
            lines[3 + states.count] += edge("└", "┬", "┘") + gap
            lines[4 + states.count] += at("▼") + gap
            lines[5 + states.count] += at("h_\(step.t)") + gap
        }
        var out = [title] + lines.map(\.trailingSpacesRemoved)
        let table = steps.compactMap { step -> [String]? in
            guard let x = step.x, let values = step.states else { return nil }
            return ["x_\(step.t) = " + CellDrawing.shown(x, display)]
                + zip(states, values).map { "\($0)_\(step.t) = " + CellDrawing.shown($1, display) }
        }
        let widths = (0 ..< (table.first?.count ?? 0)).map { c in table.map { $0[c].count }.max()! }
        let readings = table.map { row in "  " + zip(row, widths).map { fit($0, $1) }.joined(separator: "   ").trailingSpacesRemoved }
        if !readings.isEmpty { out += [""] + readings }
        return out.joined(separator: "\n")
    }
}

extension Chain {
    /// The chain as SVG: its text drawn in a monospaced font (boxes and wires are box-drawing characters).
    public var svg: String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let width = Double(lines.map(\.count).max() ?? 0) * 7.8 + 20, height = Double(lines.count) * 17 + 20
        var out = [SVG.header(width: width, height: height)]
        for (k, line) in lines.enumerated() {
            out.append(SVG.text(String(line), x: 10, y: 22 + Double(k) * 17,
                                attributes: "font-family=\"DejaVu Sans Mono, monospace\" font-size=\"13\" xml:space=\"preserve\""))
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}
