import Kernel

extension Session {
    /// `plot a, b [to "file.svg"]`: vectors as lines, a matrix as one line per row.
    mutating func plot(_ items: [Expr], file: String?, at range: SourceRange, _ cx: inout Context) throws(Diagnostic) {
        var series: [Plot.Series] = []
        for item in items {
            let label = cx.file.text(of: item.range)
            switch try number(item, cx) {
            case .vector(let v): series.append(.init(label: label, values: v))
            case .matrix(let m):
                guard m.rows <= 6 else { throw cx.error(.plotRows(m.rows), item.range) }
                for r in 0..<m.rows { series.append(.init(label: m.rows == 1 ? label : "\(label)[\(r)]", values: m.row(r))) }
            case let other: throw cx.error(.plotValue(other), item.range)
            }
        }
        guard series.count <= 6 else { throw cx.error(.plotTooManyLines, range) }
        let plot = Plot(series: series)
        if let file {
            do { try AtomicFile.write(plot.svg, to: file) } catch { throw cx.error(.cannotWrite(file, error.localizedDescription), range) }
            cx.emit(.note("wrote \(file)"))
        } else {
            cx.emit(.plot(plot))
        }
    }
}
