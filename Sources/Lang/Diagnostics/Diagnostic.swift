/// An error found in what a user wrote: a message, where, and notes; rendered as
/// `file:line:col: error: message`, the source line, and a caret under the place.
public struct Diagnostic: Error, Sendable, Equatable {
    /// A further remark attached to a diagnostic, optionally at a place of its own.
    public struct Note: Sendable, Equatable {
        public var message: String
        public var range: SourceRange?
        public init(_ message: String, at range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }
    }

    public var message: String
    public var range: SourceRange
    public var notes: [Note]
    public let fileName: String
    public let line: Int
    public let column: Int
    /// The source line and the caret line under it.
    public let excerpt: [String]

    public init(_ message: String, at range: SourceRange, in file: SourceFile, notes: [Note] = []) {
        self.message = message
        self.range = range
        self.notes = notes
        fileName = file.name
        let start = min(range.start, file.scalars.count)
        (line, column) = file.location(of: start)
        let text = file.lineText(at: start)
        let width = max(1, min(range.end, start + max(0, text.unicodeScalars.count - column + 1)) - start)
        let indent = String(text.unicodeScalars.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
        excerpt = ["    " + text, "    " + indent + "^" + String(repeating: "~", count: width - 1)]
    }

    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.message == b.message && a.range == b.range && a.fileName == b.fileName && a.notes == b.notes
    }

    /// The diagnostic as lines of text.
    public var rendered: String {
        var lines = ["\(fileName):\(line):\(column): error: \(message)"] + excerpt
        for note in notes { lines.append("note: \(note.message)") }
        return lines.joined(separator: "\n")
    }
}
