import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Kernel
@testable import Lang

/// The drawings show what the cell computed: every value written on a drawing is the cell's own field, the
/// SVG is well-formed with one shape per node, and a model's layer read as a cell is the model's own run.
@Suite struct DrawingTests {
    static let kinds = [
        "lstm(inputs: 2, hidden: 3, seed: 4)", "lstm(inputs: 2, hidden: 3, peephole: [f, i, o], seed: 4)",
        "lstm(inputs: 2, hidden: 3, peephole: [f, o], peephole_form: diagonal, seed: 4)",
        "lstm(inputs: 2, hidden: 3, coupled: true, seed: 4)", "gru(inputs: 2, hidden: 3, seed: 4)",
        "gru(inputs: 2, hidden: 3, convention: pytorch, seed: 4)", "rnn(inputs: 2, hidden: 3, seed: 4)",
    ]

    /// Runs `source` and returns the session and its outputs (failing on an error).
    static func session(_ source: String) -> (Session, [Output]) {
        var s = Session()
        let result = s.run(SourceFile(name: "test.lstm", text: source))
        #expect(result.error == nil, "\(result.error.map(TextRenderer.render) ?? "")")
        return (s, result.outputs)
    }

    static func drawing(_ outputs: [Output]) -> CellDrawing? {
        outputs.lazy.compactMap { if case .drawing(let d) = $0 { return d } else { return nil } }.last
    }

    @Test(arguments: kinds)
    func valuesOnTheDrawingAreTheCellsFields(kind: String) throws {
        let (session, outputs) = Self.session("cell c = \(kind)\nfeed c [[0.5, -1], [1, 0.25], [-0.5, 2]]\ndraw c at t=2")
        let d = try #require(Self.drawing(outputs))
        let slot = try #require(session.cells["c"])
        let step = slot.steps[1]
        #expect(d.title == "c (\(slot.kind)) at t = 2")
        for reading in d.readings {
            let field = reading.name.replacingOccurrences(of: "\u{0303}", with: "~")
            let expected: [Double]
            if field == "x_t" { expected = step.x }
            else if field.hasSuffix("_{t-1}") {
                expected = step.before[slot.cell.stateNames.firstIndex(of: String(field.dropLast(6)))!].storage
            }
            else { expected = step.intermediates[try #require(slot.cell.intermediateNames.firstIndex(of: field))].storage }
            #expect(reading.value == expected, "\(kind): \(field)")
        }
        // Every field of the step is on the drawing.
        let drawn = Set(d.readings.map { $0.name.replacingOccurrences(of: "\u{0303}", with: "~") })
        #expect(Set(slot.cell.intermediateNames).isSubset(of: drawn))
        #expect(d.text.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }

    @Test(arguments: kinds)
    func svgIsWellFormedWithOneShapePerNode(kind: String) throws {
        let (session, outputs) = Self.session("cell c = \(kind)\nfeed c [0.5, -1]\ndraw c")
        let d = try #require(Self.drawing(outputs))
        let graph = CourseEquations.graph(of: session.cells["c"]!.cell)
        let svg = d.svg
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(kind): \(parser.parserError.map { "\($0)" } ?? "")")
        func count(_ s: String) -> Int { svg.components(separatedBy: s).count - 1 }
        #expect(count("<rect x=") == graph.nodes.filter { $0.kind == .layer }.count)
        #expect(count("<ellipse") == graph.nodes.filter { $0.kind == .pointwise }.count)
        for r in d.readings { #expect(svg.contains(SVG.escape(r.name))) }
    }

    /// The course's module, read off the graph: four layers σ σ tanh σ; ×, ×, + on the way to C_t; tanh and × to h_t.
    @Test func theLSTMGraphIsTheCourses() {
        let g = CourseEquations.graph(of: LSTMCell(inputs: 1, hidden: 2))
        #expect(g.nodes.map(\.symbol) == ["σ", "σ", "tanh", "×", "×", "+", "σ", "tanh", "×"])
        #expect(g.nodes.filter { $0.kind == .layer }.map { $0.parameters }
            == [["W_f", "b_f"], ["W_i", "b_i"], ["W_C", "b_C"], ["W_o", "b_o"]])
        #expect(CellLayout.beltNodes(g) == [3, 5])
        let coupled = CourseEquations.graph(of: LSTMCell(inputs: 1, hidden: 2, options: LSTMOptions(coupled: true)))
        #expect(coupled.nodes.map(\.symbol).contains("1−"))
        let gru = CourseEquations.graph(of: GRUCell(inputs: 1, hidden: 2))
        #expect(gru.beltState == 0 && gru.nodes.filter { $0.kind == .layer }.map(\.symbol) == ["σ", "σ", "tanh"])
    }

    /// `focus` picks out the course's four steps: each named value's node and the unnamed ones feeding it.
    @Test func focusPicksOutEachStepOfTheWalkthrough() throws {
        let g = CourseEquations.graph(of: LSTMCell(inputs: 1, hidden: 2))
        func wires(_ names: String...) -> [Int] { names.compactMap { n in g.wires.firstIndex { $0.name == n } } }
        #expect(g.nodes(computing: wires("f_t")) == [0])
        #expect(g.nodes(computing: wires("i_t", "C~_t")) == [1, 2])
        #expect(g.nodes(computing: wires("C_t")) == [3, 4, 5])
        #expect(g.nodes(computing: wires("o_t", "h_t")) == [6, 7, 8])
        let gru = CourseEquations.graph(of: GRUCell(inputs: 1, hidden: 2))
        let h = try #require(gru.wires.firstIndex { $0.name == "h_t" })
        #expect(gru.nodes(computing: [h]).map { gru.nodes[$0].symbol }.sorted() == ["+", "1−", "×", "×"])
        let (_, outputs) = Self.session("cell c = lstm(inputs: 1, hidden: 2, seed: 1)\nfeed c [0.5]\ndraw c focus C_t")
        let d = try #require(Self.drawing(outputs))
        #expect(d.readings.filter(\.listed).map(\.name) == ["C_{t-1}", "f_t", "i_t", "C\u{0303}_t", "C_t"])
        #expect(d.text.components(separatedBy: "[×]").count - 1 == 2 && d.text.contains("[+]"))
    }

    /// A model's layer, read as a cell, holds what the model's own batched forward pass computed for that row.
    @Test func aModelLayerIsTheModelsOwnRun() throws {
        let source = """
        model m = lstm(inputs: 1, hidden: 3, seed: 2) -> gru(inputs: 3, hidden: 2, seed: 3) -> linear(outputs: 1)
        let X = [[0.5, 1, -0.5, 0.25], [0.25, 0, 1, -1], [1, 1, 1, 1]]
        let p = predict(m, X)
        m.row = 1
        """
        let (session, _) = Self.session(source)
        let model = try #require(session.models["m"])
        let X = Matrix(rows: 3, cols: 4, storage: [0.5, 1, -0.5, 0.25, 0.25, 0, 1, -1, 1, 1, 1, 1])
        let run = model.model.forward((0 ..< 4).map { t in Matrix(rows: 3, cols: 1, storage: (0 ..< 3).map { X[$0, t] }) })
        for (k, layer) in model.layerNames.enumerated() {
            var s = session
            let result = s.run(SourceFile(name: "t.lstm", text: "trace m.\(layer)"))
            guard case .table(let table, _)? = result.outputs.last else { Issue.record("no trace"); return }
            let view = model.layerView(k, row: X.row(1), shouldStop: { false })!
            for t in 0 ..< 4 {
                for (j, m) in run.traces[k].steps[t].enumerated() {
                    #expect(view.steps[t].intermediates[j].storage == m.row(1), "layer \(k) t \(t)")
                }
            }
            #expect(table.rows.count == 4 * model.model.cells[k].hidden)
        }
    }

    /// reach(c) is ‖∂h_T[u]/∂x_t‖: checked against central differences of the cell run again with x_t nudged.
    @Test func reachIsWhatFiniteDifferencesMeasure() throws {
        let (session, outputs) = Self.session("cell c = lstm(inputs: 1, hidden: 2, seed: 7)\nfeed c [[0.5], [-1], [0.25], [1]]\nreach(c)")
        guard case .value(_, .matrix(let reach), _, _)? = outputs.last else { Issue.record("no matrix"); return }
        let cell = session.cells["c"]!.cell, xs = [0.5, -1, 0.25, 1]
        func hT(_ xs: [Double]) -> [Double] { cell.forward(xs.map { Matrix(row: [$0]) }, from: cell.zeroState()).final[0].storage }
        for t in 0 ..< 4 {
            var up = xs, down = xs
            up[t] += 1e-6; down[t] -= 1e-6
            let (a, b) = (hT(up), hT(down))
            for u in 0 ..< 2 { #expect(abs(abs((a[u] - b[u]) / 2e-6) - reach[u, t]) < 1e-8, "u \(u) t \(t)") }
        }
    }

    /// 300 steps bin into 60 columns of 5: a column's shade is the mean of its steps.
    @Test func longSequencesAreBinned() throws {
        let values = [(0 ..< 300).map { Double($0) }]
        let map = Heatmap(title: "ramp", values: values, rowAxis: "unit", columnAxis: "t", firstRow: 0, firstColumn: 1,
                          display: Display())
        #expect(map.mean(0 ..< 1, 5 ..< 10) == 7)
        #expect(map.text.contains("each column is the mean of 5 steps"))
        let row = try #require(map.text.split(separator: "\n").first { $0.contains("│") && !$0.contains("└") })
        #expect(row.split(separator: "│")[1].count == 60)
    }
}
