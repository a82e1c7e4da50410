import Kernel

extension Session {
    /// `plot a, b [to "file.svg"]`: vectors as lines, a matrix as one line per row.
    mutating func plot(_ items: [Expr], file: String?, at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        var series: [Plot.Series] = []
        var firstIsVector = false
        for item in items {
            let label = cx.file.text(of: item.range)
            switch try number(item, cx) {
            case .vector(let v):
                firstIsVector = firstIsVector || series.isEmpty
                series.append(.init(label: label, values: v))
            case .matrix(let m):
                guard m.rows <= 6 else { throw cx.error(.plotRows(m.rows), item.range) }
                for r in 0..<m.rows { series.append(.init(label: m.rows == 1 ? label : "\(label)[\(r)]", values: m.row(r))) }
            case let other: throw cx.error(.plotValue(other), item.range)
            }
        }
        guard series.count <= 6 else { throw cx.error(.plotTooManyLines, range) }
        var plot = Plot(series: series)
        // `plot z, σ(z)`: a first vector named by itself, that only increases, is the x axis when every other line
        // is computed from it and is as long.
        if series.count >= 2, case .name(let name) = items[0].kind, items.dropFirst().allSatisfy({ $0.reads(name) }),
           firstIsVector, let z = series.first?.values,
           z.count >= 2, zip(z, z.dropFirst()).allSatisfy({ $0 < $1 }), series.dropFirst().allSatisfy({ $0.values.count == z.count }) {
            plot.x = z
            plot.xLabel = series[0].label
            plot.series.removeFirst()
        }
        for item in items where plot.marker == nil { plot.marker = predictionStart(of: item, length: plot.length, cx) }
        try emit(plot.svg, as: .plot(plot), to: file, at: range, &cx)
    }
}

extension Session {
    /// Where a prediction starts feeding on itself, if `e` is `predict(…, future: N)` (whose result has `length`
    /// steps) or a value bound to one.
    func predictionStart(of e: Expr, length: Int, _ cx: Context) -> Int? {
        switch e.kind {
        case .name(let n): return predictionStarts[n]
        case .index(let base, _): return predictionStart(of: base, length: length, cx)
        case .field(let base, "predictions"):
            guard case .name(let m) = base.kind, let slot = models[m], slot.predictedFrom < length else { return nil }
            return slot.predictedFrom
        case .call("predict", let args):
            guard let future = args.first(where: { $0.label == "future" }),
                  case .number(let n)? = try? evaluate(future.value, cx), n >= 1, n < Double(length) else { return nil }
            return length - Int(n)
        default: return nil
        }
    }
}

extension Expr {
    /// Whether the expression reads the name anywhere.
    func reads(_ name: String) -> Bool {
        if case .name(let n) = kind { return n == name }
        return children.contains { $0.reads(name) }
    }
}
