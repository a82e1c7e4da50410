import Foundation

/// Pasted REPL transcripts: when text holds prompt lines (`> ` and `… `/`... ` continuations), only
/// those run and the output lines between them are dropped.
public enum Paste {
    /// The commands of a pasted transcript, or nil when the text is not one (then it runs as typed).
    public static func commands(in text: String) -> [String]? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.contains(where: { $0.hasPrefix("> ") || $0 == ">" }) else { return nil }
        var out: [String] = []
        var current: [String]? = nil
        for line in lines {
            if let (prompt, rest) = Notebook.split(line) {
                if prompt == "> " || prompt == ">" {
                    if let c = current { out.append(c.joined(separator: "\n")) }
                    current = [rest]
                } else if current != nil {
                    current!.append(rest)
                }
            } else if let c = current {
                out.append(c.joined(separator: "\n"))
                current = nil
            }
        }
        if let c = current { out.append(c.joined(separator: "\n")) }
        return out.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
