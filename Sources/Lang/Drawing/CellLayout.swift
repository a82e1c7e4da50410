/// Where each part of a cell's drawing goes, on a grid of character cells (the SVG scales the same grid):
/// the belt state runs along the top, the layers stand in a row above the inputs, every other pointwise node in
/// between; each node has a column of its own, in the order the step computes, so wires only run right.
struct CellLayout: Equatable {
    /// A node's box: its top-left cell, its size, and the columns where its inputs enter and its output leaves.
    struct Box: Equatable {
        var node: Int
        var row: Int, column: Int, width: Int, height: Int
        var label: String
        var inColumn: Int { column + (height == 1 ? 0 : 1) }
        var outColumn: Int { column + width - (height == 1 ? 1 : 2) }
        var bottom: Int { row + height - 1 }
    }

    /// A wire's horizontal run, from `from` to `to` (columns, inclusive) on `row`.
    struct Track: Equatable {
        var wire: Int
        var row: Int, from: Int, to: Int
        var label: String?
    }

    /// A vertical run in one column from `top` to `bottom` (rows, inclusive), joining a node to the tracks it reads
    /// or writes: `joins` are the rows where it meets a track it belongs to (elsewhere it crosses).
    struct Riser: Equatable {
        var column: Int, top: Int, bottom: Int
        var joins: Set<Int>
        /// Whether the line goes on into a node's box below its bottom row (true), above its top row (false), or
        /// joins only tracks (nil).
        var boxBelow: Bool?
    }

    /// Text at the left or right edge, on a track's row (`C_{t-1}`, `x_t`, `h_t`).
    struct EdgeLabel: Equatable {
        var row: Int, text: String, atLeft: Bool
    }

    var boxes: [Box] = []
    var tracks: [Track] = []
    var risers: [Riser] = []
    /// Second tracks of the belt's old value, branched off at the left edge: h_{t-1} beside x_t when h is the belt
    /// (a GRU), and C_{t-1} for a node standing where the belt already carries C_t.
    var branches: [Track] = []
    /// For a node reading a wire from a branch, the branch's row: `taps[node][wire]`.
    var taps: [Int: [Int: Int]] = [:]
    var edgeLabels: [EdgeLabel] = []
    /// The nodes picked out (`draw c focus f_t`): heavy boxes and square brackets; empty when nothing is.
    var focus: Set<Int> = []
    var width = 0, height = 0
    /// Where the drawing's columns start after the left labels.
    var margin = 0
}

extension CellLayout {
    /// Which band of the drawing a node stands in.
    enum Lane: Int { case belt, middle, layers }

    /// The nodes on the belt: pointwise nodes on a path from the belt state's old value to its new one.
    static func beltNodes(_ g: CellGraph) -> Set<Int> {
        guard let start = g.wires.firstIndex(where: { $0.source == .previous(g.beltState) }) else { return [] }
        var forward: Set<Int> = [start]
        for n in g.nodes where n.kind == .pointwise && n.inputs.contains(where: forward.contains) { forward.insert(n.output) }
        var backward: Set<Int> = [g.stateOutputs[g.beltState]]
        for n in g.nodes.reversed() where n.kind == .pointwise && backward.contains(n.output) {
            backward.formUnion(n.inputs)
        }
        return Set(g.nodes.indices.filter {
            g.nodes[$0].kind == .pointwise && forward.contains(g.nodes[$0].output) && backward.contains(g.nodes[$0].output)
        })
    }

    /// The nodes reading each wire.
    static func consumers(_ g: CellGraph) -> [[Int]] {
        var out = [[Int]](repeating: [], count: g.wires.count)
        for (k, n) in g.nodes.enumerated() { for w in Set(n.inputs) { out[w].append(k) } }
        return out
    }

    static func boxLabel(_ node: CellGraph.Node) -> String {
        node.kind == .layer ? "│ \(node.symbol) │" : "(\(node.symbol))"
    }

    /// A box's label when it is picked out: `┃ σ ┃`, `[×]`.
    static func focusLabel(_ label: String) -> String {
        label.hasPrefix("(") ? "[" + label.dropFirst().dropLast() + "]" : label.replacingOccurrences(of: "│", with: "┃")
    }

    static func displayName(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "\u{0303}")
    }
}
