import Kernel

extension Session {
    /// `draw c [at t=N] [unrolled [N]] [to "file.svg"]`.
    mutating func draw(_ target: Expr, _ request: DrawRequest, at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        let (name, slot, ran) = try cellView(target, cx)
        let t = try stepNumber(request.step, of: slot, name: name, cx)
        if request.unrolled {
            if let first = request.focus.first { throw cx.error(.focusUnrolled, first.range) }
            return try unrolled(name, slot, upTo: t, ran: ran, request, at: range, &cx)
        }
        let graph = CourseEquations.graph(of: slot.cell)
        let focus = try focusNodes(request.focus, in: graph, cx)
        let step = t.map { slot.steps[$0 - 1] }
        let title = "\(name) (\(slot.kind))" + (t.map { " at t = \($0)" } ?? ", not fed yet: feed it to see its values")
            + (ran.map { ", " + $0 } ?? "")
        let drawing = CellDrawing(title: title, graph: graph, values: { wire in step.flatMap { $0.value(of: wire, in: slot.cell) } },
                                  display: display, focus: (request.focus.map(\.name), focus))
        try emit(drawing.svg, as: .drawing(drawing), to: request.file, at: range, &cx)
    }

    /// `draw c unrolled [N]`: the N steps up to t (3, or as many as were fed), or 3 steps without values before any.
    mutating func unrolled(_ name: String, _ slot: CellSlot, upTo t: Int?, ran: String?, _ request: DrawRequest,
                           at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        var count = 3
        if let e = request.count {
            guard case .number(let n) = try evaluate(e, cx), n == n.rounded(), n >= 1, n <= 8 else {
                throw cx.error(.unrolledCount, e.range)
            }
            count = Int(n)
        }
        let last = t ?? count, firstStep = max(1, last - count + 1)
        let order = slot.cell.stateNames.indices.reversed()
        let steps = (firstStep ... last).map { k -> Chain.Step in
            guard t != nil else { return Chain.Step(t: k, x: nil, states: nil) }
            let after = k < slot.steps.count ? slot.steps[k].before : slot.state
            return Chain.Step(t: k, x: slot.steps[k - 1].x, states: order.map { after[$0].storage })
        }
        let title = "\(name) (\(slot.kind)) unrolled, t = \(firstStep) … \(last)" + (t == nil ? ", not fed yet" : "")
            + (ran.map { ", " + $0 } ?? "")
        let chain = Chain(title: title, name: String(name.split(separator: ".").last ?? ""),
                          states: order.map { slot.cell.stateNames[$0] }, steps: steps, display: display)
        try emit(chain.svg, as: .chain(chain), to: request.file, at: range, &cx)
    }

    /// The nodes computing the wires named after `focus` (`f_t`, or just `f`).
    func focusNodes(_ names: [(name: String, range: SourceRange)], in graph: CellGraph, _ cx: Context) throws(Diagnostic) -> Set<Int> {
        var targets: [Int] = []
        let computed = graph.wires.filter { if case .node = $0.source { return $0.name != nil } else { return false } }
            .compactMap(\.name)
        for (name, range) in names {
            let field = name.replacingOccurrences(of: "\u{0303}", with: "~")
            guard let w = graph.wires.firstIndex(where: { $0.name == field || $0.name == CellGraph.fieldName(field) }) else {
                throw cx.error(.focusUnknown(name, choices: computed), range)
            }
            guard case .node = graph.wires[w].source else { throw cx.error(.focusInput(name, choices: computed), range) }
            targets.append(w)
        }
        return graph.nodes(computing: targets)
    }

    /// Writes `svg` to the file asked for, or emits `output`.
    func emit(_ svg: @autoclosure () -> String, as output: Output, to file: String?, at range: SourceRange,
              _ cx: inout Context) throws(Diagnostic) {
        guard let file else { return cx.emit(output) }
        do { try AtomicFile.write(svg(), to: file) } catch { throw cx.error(.cannotWrite(file, error.localizedDescription), range) }
        cx.emit(.note("wrote \(file)"))
    }

    /// The step `at t=N` names (1 … steps fed), or the last one; nil when nothing has been fed.
    func stepNumber(_ e: Expr?, of slot: CellSlot, name: String, _ cx: Context) throws(Diagnostic) -> Int? {
        guard let e else { return slot.steps.isEmpty ? nil : slot.steps.count }
        guard case .number(let n) = try evaluate(e, cx), n == n.rounded(), n >= 1, n <= Double(slot.steps.count) else {
            throw cx.error(.noSuchStep(name, fed: slot.steps.count), e.range)
        }
        return Int(n)
    }
}

extension CellSlot.Step {
    /// The value a wire of the cell's graph carried at this step, if the cell keeps it under that name.
    func value(of wire: CellGraph.Wire, in cell: any RecurrentCell) -> [Double]? {
        switch wire.source {
        case .input: return x
        case .previous(let k): return k < before.count ? before[k].storage : nil
        case .node: return wire.name.flatMap { cell.intermediateNames.firstIndex(of: $0) }.map { intermediates[$0].storage }
        }
    }
}

extension Session {
    /// `heatmap c.f_t`: a per-step field of a cell (or a model's layer) over time × unit; `heatmap M`: any matrix.
    mutating func heatmap(_ e: Expr, file: String?, at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        let label = cx.file.text(of: e.range)
        var map: Heatmap
        if case .field(let base, let field) = e.kind, let view = try? cellView(base, cx), view.slot.perStep(field) != nil {
            let series = view.slot.perStep(field)!
            guard !series.isEmpty else { throw cx.error(.heatmapNotFed(view.name), base.range) }
            let units = series[0].count
            map = Heatmap(title: "\(label) over t = 1 … \(series.count)" + (view.ran.map { ", " + $0 } ?? ""),
                          values: (0 ..< units).map { u in series.map { $0[u] } }, rowAxis: "unit", columnAxis: "t",
                          firstRow: 0, firstColumn: 1, display: display)
        } else {
            let rows: [[Double]]
            switch try number(e, cx) {
            case .matrix(let m): rows = m.nested
            case .vector(let v): rows = [v]
            case let other: throw cx.error(.heatmapValue(other), e.range)
            }
            let reach = { if case .call("reach", _) = e.kind { return true } else { return false } }()
            map = Heatmap(title: label, values: rows, rowAxis: reach ? "unit of h_T" : "row", columnAxis: reach ? "t" : "column",
                          firstRow: 0, firstColumn: reach ? 1 : 0, display: display)
        }
        try emit(map.svg, as: .heatmap(map), to: file, at: range, &cx)
    }
}

extension CellSlot {
    /// A field's value at every step fed (`f_t`, `h_t`, `x_t`, or a state by its name), or nil if it is not per step.
    func perStep(_ field: String) -> [[Double]]? {
        if field == "x_t" { return steps.map(\.x) }
        let name = cell.stateNames.contains(field) ? field + "_t" : field
        guard let k = cell.intermediateNames.firstIndex(of: name) else { return nil }
        return steps.map { $0.intermediates[k].storage }
    }
}
