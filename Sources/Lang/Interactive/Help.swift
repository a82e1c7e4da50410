import Foundation

/// `:help` and `:help TOPIC`, drawn from the language reference (docs/language.md, built into the library):
/// one topic per `##` section, shown as terminal text; `:help NAME` also knows the built-ins and the
/// course's names (`:help f_t`).
public enum Help {
    /// A topic: its key (the first word of its heading, lowercased: `values`, `cells`, …), heading and body.
    public typealias Section = (name: String, title: String, body: String)

    /// The topics of the built-in reference.
    public static let sections: [Section] = parse(markdown: String(decoding: PackageResources.language_md, as: UTF8.self))

    public static var topicNames: [String] { sections.map(\.name) }

    /// The sections of a reference written in Markdown, their bodies as terminal text.
    static func parse(markdown: String) -> [Section] {
        var out: [Section] = []
        var title: String? = nil
        var body: [String] = []
        func flush() {
            if let t = title, t != "Contents" {
                let words = t.lowercased().split(separator: " ").map(String.init)
                let name = out.contains { $0.name == words.first } ? words.last! : words.first ?? t
                out.append((name, t, TerminalText.render(body).trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        }
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## ") {
                flush()
                title = String(line.dropFirst(3))
                body = []
            } else if title != nil {
                body.append(line)
            }
        }
        flush()
        return out
    }

    /// The overview: the meta-commands and the topics.
    public static var overview: String {
        var lines = [
            "Type a statement, or a meta-command:",
            "  :help [TOPIC]   this help, or a topic of the language reference",
            "  :vars           what is defined, with shapes",
            "  :load FILE      run a script (.lstm) or a notebook (.md) in this session",
            "  :save FILE      save what this session showed: FILE.md a notebook, FILE.lstm a script",
            "                  (:note TEXT adds prose; :save! FILE replaces a file that exists)",
            "  :exercise FILE  do a lesson's exercise here (:exercise ID for another; :check judges, :hint helps)",
            "  :history        the commands typed so far",
            "  :reset          forget everything",
            "  :quit           leave (or Ctrl-D)",
        ]
        lines += TextRenderer.wrapped("Topics: ", topicNames)
        for role in [Builtin.Role.function, .constant, .cell, .layer, .optimizer] {
            lines += TextRenderer.wrapped("\(role.rawValue.capitalized)s: ", Builtins.names(role))
        }
        lines.append("(:help NAME says what one of them does, or what a name of the course means: :help f_t)")
        return lines.joined(separator: "\n")
    }

    /// The text of one topic, a built-in, or a name the course uses; else the topics that mention the word.
    public static func topic(_ name: String) -> String {
        if let builtin = Builtins.named(name), !topicNames.contains(name) { return builtinHelp(builtin) }
        if let entry = Glossary.entry(name) { return TerminalText.wrap(entry, first: "", indent: "  ").joined(separator: "\n") }
        let key = name.lowercased()
        let match = sections.first { $0.name == key } ?? sections.first { $0.name.hasPrefix(key) }
            ?? sections.first { $0.title.lowercased().split(separator: " ").contains { $0.hasPrefix(key) } }
        if let s = match { return "\(s.title)\n\n\(s.body)" }
        let mentioning = sections.filter { $0.body.contains(name) }.map(\.name)
        if !mentioning.isEmpty { return "no topic '\(name)'; it is mentioned in: " + mentioning.joined(separator: ", ") }
        return "no help topic '\(name)'; topics: " + topicNames.joined(separator: ", ")
    }

    /// A built-in's usage and summary, and its labels.
    static func builtinHelp(_ b: Builtin) -> String {
        var lines = ["\(b.name) (\(b.role.rawValue))", "  \(b.usage)", "  \(b.summary)"]
        if !b.labels.isEmpty { lines.append("  labels: " + b.labels.map { $0 + ":" }.joined(separator: " ")) }
        if b.inEquations { lines.append("  may be used in a cell's equations") }
        return lines.joined(separator: "\n")
    }
}
