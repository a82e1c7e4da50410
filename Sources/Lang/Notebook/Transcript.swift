/// A session's history as it will be saved: each command with its output, and notes of prose between
/// them. `notebookText` writes it as a notebook that replays clean.
public struct Transcript: Sendable {
    enum Item: Sendable {
        case command(source: String, output: [String], failed: Bool)
        case note(String)
    }

    var items: [Item] = []
    public var frontMatter: FrontMatter

    public init(frontMatter: FrontMatter = FrontMatter()) { self.frontMatter = frontMatter }

    /// Records a command that ran, with its rendered output (and error, if it failed).
    public mutating func record(source: String, result: Session.Result) {
        let rendered = TextRenderer.lines(result)
        items.append(.command(source: source, output: rendered.outputs + rendered.error, failed: result.error != nil))
    }

    /// Adds a paragraph of prose after what was recorded so far.
    public mutating func note(_ text: String) { items.append(.note(text)) }

    /// Forgets everything (`:reset`).
    public mutating func clear() { items = [] }

    /// The number of commands recorded.
    public var commandCount: Int { items.filter { if case .command = $0 { return true } else { return false } }.count }

    /// The notebook: front matter, then blocks of commands separated by the notes; a failed command
    /// goes in a block of its own marked `error`, so the notebook replays clean.
    public func notebookText(title: String) -> String {
        var out = frontMatter.text + "# \(title)\n"
        var block: [String] = []
        func flush(error: Bool = false) {
            guard !block.isEmpty else { return }
            out += "\n" + (error ? "<!-- lstm: error -->\n" : "") + "```lstm\n" + block.joined(separator: "\n") + "\n```\n"
            block = []
        }
        for item in items {
            switch item {
            case .note(let text):
                flush()
                out += "\n" + text + "\n"
            case let .command(source, output, failed):
                if failed { flush() }
                let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
                block.append("> " + lines[0])
                block += lines.dropFirst().map { "… " + $0 }
                block += output
                if failed { flush(error: true) }
            }
        }
        flush()
        return out
    }
}
