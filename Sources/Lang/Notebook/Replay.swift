import Foundation

/// Re-runs a notebook in one fresh session and compares every command's output with the recorded one.
public struct Replay: Sendable {
    /// A command whose replayed output differs from the recorded one (or that failed unexpectedly).
    public struct Mismatch: Sendable {
        public var command: Notebook.Command
        public var recorded: [String]
        public var replayed: [String]
        public var reason: String
    }

    public let notebook: Notebook
    public private(set) var commandCount = 0
    public private(set) var mismatches: [Mismatch] = []
    /// The replayed output of every command, by its first line.
    public private(set) var outputs: [Int: [String]] = [:]
    /// The pictures (SVG) of every command that drew, plotted or mapped something, by its first line.
    public private(set) var pictures: [Int: [String]] = [:]

    /// Replays `notebook`; `shouldStop` is asked between the steps of long commands. The lesson runs in one session;
    /// answer blocks are left to `lstm check`; a solution runs on a copy of the lesson's state where its exercise
    /// stands, so it is checked like any block but changes nothing after it.
    public init(_ notebook: Notebook, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.notebook = notebook
        var session = notebook.freshSession(shouldStop: shouldStop)
        var atExercise: [Int: Session] = [:]
        for block in notebook.blocks {
            switch block.role {
            case .lesson: replay(block, in: &session)
            case .answer(let e): atExercise[e] = session.forked()
            case .solution(let e):
                var fork = atExercise[e] ?? session.forked()
                replay(block, in: &fork)
            }
        }
    }

    mutating func replay(_ block: Notebook.Block, in session: inout Session) {
        var sawError = false
        for command in block.commands {
            commandCount += 1
            let result = session.run(command.sourceFile(in: notebook.path), atomic: true)
            let rendered = TextRenderer.lines(result), lines = rendered.outputs + rendered.error
            if result.error != nil { sawError = true }
            outputs[command.firstLine] = lines
            let svgs = result.outputs.compactMap(\.svg)
            if !svgs.isEmpty { pictures[command.firstLine] = svgs }
            let recorded = Array(notebook.lines[command.output])
            if result.error != nil && !block.options.expectsError {
                mismatches.append(Mismatch(command: command, recorded: recorded, replayed: lines, reason: "an unexpected error"))
            } else if block.options.compares && !Self.matches(recorded, lines, tolerance: notebook.frontMatter.tolerance) {
                mismatches.append(Mismatch(command: command, recorded: recorded, replayed: lines, reason: "different output"))
            }
        }
        if block.options.expectsError && !sawError, let last = block.commands.last {
            mismatches.append(Mismatch(command: last, recorded: Array(notebook.lines[last.output]),
                                       replayed: outputs[last.firstLine] ?? [],
                                       reason: "the block is marked error but nothing failed"))
        }
    }

    static func matches(_ recorded: [String], _ replayed: [String], tolerance: Double) -> Bool {
        recorded.count == replayed.count
            && zip(recorded, replayed).allSatisfy { OutputComparison.matches(recorded: $0, replayed: $1, tolerance: tolerance) }
    }

    /// One line for the notebook: how many commands ran and whether they all matched.
    public var summary: String {
        mismatches.isEmpty
            ? "\(notebook.path): \(commandCount.counting("command")) replayed clean"
            : "\(notebook.path): \(commandCount.counting("command")), \(mismatches.count.counting("mismatch", plural: "mismatches"))"
    }

    /// A unified diff per mismatch, located by notebook line (recorded `-`, replayed `+`).
    public var diff: String {
        mismatches.map { m in
            let start = m.command.output.lowerBound + 1
            let header = notebook.lines[m.command.firstLine]
            var lines = ["--- \(notebook.path):\(start) recorded", "+++ \(notebook.path):\(start) replayed (\(m.reason))",
                         "@@ -\(start),\(m.recorded.count) +\(start),\(m.replayed.count) @@ \(header)"]
            lines += m.recorded.map { "-" + $0 } + m.replayed.map { "+" + $0 }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The notebook with the replayed output written in place of every mismatching recorded output;
    /// nothing else changes. Hidden and no-compare blocks keep what they have.
    public var updatedText: String { String(decoding: updatedBytes, as: UTF8.self) }

    /// The same, as the file's bytes: every line not replaced is written back byte for byte with its own line end;
    /// replayed lines take the file's usual line end.
    public var updatedBytes: [UInt8] {
        var replacements: [Int: (Range<Int>, [String])] = [:]
        for m in mismatches where outputs[m.command.firstLine] != nil {
            replacements[m.command.output.lowerBound] = (m.command.output, outputs[m.command.firstLine]!)
        }
        let usual = LineEnds.usual(notebook.lineEnds)
        var out: [UInt8] = []
        func keep(_ k: Int) { out += notebook.rawLines[k] + notebook.lineEnds[k] }
        var k = 0
        while k < notebook.lines.count || replacements[k] != nil {
            if let (range, lines) = replacements[k] {
                for line in lines { out += Array(line.utf8) + usual }
                k = range.upperBound
                if range.isEmpty && k < notebook.lines.count { keep(k); k += 1 }
                continue
            }
            keep(k)
            k += 1
        }
        return out
    }
}

extension Notebook {
    /// Replays `text` and writes the replayed outputs in, until nothing changes (an output that changes
    /// length moves the lines later errors point at, so this takes a few rounds at most). Returns the
    /// settled text and the last replay.
    public static func settle(path: String, text: String,
        shouldStop: @escaping @Sendable () -> Bool = { false }) throws(Diagnostic) -> (text: String, replay: Replay) {
        let (bytes, replay) = try settle(path: path, bytes: Array(text.utf8), shouldStop: shouldStop)
        return (String(decoding: bytes, as: UTF8.self), replay)
    }

    /// The same on a file's bytes, which it keeps wherever it writes no output.
    public static func settle(path: String, bytes: [UInt8],
        shouldStop: @escaping @Sendable () -> Bool = { false }) throws(Diagnostic) -> (bytes: [UInt8], replay: Replay) {
        var bytes = bytes
        var replay = Replay(try parse(path: path, bytes: bytes), shouldStop: shouldStop)
        for _ in 0..<4 where !replay.mismatches.isEmpty {
            bytes = replay.updatedBytes
            replay = Replay(try parse(path: path, bytes: bytes), shouldStop: shouldStop)
        }
        return (bytes, replay)
    }
}
