/// A value over two axes shaded cell by cell — a gate or a state over time × unit, or any matrix — with a scale
/// and labelled axes. Long axes are binned (each column the mean of several steps), and the drawing says so.
public struct Heatmap: Sendable, Equatable {
    public var title: String
    /// `values[row][column]`.
    public var values: [[Double]]
    public var rowAxis: String, columnAxis: String
    /// The number of the first row and column (steps count from 1, units and matrix rows from 0).
    public var firstRow: Int, firstColumn: Int
    public var display: Display

    /// The most columns and rows drawn as text before neighbours are averaged together.
    static let textColumns = 72, textRows = 32
    static let ramp: [Character] = [".", ":", "-", "=", "+", "*", "#", "%", "@"]

    var finite: [Double] { values.joined().filter(\.isFinite) }
    var low: Double { finite.min() ?? 0 }
    var high: Double { finite.max() ?? 0 }

    /// `count` items in at most `limit` bins of equal size (the last may be shorter): the ranges of each.
    static func bins(_ count: Int, _ limit: Int) -> [Range<Int>] {
        let size = (count + limit - 1) / max(limit, 1)
        return stride(from: 0, to: count, by: max(size, 1)).map { $0 ..< min(count, $0 + max(size, 1)) }
    }

    /// The mean of the finite values of a block (NaN when none is).
    func mean(_ rows: Range<Int>, _ columns: Range<Int>) -> Double {
        let block = rows.flatMap { r in columns.map { values[r][$0] } }.filter(\.isFinite)
        return block.isEmpty ? .nan : block.reduce(0, +) / Double(block.count)
    }

    public var text: String {
        let rows = values.count, columns = values.first?.count ?? 0
        let rowBins = Self.bins(rows, Self.textRows), columnBins = Self.bins(columns, Self.textColumns)
        let (low, high) = (self.low, self.high)
        func shade(_ v: Double) -> Character {
            guard v.isFinite else { return "?" }
            guard high > low else { return Self.ramp[Self.ramp.count / 2] }
            return Self.ramp[min(Self.ramp.count - 1, Int((v - low) / (high - low) * Double(Self.ramp.count)))]
        }
        func label(_ r: Range<Int>, first: Int) -> String {
            r.count == 1 ? "\(r.lowerBound + first)" : "\(r.lowerBound + first)–\(r.upperBound - 1 + first)"
        }
        let labels = rowBins.map { label($0, first: firstRow) }
        let width = max(labels.map(\.count).max() ?? 0, rowAxis.count)
        func pad(_ s: String) -> String { String(repeating: " ", count: width - s.count) + s }
        var lines = [title, pad(rowAxis)]
        for (k, r) in rowBins.enumerated() {
            lines.append(pad(labels[k]) + " │" + String(columnBins.map { shade(mean(r, $0)) }) + "│")
        }
        let span = columnBins.count
        lines.append(String(repeating: " ", count: width) + " └" + String(repeating: "─", count: span) + "┘")
        let first = "\(firstColumn)", last = "\(columns - 1 + firstColumn)"
        let ticks = span > first.count + last.count ? first + String(repeating: " ", count: span - first.count - last.count) + last : first
        lines.append(String(repeating: " ", count: width + 2) + ticks + "  " + columnAxis)
        var notes: [String] = []
        if columnBins.first.map({ $0.count > 1 }) == true {
            notes.append("each column is the mean of \(columnBins[0].count) \(columnAxis == "t" ? "steps" : "columns")")
        }
        if rowBins.first.map({ $0.count > 1 }) == true { notes.append("each row the mean of \(rowBins[0].count) rows") }
        let digits = display.digits
        lines.append("scale: '\(Self.ramp[0])' \(TextRenderer.format(low, digits: digits)) … '\(Self.ramp.last!)' "
            + "\(TextRenderer.format(high, digits: digits))" + (notes.isEmpty ? "" : "; " + notes.joined(separator: ", ")))
        return lines.map(\.trailingSpacesRemoved).joined(separator: "\n")
    }
}

extension Heatmap {
    /// Viridis at five stops: dark blue for the lowest value, yellow for the highest.
    static let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]

    static func colour(_ f: Double) -> String {
        guard f.isFinite else { return "#cccccc" }
        let x = max(0, min(1, f)) * Double(stops.count - 1), k = min(Int(x), stops.count - 2), u = x - Double(k)
        let (a, b) = (stops[k], stops[k + 1])
        let channels = [a.0 + (b.0 - a.0) * u, a.1 + (b.1 - a.1) * u, a.2 + (b.2 - a.2) * u]
        return "#" + channels.map { c in
            let hex = String(Int(c.rounded()), radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// The heatmap as SVG: one rectangle per cell (binned past 400 columns or 200 rows), axes, a colour bar.
    public var svg: String {
        let rows = values.count, columns = values.first?.count ?? 0
        let rowBins = Self.bins(rows, 200), columnBins = Self.bins(columns, 400)
        let left = 70.0, top = 40.0, plotWidth = 600.0, plotHeight = max(60, min(400, Double(rowBins.count) * 16))
        let cellWidth = plotWidth / Double(max(1, columnBins.count)), cellHeight = plotHeight / Double(max(1, rowBins.count))
        let (low, high) = (self.low, self.high)
        var out = [SVG.header(width: left + plotWidth + 120, height: top + plotHeight + 70),
                   SVG.text(title, x: 10, y: 22, attributes: "font-weight=\"bold\"")]
        for (i, r) in rowBins.enumerated() {
            for (j, c) in columnBins.enumerated() {
                let v = mean(r, c), f = high > low ? (v - low) / (high - low) : 0.5
                out.append("<rect x=\"\(SVG.f(left + Double(j) * cellWidth))\" y=\"\(SVG.f(top + Double(i) * cellHeight))\" "
                    + "width=\"\(SVG.f(cellWidth + 0.3))\" height=\"\(SVG.f(cellHeight + 0.3))\" fill=\"\(Self.colour(f))\"/>")
            }
        }
        let bottom = top + plotHeight
        out.append(SVG.text("\(firstColumn)", x: left, y: bottom + 16))
        out.append(SVG.text("\(columns - 1 + firstColumn)", x: left + plotWidth, y: bottom + 16, attributes: "text-anchor=\"end\""))
        out.append(SVG.text(columnAxis, x: left + plotWidth / 2, y: bottom + 34, attributes: "text-anchor=\"middle\""))
        out.append(SVG.text("\(firstRow)", x: left - 6, y: top + 12, attributes: "text-anchor=\"end\""))
        out.append(SVG.text("\(rows - 1 + firstRow)", x: left - 6, y: bottom, attributes: "text-anchor=\"end\""))
        out.append(SVG.text(rowAxis, x: 16, y: top + plotHeight / 2,
                            attributes: "text-anchor=\"middle\" transform=\"rotate(-90 16 \(SVG.f(top + plotHeight / 2)))\""))
        let barX = left + plotWidth + 30
        for k in 0 ..< 20 {
            out.append("<rect x=\"\(SVG.f(barX))\" y=\"\(SVG.f(top + plotHeight * Double(19 - k) / 20))\" width=\"16\" "
                + "height=\"\(SVG.f(plotHeight / 20 + 0.3))\" fill=\"\(Self.colour(Double(k) / 19))\"/>")
        }
        out.append(SVG.text(TextRenderer.format(high, digits: display.digits), x: barX + 22, y: top + 10))
        out.append(SVG.text(TextRenderer.format(low, digits: display.digits), x: barX + 22, y: bottom))
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}
