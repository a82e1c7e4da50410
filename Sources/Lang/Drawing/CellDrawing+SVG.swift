import Foundation

/// The cell drawing as SVG: the text layout's grid scaled up, layers as yellow boxes and pointwise nodes as pink
/// ovals (the course's colours), each named wire labelled with its value.
extension CellDrawing {
    static let cellWidth = 9.0, rowHeight = 20.0, top = 40.0, left = 10.0
    static let compact = Display(digits: 2, entries: 4)

    /// Each named wire's value, by name.
    var valueByName: [String: [Double]] {
        Dictionary(readings.compactMap { r in r.value.map { (r.name, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Room for the left labels with their values, beyond the text layout's own margin.
    func leftPad(_ values: [String: [Double]]) -> Double {
        let widest = layout.edgeLabels.filter(\.atLeft).map { e in
            values[e.text].map { Self.shown($0, Self.compact).count + 3 } ?? 0
        }.max() ?? 0
        return Double(widest) * 6.6
    }

    func x(_ column: Int, _ pad: Double) -> Double { Self.left + pad + (Double(column) + 0.5) * Self.cellWidth }
    func y(_ row: Int) -> Double { Self.top + (Double(row) + 0.5) * Self.rowHeight }

    public var svg: String {
        let l = layout
        let legend = readings.filter { $0.value != nil && $0.listed }
        let values = valueByName, pad = leftPad(values)
        func x(_ column: Int) -> Double { self.x(column, pad) }
        let rightText = l.edgeLabels.filter { !$0.atLeft }.map { e in
            values[e.text].map { Self.shown($0, Self.compact).count + 3 } ?? 0 }.max() ?? 0
        let width = x(l.width) + 40 + Double(rightText) * 6.6, height = y(l.height) + Double(legend.count) * 18 + 20
        var out = [SVG.header(width: width, height: height),
                   SVG.text(title + (focus.isEmpty ? "" : " — focus on " + focus.joined(separator: ", ")), x: Self.left, y: 22,
                            attributes: "font-weight=\"bold\"")]
        for t in l.tracks + l.branches where t.from <= t.to {
            out.append(SVG.line(x(t.from) - (t.from == l.margin ? Self.cellWidth / 2 : 0), y(t.row), x(t.to), y(t.row)))
        }
        for r in l.risers {
            let top = y(r.top) - (r.boxBelow == false ? Self.rowHeight / 2 : 0)
            let bottom = y(r.bottom) + (r.boxBelow == true ? Self.rowHeight / 2 : 0)
            out.append(SVG.line(x(r.column), top, x(r.column), bottom))
            for j in r.joins where j > r.top && j < r.bottom { out.append(SVG.dot(x(r.column), y(j))) }
        }
        for b in l.boxes {
            let label = b.label.trimmingCharacters(in: CharacterSet(charactersIn: "│() "))
            // With a focus, the picked-out nodes get a heavy outline and the others fade.
            let look = l.focus.isEmpty ? "" : l.focus.contains(b.node) ? " stroke-width=\"3\"" : " opacity=\"0.3\""
            if b.height == 1 {
                out.append("<ellipse cx=\"\(SVG.f(x(b.column) + Double(b.width - 1) * Self.cellWidth / 2))\" cy=\"\(SVG.f(y(b.row)))\" "
                    + "rx=\"\(SVG.f(Double(b.width) * Self.cellWidth / 2 + 2))\" ry=\"9\" fill=\"#f4c2d7\" stroke=\"#9c4f6e\"\(look)/>")
                out.append(SVG.text(label, x: x(b.column) + Double(b.width - 1) * Self.cellWidth / 2, y: y(b.row) + 4,
                                    attributes: "text-anchor=\"middle\""))
            } else {
                out.append("<rect x=\"\(SVG.f(x(b.column) - 4))\" y=\"\(SVG.f(y(b.row) - 6))\" "
                    + "width=\"\(SVG.f(Double(b.width - 1) * Self.cellWidth + 8))\" height=\"\(SVG.f(2 * Self.rowHeight + 12))\" "
                    + "rx=\"4\" fill=\"#ffd966\" stroke=\"#a07c00\"\(look)/>")
                out.append(SVG.text(label, x: x(b.column) + Double(b.width - 1) * Self.cellWidth / 2, y: y(b.row + 1) + 5,
                                    attributes: "text-anchor=\"middle\" font-size=\"15\""))
            }
        }
        for t in l.tracks {
            guard let name = t.label else { continue }
            let value = values[name].map { " = " + Self.shown($0, Self.compact) } ?? ""
            out.append(SVG.text(name + value, x: x(t.from) + 10, y: y(t.row) - 4, attributes: "class=\"wire\""))
        }
        for e in l.edgeLabels {
            let value = values[e.text].map { Self.shown($0, Self.compact) }
            let text = e.text + (value.map { " = " + $0 } ?? "")
            let anchor = e.atLeft ? "end" : "start", at = e.atLeft ? x(l.margin - 1) : x(l.width - e.text.count) - 4
            out.append(SVG.text(text, x: at, y: y(e.row) + 4, attributes: "text-anchor=\"\(anchor)\""))
        }
        for (k, r) in legend.enumerated() {
            out.append(SVG.text(r.name + " = " + Self.shown(r.value!, display), x: Self.left, y: y(l.height) + 14 + Double(k) * 18,
                                attributes: "class=\"value\""))
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}

/// Small helpers for writing SVG by hand: numbers with two decimals, escaped text, lines and dots.
enum SVG {
    static func f(_ v: Double) -> String { String(Double(Int((v * 100).rounded())) / 100) }

    static func escape(_ s: String) -> String { HTML.escape(s) }

    static func header(width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\" "
            + "font-size=\"12\">\n<style>.wire { font-size: 11px; fill: #1f4e9c; paint-order: stroke; stroke: white; stroke-width: 3px }"
            + " .value { font-family: monospace }</style>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    }

    static func text(_ s: String, x: Double, y: Double, attributes: String = "") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\"\(attributes.isEmpty ? "" : " " + attributes)>\(escape(s))</text>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"#333\" stroke-width=\"1.5\"/>"
    }

    static func dot(_ x: Double, _ y: Double) -> String { "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3\" fill=\"#333\"/>" }
}
