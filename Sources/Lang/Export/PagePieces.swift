/// A notebook cut into what a web page shows, in order: prose (Markdown for Ink), the `lstm` blocks (transcripts, drawn
/// by us), exercise headings, and the `<details>` lines that fold hints and solutions. Hidden blocks and block options
/// are left out: they steer the replay and are not part of the lesson.
enum PagePiece: Equatable {
    case markdown([String])
    case block(Int)
    case exercise(Int)
    case html(String)
}

extension Notebook {
    /// The page's pieces, from the line after the front matter to the end.
    var pagePieces: [PagePiece] {
        var pieces: [PagePiece] = []
        var prose: [String] = []
        func flush() {
            if prose.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { pieces.append(.markdown(prose)) }
            prose = []
        }
        let blockAt = Dictionary(blocks.indices.map { (blocks[$0].openLine, $0) }, uniquingKeysWith: { first, _ in first })
        let exerciseAt = Dictionary(exercises.indices.map { (exercises[$0].line, $0) }, uniquingKeysWith: { first, _ in first })
        var k = frontMatter.lineCount
        while k < lines.count {
            let trimmed = lines[k].trimmingCharacters(in: .whitespaces)
            // Four spaces or more make indented code: an example shown as it is written.
            let indented = lines[k].prefix { $0 == " " }.count >= 4
            if let b = blockAt[k] {
                flush()
                if !blocks[b].options.hidden { pieces.append(.block(b)) }
                k = blocks[b].closeLine + 1
            } else if let e = exerciseAt[k] {
                flush()
                Self.placeHeading(of: e, in: &pieces)
                k = commentEnd(from: k) + 1
            } else if !indented && trimmed.hasPrefix("<!-- lstm:") && trimmed.hasSuffix("-->") {
                k += 1   // a block's options
            } else if !indented && Self.isFoldLine(trimmed) {
                flush()
                pieces.append(.html(trimmed))
                k += 1
            } else {
                prose.append(lines[k])
                k += 1
            }
        }
        flush()
        return pieces
    }

    /// An exercise's heading goes above its task, the prose before its comment: all of it after the previous exercise's
    /// solution, or else its last paragraph (the first exercise's prose also holds the section's introduction).
    static func placeHeading(of e: Int, in pieces: inout [PagePiece]) {
        guard case .markdown(let lines)? = pieces.last else { pieces.append(.exercise(e)); return }
        let afterSolution = pieces.count >= 2 && pieces[pieces.count - 2] == .html("</details>")
        let isBlank = { (line: String) in line.trimmingCharacters(in: .whitespaces).isEmpty }
        let end = (lines.lastIndex { !isBlank($0) } ?? -1) + 1
        let cut = afterSolution ? 0 : (lines[..<end].lastIndex(where: isBlank).map { $0 + 1 } ?? 0)
        pieces.removeLast()
        if cut > 0 { pieces.append(.markdown(Array(lines[..<cut]))) }
        pieces += [.exercise(e), .markdown(Array(lines[cut...]))]
    }

    /// The line that closes the HTML comment opened at `start`.
    private func commentEnd(from start: Int) -> Int {
        var k = start
        while k < lines.count && !lines[k].contains("-->") { k += 1 }
        return min(k, lines.count - 1)
    }

    /// `<details>`, `<details><summary>Hint</summary>`, `</details>`: the lines that fold a hint or a solution. Ink
    /// would take them and the Markdown inside as one block of raw HTML, so the page cuts the prose at them.
    static func isFoldLine(_ line: String) -> Bool {
        line == "</details>" || line == "<details>" || line.hasPrefix("<details><summary>") && line.hasSuffix("</summary>")
    }
}
