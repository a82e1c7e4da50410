/// One cell's step drawn as the course draws its module, with that step's values on the wires.
public struct CellDrawing: Sendable, Equatable {
    /// A named wire and its value at the step drawn (nil before the cell has been fed).
    public struct Reading: Sendable, Equatable {
        public var name: String
        public var value: [Double]?
        /// Whether it is listed below the drawing (with a focus, only the values the picked-out part reads and writes).
        public var listed = true
    }

    /// The width the text drawing keeps to when it can.
    static let columns = 100

    /// What is drawn: `c (lstm) at t = 3`.
    public var title: String
    /// The values whose part of the step is picked out (`draw c focus f_t`); empty when none is.
    public var focus: [String] = []
    public var readings: [Reading]
    public var display: Display
    var layout: CellLayout

    /// With a `focus` (node indices), those nodes are picked out and the values listed are only the ones they
    /// read and write.
    init(title: String, graph: CellGraph, values: (CellGraph.Wire) -> [Double]?, display: Display,
         focus: (names: [String], nodes: Set<Int>) = ([], [])) {
        self.title = title
        self.focus = focus.names
        self.display = display
        // Nodes four columns apart, closer when that is what it takes to fit 100 columns.
        layout = CellLayout(graph: graph)
        for gap in [3, 2] where layout.width > Self.columns { layout = CellLayout(graph: graph, gap: gap) }
        layout.focus = focus.nodes
        let touched = Set(focus.nodes.flatMap { graph.nodes[$0].inputs + [graph.nodes[$0].output] })
        func order(_ w: CellGraph.Wire) -> Int {
            switch w.source { case .input: return -1; case .previous(let k): return k - 100; case .node(let k): return k }
        }
        readings = graph.wires.indices.sorted { order(graph.wires[$0]) < order(graph.wires[$1]) }.compactMap { w in
            graph.wires[w].name.map {
                Reading(name: CellLayout.displayName($0), value: values(graph.wires[w]),
                        listed: focus.nodes.isEmpty || touched.contains(w))
            }
        }
    }

    /// The drawing, then each wire's value below it (a summary when a vector is longer than `display.entries`).
    public var text: String {
        let width = readings.map(\.name.count).max() ?? 0
        let legend = readings.compactMap { r -> String? in
            guard let v = r.value, r.listed else { return nil }
            return "  " + r.name + String(repeating: " ", count: width - r.name.count) + " = " + Self.shown(v, display)
        }
        let wide = layout.width > Self.columns
            ? ["(\(layout.width) columns wide: add to \"file.svg\" to the draw command for a picture of any size)"] : []
        let head = [title] + (focusLine.map { [$0] } ?? []) + wide
        return (head + layout.text + (legend.isEmpty ? [] : [""] + legend)).joined(separator: "\n")
    }

    /// The line under the title that says what is picked out, if anything is.
    var focusLine: String? {
        focus.isEmpty ? nil : "focus on " + focus.joined(separator: ", ") + ": its part is drawn heavy, in [ ]"
    }

    /// A vector in full when it is short enough, else its size, smallest, mean and largest entry.
    static func shown(_ v: [Double], _ display: Display) -> String {
        guard display.entries != 0 && v.count > min(display.entries, 8) else {
            return TextRenderer.render(.vector(v), display)
        }
        let mean = v.reduce(0, +) / Double(v.count)
        return "\(v.count) units: min \(TextRenderer.format(v.min()!, digits: display.digits)), mean "
            + "\(TextRenderer.format(mean, digits: display.digits)), max \(TextRenderer.format(v.max()!, digits: display.digits))"
    }
}

