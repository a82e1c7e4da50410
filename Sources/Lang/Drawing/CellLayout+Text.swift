extension CellLayout {
    /// The directions a line leaves one character cell in.
    struct Strokes: OptionSet, Hashable {
        let rawValue: UInt8
        static let left = Strokes(rawValue: 1), right = Strokes(rawValue: 2), up = Strokes(rawValue: 4), down = Strokes(rawValue: 8)
        static let joined = Strokes(rawValue: 16)
    }

    static let glyphs: [UInt8: Character] = [
        3: "─", 1: "─", 2: "─", 12: "│", 4: "│", 8: "│", 15: "┼", 31: "●", 11: "┬", 7: "┴", 14: "├", 13: "┤",
        10: "┌", 9: "┐", 6: "└", 5: "┘",
    ]

    /// The drawing as lines of text: wires in box-drawing characters, layers boxed, pointwise nodes in parentheses.
    var text: [String] {
        var strokes = [[Strokes]](repeating: [Strokes](repeating: [], count: width), count: height)
        for t in tracks + branches where t.from <= t.to {
            for c in t.from ... t.to {
                if c > t.from { strokes[t.row][c].insert(.left) }
                if c < t.to { strokes[t.row][c].insert(.right) }
            }
        }
        for r in risers {
            for row in r.top ... r.bottom {
                var s: Strokes = []
                if row > r.top || r.boxBelow == false { s.insert(.up) }
                if row < r.bottom || r.boxBelow == true { s.insert(.down) }
                if r.joins.contains(row) && row != r.top && row != r.bottom { s.insert(.joined) }
                strokes[row][r.column].formUnion(s)
            }
        }
        var grid = strokes.map { $0.map { s -> Character in
            s.isEmpty ? " " : Self.glyphs[s.contains([.left, .right, .up, .down]) ? s.rawValue : s.subtracting(.joined).rawValue] ?? "?"
        } }
        for b in boxes { draw(b, on: &grid, strokes) }
        for t in tracks { if let label = t.label { place(label, on: t, in: &grid, strokes) } }
        for e in edgeLabels {
            let chars = Array(e.text)
            let start = e.atLeft ? margin - 1 - chars.count : width - chars.count
            for (k, ch) in chars.enumerated() where start + k >= 0 && start + k < width { grid[e.row][start + k] = ch }
        }
        return grid.map { String($0).trailingSpacesRemoved }
    }

    /// A box's corners and edges (top-left, top-right, joined on top, horizontal, bottom-left, bottom-right, joined
    /// below), light or heavy.
    static let light = Array("┌┐┴─└┘┬"), heavy = Array("┏┓┷━┗┛┯")

    func draw(_ b: Box, on grid: inout [[Character]], _ strokes: [[Strokes]]) {
        let picked = focus.contains(b.node)
        let label = Array(picked ? Self.focusLabel(b.label) : b.label)
        if b.height == 1 {
            for (k, ch) in label.enumerated() { grid[b.row][b.column + k] = ch }
            return
        }
        let e = picked ? Self.heavy : Self.light
        for k in 0 ..< b.width {
            let up = b.row > 0 && strokes[b.row - 1][b.column + k].contains(.down)
            let down = b.bottom + 1 < grid.count && strokes[b.bottom + 1][b.column + k].contains(.up)
            grid[b.row][b.column + k] = k == 0 ? e[0] : k == b.width - 1 ? e[1] : up ? e[2] : e[3]
            grid[b.row + 1][b.column + k] = label[k]
            grid[b.bottom][b.column + k] = k == 0 ? e[4] : k == b.width - 1 ? e[5] : down ? e[6] : e[3]
        }
    }

    /// A wire's name written on its track where no other line crosses, if there is room.
    func place(_ label: String, on t: Track, in grid: inout [[Character]], _ strokes: [[Strokes]]) {
        let chars = Array(label)
        guard t.to - t.from + 1 >= chars.count + 4 else { return }
        for start in (t.from + 2) ... (t.to - chars.count - 1) {
            let cells = (start - 1) ... (start + chars.count)
            if cells.allSatisfy({ strokes[t.row][$0] == [.left, .right] && grid[t.row][$0] == "─" }) {
                for (k, ch) in chars.enumerated() { grid[t.row][start + k] = ch }
                grid[t.row][start - 1] = " "
                grid[t.row][start + chars.count] = " "
                return
            }
        }
    }
}
