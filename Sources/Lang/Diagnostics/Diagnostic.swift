/// An error (or a warning) about what a user wrote: what it is (its message and id), where, and notes.
/// Renderers draw it: the text renderer as `file:line:col: error: message`, the source line and a caret
/// under the place; the JSON renderer as an object with the id.
public struct Diagnostic: Error, Sendable, Equatable {
    /// An error stops what was running; a warning is said and the run goes on.
    public enum Severity: String, Sendable { case error, warning }

    /// A further remark attached to a diagnostic, optionally at a place of its own.
    public struct Note: Sendable, Equatable {
        public var message: String
        public var range: SourceRange?
        public init(_ message: String, at range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }
    }

    /// What went wrong, by identity (stable across rewordings) and in words.
    public let what: Message
    public let severity: Severity
    public var range: SourceRange
    public var notes: [Note]
    public let fileName: String
    public let line: Int
    public let column: Int
    /// The source line the range starts on, and how many scalars of it the range covers (at least 1).
    public let sourceLine: String
    public let width: Int

    public var message: String { what.text }
    public var id: String { what.id }

    public init(_ what: Message, at range: SourceRange, in file: SourceFile, notes: [Note] = [], severity: Severity = .error) {
        self.what = what
        self.severity = severity
        self.range = range
        self.notes = notes
        fileName = file.name
        let start = min(range.start, file.scalars.count)
        (line, column) = file.location(of: start)
        sourceLine = file.lineText(at: start)
        width = max(1, min(range.end, start + max(0, sourceLine.unicodeScalars.count - column + 1)) - start)
    }

    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.what == b.what && a.severity == b.severity && a.range == b.range && a.fileName == b.fileName && a.notes == b.notes
    }
}

/// A diagnostic's identity and words, as swift-syntax's `DiagnosticMessage` pairs a `MessageID` with its
/// text. Every message is made by a named constructor (`Message.unknownName("x")`), grouped by the phase
/// that finds it; the id is the phase and the constructor's name, like `run.unknown-name`.
public struct Message: Sendable, Equatable {
    /// The phase that finds a diagnostic: lexing and parsing, checking a cell's equations, running,
    /// reading a notebook or a file.
    public enum Phase: String, Sendable { case syntax, check, run, notebook }

    public let id: String
    public let text: String

    /// A message of `phase`; its id is named after the constructor that calls this (`#function`).
    init(_ phase: Phase, _ text: String, constructor: String = #function) {
        let name = constructor.prefix { $0 != "(" }
        var kebab = ""
        for c in name {
            if c.isUppercase { kebab += "-" + c.lowercased() } else { kebab.append(c) }
        }
        id = phase.rawValue + "." + kebab
        self.text = text
    }
}

/// A failure found by a part of the session that does not know where in the source it was asked for (a
/// cell's or a model's slot); the session attaches the range and makes it a `Diagnostic`.
struct SlotError: Error {
    var message: Message
    var notes: [Diagnostic.Note] = []

    init(_ message: Message, notes: [Diagnostic.Note] = []) {
        self.message = message
        self.notes = notes
    }
}
