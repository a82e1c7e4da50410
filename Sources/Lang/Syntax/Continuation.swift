/// Whether typed text is an unfinished command: an open `(`, `[` or `{` not yet closed.
public enum Continuation {
    public static func needsMore(_ text: String) -> Bool {
        var depth = 0
        var inComment = false
        for s in text.unicodeScalars {
            if inComment { if s == "\n" { inComment = false }; continue }
            switch s {
            case "#": inComment = true
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: break
            }
        }
        return depth > 0
    }
}
