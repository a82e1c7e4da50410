/// Prose made ready for Ink, which is stricter than CommonMark in two places our notebooks meet: it ends a paragraph at
/// a line that starts with inline code (and so cannot close a code span that wraps to the next line), and it reads an
/// underscore inside a word (`W_g`, `b_g`) as emphasis. A paragraph's lines are joined into one (a soft line break is
/// a space either way), and an underscore between letters or digits outside code is escaped.
enum ProseLines {
    static func prepared(_ lines: [String]) -> String {
        var out: [String] = []
        var inFence = false
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                out.append(line)
                continue
            }
            if inFence { out.append(line); continue }
            if let last = out.last, continues(last), !startsBlock(line) {
                out[out.count - 1] = last + " " + trimmed
            } else {
                out.append(line)
            }
        }
        // Escaped once the paragraphs are whole, so a code span that wrapped is seen from its start.
        inFence = false
        return out.map { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); return line }
            return inFence ? line : escapingIntrawordUnderscores(line)
        }.joined(separator: "\n")
    }

    /// Whether a line is running prose the next line may continue.
    static func continues(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && !startsBlock(line) || isListItem(trimmed)
    }

    /// A blank line, a heading, a table row, a fence, HTML, a quote, a list item or indented code.
    static func startsBlock(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || line.hasPrefix("    ") || line.hasPrefix("\t") { return true }
        if let first = trimmed.first, "#|<>".contains(first) { return true }
        return trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") || isListItem(trimmed)
    }

    /// `- x`, `* x`, `+ x`, `1. x`.
    static func isListItem(_ trimmed: String) -> Bool {
        if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.hasPrefix("+ ") { return true }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && trimmed.dropFirst(digits.count).hasPrefix(". ")
    }

    /// `W_g` as `W\_g` outside inline code, so it stays a name and does not open emphasis.
    static func escapingIntrawordUnderscores(_ line: String) -> String {
        var out = ""
        var inCode = false
        var previous: Character?
        let chars = Array(line)
        for (k, c) in chars.enumerated() {
            if c == "`" { inCode.toggle() }
            let next = k + 1 < chars.count ? chars[k + 1] : nil
            if c == "_", !inCode, let p = previous, p.isLetter || p.isNumber, let n = next, n.isLetter || n.isNumber || n == "{" {
                out += "\\_"
            } else {
                out.append(c)
            }
            previous = c
        }
        return out
    }
}
