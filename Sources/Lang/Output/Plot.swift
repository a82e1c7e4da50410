import Foundation

/// A line chart of one or more series of numbers, drawn as text (stable, so notebooks replay it) or as SVG.
public struct Plot: Sendable, Equatable {
    /// One line of the chart.
    public struct Series: Sendable, Equatable {
        public var label: String
        public var values: [Double]
    }

    public var series: [Series]
    public var width = 64
    public var height = 14
    /// The x value of each point (`plot z, σ(z)`), or nil to number the points from 0.
    public var x: [Double]?
    /// What x is called on the axis.
    public var xLabel = "t"
    /// The index from which a prediction is fed its own output, marked on the chart.
    public var marker: Int?

    static let marks: [Character] = ["●", "○", "×", "+", "◆", "▲"]

    public init(series: [Series]) { self.series = series }

    /// The smallest and largest finite value of every series.
    var range: (low: Double, high: Double) {
        let all = series.flatMap(\.values).filter(\.isFinite)
        let low = all.min() ?? 0, high = all.max() ?? 1
        return low == high ? (low - 1, high + 1) : (low, high)
    }

    var length: Int { series.map(\.values.count).max() ?? 0 }

    /// Where v lies from low (0) to high (1), in [0, 1] whatever the numbers: halved first, so that a range as wide
    /// as ±1e308 does not overflow, and the middle when the range is too narrow to divide (1e16 ± 1 is 1e16).
    static func fraction(_ v: Double, from low: Double, to high: Double) -> Double {
        let f = (v / 2 - low / 2) / (high / 2 - low / 2)
        return f.isFinite ? min(max(f, 0), 1) : 0.5
    }

    /// The chart as text: a frame of width × height cells; each column covers a stretch of the x axis,
    /// and each series fills the rows between the lowest and highest value it takes there (joined to the
    /// column before), with its own mark; the y range on the left, the x range below, a legend.
    public var text: String {
        let (low, high) = range
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        func row(_ v: Double) -> Int { height - 1 - Int((Self.fraction(v, from: low, to: high) * Double(height - 1)).rounded()) }
        for (s, line) in series.enumerated() where !line.values.isEmpty {
            let n = line.values.count, span = max(length, 1)
            var previous: Int? = nil
            for col in 0..<width {
                let from = col * span / width, to = max(from + 1, (col + 1) * span / width)
                let bucket = line.values[min(from, n) ..< min(to, n)].filter(\.isFinite)
                guard let lo = bucket.min(), let hi = bucket.max() else { previous = nil; continue }
                var top = row(hi), bottom = row(lo)
                if let p = previous { top = min(top, p); bottom = max(bottom, p) }
                for r in top...bottom where grid[r][col] == " "
                    || r == row(bucket.last!) { grid[r][col] = Self.marks[s % Self.marks.count] }
                previous = row(bucket.last!)
            }
        }
        let top = TextRenderer.format(high, digits: 4), bottom = TextRenderer.format(low, digits: 4)
        let margin = max(top.count, bottom.count)
        func pad(_ s: String) -> String { String(repeating: " ", count: margin - s.count) + s }
        var lines: [String] = []
        for (r, row) in grid.enumerated() {
            let label = r == 0 ? pad(top) : r == height - 1 ? pad(bottom) : String(repeating: " ", count: margin)
            lines.append((label + " │" + String(row)).trailingSpacesRemoved)
        }
        lines.append(String(repeating: " ", count: margin) + " └" + String(repeating: "─", count: width))
        if let m = marker, length > 0 {
            let col = min(width - 1, m * width / max(length, 1))
            for r in 0 ..< height {
                var chars = Array(lines[r])
                let at = margin + 2 + col
                while chars.count <= at { chars.append(" ") }
                if chars[at] == " " { chars[at] = "┆" }
                lines[r] = String(chars)
            }
        }
        let first = x.map { TextRenderer.format($0.first ?? 0, digits: 2) } ?? "0"
        let last = x.map { TextRenderer.format($0.last ?? 0, digits: 2) } ?? "\(max(0, length - 1))"
        lines.append(String(repeating: " ", count: margin + 2) + first + String(repeating: " ", count: max(1,
            width - first.count - last.count)) + last + "  " + xLabel)
        lines.append(String(repeating: " ",
            count: margin + 2) + series.enumerated().map { "\(Self.marks[$0.offset % Self.marks.count]) "
                + "\($0.element.label)" }.joined(separator: "   ")
            + (marker.map { "   ┆ fed its own output from \(xLabel) = \($0)" } ?? ""))
        return lines.joined(separator: "\n")
    }

    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    /// About five round tick values covering low … high (steps of 1, 2 or 5 times a power of ten).
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        guard high > low, (high - low).isFinite else { return [low] }
        let raw = (high - low) / 5, power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
        var out: [Double] = []
        var v = (low / step).rounded(.up) * step
        while v <= high + step * 1e-9 && out.count < 12 { out.append(abs(v) < step * 1e-9 ? 0 : v); v += step }
        return out
    }

    /// The chart as an SVG document: ticks and labels on both axes, the legend beside the plot (so it never
    /// covers a line), a dashed line where a prediction starts feeding on itself.
    public var svg: String {
        let (low, high) = range
        let xs = x ?? (0 ..< max(length, 1)).map(Double.init)
        let (xLow, xHigh) = (xs.first ?? 0, xs.last == xs.first ? (xs.first ?? 0) + 1 : xs.last ?? 1)
        let legendWidth = Double(series.map(\.label.count).max() ?? 0) * 7 + 40
        let plotWidth = 640.0, w = 70 + plotWidth + legendWidth, h = 380.0, left = 70.0, top = 20.0, bottom = 60.0
        func px(_ v: Double) -> Double { left + plotWidth * Self.fraction(v, from: xLow, to: xHigh) }
        func py(_ v: Double) -> Double { top + (h - top - bottom) * (1 - Self.fraction(v, from: low, to: high)) }
        var out = [SVG.header(width: w, height: h),
                   SVG.line(left, h - bottom, left + plotWidth, h - bottom), SVG.line(left, top, left, h - bottom)]
        for v in Self.ticks(low, high) {
            out.append(SVG.line(left - 4, py(v), left, py(v)))
            out.append(SVG.text(TextRenderer.format(v, digits: 3), x: left - 7, y: py(v) + 4, attributes: "text-anchor=\"end\""))
        }
        for v in Self.ticks(xLow, xHigh) {
            out.append(SVG.line(px(v), h - bottom, px(v), h - bottom + 4))
            out.append(SVG.text(TextRenderer.format(v, digits: v == v.rounded() ? 0 : 2), x: px(v), y: h - bottom + 17,
                                attributes: "text-anchor=\"middle\""))
        }
        out.append(SVG.text(xLabel, x: left + plotWidth / 2, y: h - 18, attributes: "text-anchor=\"middle\""))
        if let m = marker, m < xs.count {
            out.append("<line x1=\"\(SVG.f(px(xs[m])))\" y1=\"\(SVG.f(top))\" x2=\"\(SVG.f(px(xs[m])))\" y2=\"\(SVG.f(h - bottom))\" "
                + "stroke=\"#777\" stroke-dasharray=\"4 3\"/>")
            out.append(SVG.text("fed its own output →", x: px(xs[m]) + 4, y: top + 12, attributes: "fill=\"#555\""))
        }
        for (s, line) in series.enumerated() {
            let colour = Self.colours[s % Self.colours.count]
            let points = line.values.enumerated().filter { $0.element.isFinite && $0.offset < xs.count }
                .map { "\(SVG.f(px(xs[$0.offset]))),\(SVG.f(py($0.element)))" }
            out.append("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>")
            let y = top + 10 + Double(s) * 18
            out.append(SVG.line(left + plotWidth + 16, y - 4, left + plotWidth + 32, y - 4).replacingOccurrences(of: "#333", with: colour))
            out.append(SVG.text(line.label, x: left + plotWidth + 38, y: y, attributes: "fill=\"\(colour)\""))
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}
