extension CellLayout {
    /// Which region a wire's track runs in: the belt's row, a channel between bands, a node's own row, the inputs.
    enum Region: Hashable { case belt, above, own, below, inputs }

    /// Lays out `g`: nodes left to right in the order computed, `gap` columns apart, then tracks packed into as few
    /// rows as fit.
    init(graph g: CellGraph, gap: Int = 4) {
        let belt = Self.beltNodes(g), readers = Self.consumers(g)
        let hasBelt = !belt.isEmpty
        func lane(_ k: Int) -> Lane { belt.contains(k) ? .belt : g.nodes[k].kind == .layer ? .layers : .middle }
        let beltStart = hasBelt ? g.wires.firstIndex { $0.source == .previous(g.beltState) } : nil
        let sources = g.wires.indices.filter {
            if case .node = g.wires[$0].source { return false } else { return $0 != beltStart }
        }.sorted { (g.wires[$0].source == .input ? 1 : 0) < (g.wires[$1].source == .input ? 1 : 0) }
        let leftNames = (sources + (beltStart.map { [$0] } ?? [])).map { Self.displayName(g.wires[$0].name ?? "").count }
        margin = (leftNames.max() ?? 0) + 1

        // Columns: one slot per node.
        var column = margin + 2
        var slots: [(column: Int, width: Int)] = []
        for node in g.nodes {
            let width = Self.boxLabel(node).count
            slots.append((column, width))
            column += width + gap
        }
        let rightEdge = column - gap + 2
        let stateOutputs = Set(g.stateOutputs)

        // Regions and spans of every wire.
        var region: [Int: Region] = [:], span: [Int: (from: Int, to: Int)] = [:]
        func box(_ k: Int) -> Box {
            let n = g.nodes[k]
            return Box(node: k, row: 0, column: slots[k].column, width: slots[k].width, height: n.kind == .layer ? 3 : 1,
                       label: Self.boxLabel(n))
        }
        let middleBoxes = g.nodes.indices.filter { lane($0) == .middle }.map(box)
        for (w, wire) in g.wires.enumerated() {
            let readerLanes = Set(readers[w].map(lane))
            var to = readers[w].map { belt.contains($0) && wire.isBelt(in: g, belt) ? box($0).column - 1 : box($0).inColumn }.max()
            if stateOutputs.contains(w) { to = rightEdge }
            switch wire.source {
            case .input, .previous:
                region[w] = w == beltStart ? .belt : .inputs
                span[w] = (margin, to ?? margin + 1)
            case .node(let k):
                let b = box(k), end = to ?? b.outColumn + 2
                switch lane(k) {
                case .belt: region[w] = .belt; span[w] = (b.column + b.width, end)
                case .layers: region[w] = .above; span[w] = (b.outColumn, end)
                case .middle:
                    // Its own row, when it feeds at most the next node on that row (from the left) or leaves the cell.
                    let next = middleBoxes.first { $0.node > k }
                    let ownEnd = readers[w].isEmpty ? (next == nil ? end : nil)
                        : readers[w] == [next?.node] ? next!.column - 1 : nil
                    if let ownEnd, !readerLanes.contains(.belt) {
                        region[w] = .own
                        span[w] = (b.column + b.width, ownEnd)
                    } else {
                        region[w] = readerLanes.contains(.belt) || !readerLanes.contains(.layers) ? .above : .below
                        span[w] = (b.outColumn, end)
                    }
                }
            }
        }

        // Pack each channel's tracks into rows.
        var rowsIn: [Region: [Int]] = [:]   // the last column used in each row of a region
        var rowOf: [Int: Int] = [:]
        for w in g.wires.indices.sorted(by: { (span[$0]!.from, $0) < (span[$1]!.from, $1) }) {
            let r = region[w]!
            if r == .belt || r == .own { rowOf[w] = 0; continue }
            var rows = rowsIn[r] ?? []
            if r == .inputs { rows.append(Int.max) ; rowOf[w] = rows.count - 1; rowsIn[r] = rows; continue }
            let (from, to) = span[w]!
            if let free = rows.firstIndex(where: { $0 + 1 < from }) { rows[free] = to; rowOf[w] = free }
            else { rows.append(to); rowOf[w] = rows.count - 1 }
            rowsIn[r] = rows
        }
        let inputRows = g.wires.indices.filter { region[$0] == .inputs }.sorted { rowOf[$0]! < rowOf[$1]! }
        for (k, w) in inputRows.enumerated() { rowOf[w] = k + 1 }
        // When h runs along the top (a GRU), the layers read h_{t-1} beside x_t, as the course draws it; a node
        // standing right of the first belt node reads C_{t-1} from a row of its own above the middle band.
        let beltReaders = beltStart.map { readers[$0] } ?? []
        let layerReaders = g.beltState == 0 ? beltReaders.filter { g.nodes[$0].kind == .layer } : []
        let firstBeltColumn = belt.map { slots[$0].column }.min() ?? Int.max
        let lateReaders = beltReaders.filter { !layerReaders.contains($0) && box($0).inColumn > firstBeltColumn && !belt.contains($0) }
        if !lateReaders.isEmpty { rowsIn[.above, default: []].insert(0, at: 0) }
        for w in rowOf.keys where region[w] == .above && !lateReaders.isEmpty { rowOf[w]! += 1 }
        // Rows, top to bottom.
        let beltRow = 0
        let aboveTop = hasBelt ? 1 : 0, aboveCount = max(1, rowsIn[.above]?.count ?? 0)
        let middleRow = aboveTop + aboveCount
        let belowTop = middleRow + 1, belowCount = max(1, rowsIn[.below]?.count ?? 0)
        let layerRow = belowTop + belowCount
        let inputTop = layerRow + 4 - (layerReaders.isEmpty ? 1 : 0)
        func row(of w: Int) -> Int {
            switch region[w]! {
            case .belt: return beltRow
            case .own: return middleRow
            case .above: return aboveTop + rowOf[w]!
            case .below: return belowTop + rowOf[w]!
            case .inputs: return inputTop + rowOf[w]!
            }
        }
        // Middle nodes whose output runs on their own row read from a channel: keep `above` and `below` apart.
        for k in g.nodes.indices {
            var b = box(k)
            b.row = lane(k) == .belt ? beltRow : lane(k) == .middle ? middleRow : layerRow
            boxes.append(b)
        }
        for w in g.wires.indices {
            let name = g.wires[w].name.map(Self.displayName)
            tracks.append(Track(wire: w, row: row(of: w), from: span[w]!.from, to: span[w]!.to,
                                label: region[w] == .inputs || w == beltStart || stateOutputs.contains(w) ? nil : name))
            if region[w] == .inputs || w == beltStart { edgeLabels.append(EdgeLabel(row: row(of: w), text: name ?? "", atLeft: true)) }
            if stateOutputs.contains(w) { edgeLabels.append(EdgeLabel(row: row(of: w), text: name ?? "", atLeft: false)) }
        }
        for (readers, row) in [(layerReaders, inputTop), (lateReaders, aboveTop)] where !readers.isEmpty {
            let w = beltStart!
            branches.append(Track(wire: w, row: row, from: margin + 1, to: readers.map { box($0).inColumn }.max()!, label: nil))
            risers.append(Riser(column: margin + 1, top: beltRow, bottom: row, joins: [beltRow, row], boxBelow: nil))
            for k in readers { taps[k, default: [:]][w] = row }
        }
        placeRisers(g)
        width = rightEdge + 1 + (edgeLabels.filter { !$0.atLeft }.map(\.text.count).max() ?? 0)
        height = inputTop + inputRows.count + 1
    }

    /// The vertical runs joining each node to its input tracks and to its output's track.
    mutating func placeRisers(_ g: CellGraph) {
        for b in boxes {
            let node = g.nodes[b.node]
            let inputRows = node.inputs.map { w in
                taps[b.node]?[w] ?? (tracks[w].row == b.row && tracks[w].to < b.column ? nil : tracks[w].row)
            }.compactMap { $0 }
            let above = inputRows.filter { $0 < b.row }, below = inputRows.filter { $0 > b.bottom }
            if let top = above.min() {
                risers.append(Riser(column: b.inColumn, top: top, bottom: b.row - 1, joins: Set(above), boxBelow: true))
            }
            if let bottom = below.max() {
                risers.append(Riser(column: b.inColumn, top: b.bottom + 1, bottom: bottom, joins: Set(below), boxBelow: false))
            }
            let out = tracks[node.output].row
            if out < b.row { risers.append(Riser(column: b.outColumn, top: out, bottom: b.row - 1, joins: [out], boxBelow: true)) }
            if out > b.bottom {
                risers.append(Riser(column: b.outColumn, top: b.bottom + 1, bottom: out, joins: [out], boxBelow: false))
            }
        }
    }
}

extension CellGraph.Wire {
    /// Whether this wire runs along the belt (the belt state's old value or a belt node's output).
    func isBelt(in g: CellGraph, _ belt: Set<Int>) -> Bool {
        switch source {
        case .previous(let k): return k == g.beltState
        case .node(let k): return belt.contains(k)
        case .input: return false
        }
    }
}
