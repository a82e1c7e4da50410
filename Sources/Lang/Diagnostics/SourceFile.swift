/// A named piece of source text (a script, a REPL entry, a notebook block) and its lines.
public struct SourceFile: Sendable {
    public let name: String
    public let text: String
    /// The text as Unicode scalars, which is what locations count.
    let scalars: [Unicode.Scalar]
    /// Offsets (in scalars) where each line starts.
    let lineStarts: [Int]
    /// The line number of the file's first line (a notebook block starts deep inside its file).
    public let firstLine: Int

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (k, s) in scalars.enumerated() where s == "\n" { starts.append(k + 1) }
        lineStarts = starts
    }

    /// Decodes bytes as UTF-8, or says where the first invalid byte is.
    public static func decode(name: String, bytes: [UInt8], firstLine: Int = 1) -> Result<SourceFile, Diagnostic> {
        // A byte-order mark says only "this is UTF-8": it is not part of the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return decode(name: name, bytes: Array(bytes.dropFirst(3)), firstLine: firstLine) }
        if let text = String(validating: bytes, as: UTF8.self) {
            return .success(SourceFile(name: name, text: text, firstLine: firstLine))
        }
        var line = 1, column = 1, k = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var valid = ""
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                valid.unicodeScalars.append(s)
                k += String(s).utf8.count
                if s == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput: break decoding
            case .error: break decoding
            }
        }
        let shown = SourceFile(name: name, text: valid + "\u{FFFD}", firstLine: firstLine)
        let offset = shown.scalars.count - 1
        return .failure(Diagnostic(.invalidUTF8(byte: k + 1),
                                   at: SourceRange(offset, offset + 1), in: shown))
    }

    /// The 1-based line and column (in characters) of a scalar offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + firstLine, offset - lineStarts[lo] + 1)
    }

    /// The text of the line holding `offset`, without its newline.
    public func lineText(at offset: Int) -> String {
        let line = location(of: offset).line - firstLine
        let start = lineStarts[line]
        var end = start
        while end < scalars.count && scalars[end] != "\n" { end += 1 }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start ..< end])
        return String(s)
    }

    /// The scalar offset of a 1-based column on the line `lineIndex` lines after the first (held to the file).
    func offset(lineIndex: Int, column: Int) -> Int {
        let line = min(max(0, lineIndex), lineStarts.count - 1)
        let end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : scalars.count
        return min(lineStarts[line] + max(0, column - 1), end)
    }

    /// The source text of a range.
    public func text(of range: SourceRange) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[max(0, range.start) ..< min(scalars.count, range.end)])
        return String(s)
    }
}

/// A half-open range of scalar offsets in a `SourceFile`.
public struct SourceRange: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }
    /// The smallest range covering both.
    public func to(_ other: SourceRange) -> SourceRange { SourceRange(min(start, other.start), max(end, other.end)) }
}
