import Kernel

extension Session {
    /// `draw c [at t=N] [unrolled [N]] [to "file.svg"]`.
    mutating func draw(_ target: Expr, _ request: DrawRequest, at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        let name = try cellName(target, cx)
        let slot = cells[name]!
        let t = try stepNumber(request.step, of: slot, name: name, cx)
        let graph = CourseEquations.graph(of: slot.cell)
        let step = t.map { slot.steps[$0 - 1] }
        let title = "\(name) (\(slot.kind))" + (t.map { " at t = \($0)" } ?? ", not fed yet: feed it to see its values")
        let drawing = CellDrawing(title: title, graph: graph, values: { wire in step.flatMap { $0.value(of: wire, in: slot.cell) } },
                                  display: display)
        if let file = request.file {
            do { try AtomicFile.write(drawing.svg, to: file) } catch { throw cx.error(.cannotWrite(file, error.localizedDescription), range) }
            cx.emit(.note("wrote \(file)"))
        } else {
            cx.emit(.drawing(drawing))
        }
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
    mutating func heatmap(_ e: Expr, file: String?, at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {}
}
