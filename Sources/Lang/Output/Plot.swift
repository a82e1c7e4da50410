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

    static let marks: [Character] = ["●", "○", "×", "+", "◆", "▲"]

    public init(series: [Series]) { self.series = series }

    /// The smallest and largest finite value of every series.
    var range: (low: Double, high: Double) {
        let all = series.flatMap(\.values).filter(\.isFinite)
        let low = all.min() ?? 0, high = all.max() ?? 1
        return low == high ? (low - 1, high + 1) : (low, high)
    }

    var length: Int { series.map(\.values.count).max() ?? 0 }

    /// The chart as text: a frame of width × height cells; each column covers a stretch of the x axis,
    /// and each series fills the rows between the lowest and highest value it takes there (joined to the
    /// column before), with its own mark; the y range on the left, the x range below, a legend.
    public var text: String {
        let (low, high) = range
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        func row(_ v: Double) -> Int { height - 1 - Int(((v - low) / (high - low) * Double(height - 1)).rounded()) }
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
        let last = "\(max(0, length - 1))"
        lines.append(String(repeating: " ", count: margin + 2) + "0" + String(repeating: " ", count: max(1,
            width - 1 - last.count)) + last)
        lines.append(String(repeating: " ",
            count: margin + 2) + series.enumerated().map { "\(Self.marks[$0.offset % Self.marks.count]) "
                + "\($0.element.label)" }.joined(separator: "   "))
        return lines.joined(separator: "\n")
    }

    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    /// The chart as an SVG document.
    public var svg: String {
        let (low, high) = range
        let w = 720.0, h = 360.0, left = 60.0, right = 20.0, top = 20.0, bottom = 50.0
        let n = max(1, length - 1)
        func x(_ k: Int) -> Double { left + (w - left - right) * Double(k) / Double(n) }
        func y(_ v: Double) -> Double { top + (h - top - bottom) * (1 - (v - low) / (high - low)) }
        func f(_ v: Double) -> String { String(Double(Int((v * 100).rounded())) / 100) }
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" font-family=\"sans-serif\" "
            + "font-size=\"12\">",
                   "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
                   "<line x1=\"\(f(left))\" y1=\"\(f(h - bottom))\" x2=\"\(f(w - right))\" y2=\"\(f(h - bottom))\" stroke=\"black\"/>",
                   "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(h - bottom))\" stroke=\"black\"/>",
                   "<text x=\"\(f(left - 6))\" y=\"\(f(top + 4))\" text-anchor=\"end\">\(TextRenderer.format(high, digits: 3))</text>",
                   "<text x=\"\(f(left - 6))\" y=\"\(f(h - bottom))\" text-anchor=\"end\">\(TextRenderer.format(low, digits: 3))</text>",
                   "<text x=\"\(f(left))\" y=\"\(f(h - bottom + 16))\">0</text>",
                   "<text x=\"\(f(w - right))\" y=\"\(f(h - bottom + 16))\" text-anchor=\"end\">\(n)</text>"]
        for (s, line) in series.enumerated() {
            let colour = Self.colours[s % Self.colours.count]
            let points = line.values.enumerated().filter { $0.element.isFinite }.map { "\(f(x($0.offset))),\(f(y($0.element)))" }
            out.append("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>")
            out.append("<text x=\"\(f(left + 10 + Double(s) * 160))\" y=\"\(f(h - 12))\" "
                + "fill=\"\(colour)\">\(Self.escape(line.label))</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">",
            with: "&gt;")
    }
}
