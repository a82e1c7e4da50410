/// Whether a REPL entry goes on past the end of its line: some bracket is still open.
public enum Continuation {
    /// True while a `(`, `[` or `{` is open; false once every bracket is closed — and also at once when a
    /// closing bracket does not match the one open (or closes nothing), so the parser reports the mistake
    /// instead of the REPL waiting for more. Brackets in comments and in strings do not count.
    public static func needsMore(_ text: String) -> Bool {
        var open: [Unicode.Scalar] = []
        var inComment = false, inString = false
        let partner: [Unicode.Scalar: Unicode.Scalar] = [")": "(", "]": "[", "}": "{"]
        for s in text.unicodeScalars {
            if inComment { if s == "\n" { inComment = false }; continue }
            if inString { if s == "\"" || s == "\n" { inString = false }; continue }
            switch s {
            case "#": inComment = true
            case "\"": inString = true
            case "(", "[", "{": open.append(s)
            case ")", "]", "}":
                guard open.last == partner[s] else { return false }
                open.removeLast()
            default: break
            }
        }
        return !open.isEmpty
    }
}
