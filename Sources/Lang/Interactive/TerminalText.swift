/// The language reference's Markdown as a terminal shows it: code spans and emphasis without their marks,
/// links as their text, tables as aligned columns, fenced transcripts indented, comments dropped. The
/// reference keeps to these constructs; a full CommonMark renderer (for HTML) is Ink's job.
enum TerminalText {
    static func render(_ lines: [String]) -> String {
        var out: [String] = []
        var table: [[String]] = []
        var inFence = false
        func flushTable() {
            guard !table.isEmpty else { return }
            let widths = (0 ..< table.map(\.count).max()!).map { c in table.map { c < $0.count ? $0[c].count : 0 }.max()! }
            for row in table {
                let padded = row.dropLast().enumerated().map { c, cell in cell + String(repeating: " ", count: widths[c] - cell.count) }
                let lead = "  " + padded.map { $0 + "  " }.joined()
                out += wrap(row.last ?? "", first: lead, indent: String(repeating: " ", count: lead.count))
            }
            table = []
        }
        for line in lines {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            if inFence { out.append("    " + line); continue }
            if line.hasPrefix("<!--") { continue }
            if line.hasPrefix("|") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                    .map { inline(String($0).trimmingCharacters(in: .whitespaces)) }
                if !cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }) { table.append(cells) }
                continue
            }
            flushTable()
            if line.hasPrefix("### ") { out.append(inline(String(line.dropFirst(4))).uppercased()); continue }
            out.append(inline(line))
        }
        flushTable()
        return out.joined(separator: "\n")
    }

    /// One line's inline marks taken out: `code`, **strong**, [text](target), and `\|` inside tables.
    static func inline(_ line: String) -> String {
        var s = line.replacingOccurrences(of: "\\|", with: "|").replacingOccurrences(of: "**", with: "")
        s.removeAll { $0 == "`" }
        // [text](target) → text
        var result = "", rest = Substring(s)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]"),
              rest.index(after: close) < rest.endIndex, rest[rest.index(after: close)] == "(",
              let end = rest[close...].firstIndex(of: ")") {
            result += rest[..<open] + rest[rest.index(after: open) ..< close]
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// `text` after `first`, broken at spaces before 100 columns, later lines after `indent`.
    static func wrap(_ text: String, first: String, indent: String, width: Int = 100) -> [String] {
        var lines: [String] = [], line = first, lineHasWords = false
        for word in text.split(separator: " ") {
            if lineHasWords && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
                lineHasWords = false
            }
            line += (lineHasWords ? " " : "") + word
            lineHasWords = true
        }
        return lines + [line.trailingSpacesRemoved]
    }
}
