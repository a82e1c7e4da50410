import Foundation
import Testing
import Lang

/// A notebook's bytes are the learner's: line ends of any convention, prose in any encoding and a BOM survive an
/// update byte for byte; only recorded outputs change.
@Suite struct NotebookBytesTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func crlfAndCrNotebooksReplayAndKeepTheirLineEnds() throws {
        let crlf = Self.bytes("---\r\nseed: 1\r\n---\r\n# Title\r\n\r\n```lstm\r\n> print 1 + 1\r\n3 = 9\r\n```\r\n")
        let (updated, replay) = try Notebook.settle(path: "crlf.md", bytes: crlf)
        #expect(replay.commandCount == 1 && replay.mismatches.isEmpty)
        #expect(updated == Self.bytes("---\r\nseed: 1\r\n---\r\n# Title\r\n\r\n```lstm\r\n> print 1 + 1\r\n1 + 1 = 2.0000\r\n```\r\n"))
        let cr = Self.bytes("```lstm\r> print 5\r5 = 4.0000\r```\r")
        let first = Replay(try Notebook.parse(path: "cr.md", bytes: cr))
        #expect(first.commandCount == 1 && first.mismatches.count == 1, "a wrong output in a CR notebook is caught")
        #expect(first.updatedBytes == Self.bytes("```lstm\r> print 5\r5 = 5.0000\r```\r"))
    }

    @Test func proseBytesABomAndATabPromptSurviveAnUpdate() throws {
        let prose: [UInt8] = [0xEF, 0xBB, 0xBF] + Self.bytes("# Caf") + [0xE9, 0xFF] + Self.bytes(" (Latin-1)\n\n")
        let block = Self.bytes("```lstm\n> let v = [1, 2]\n>\tprint v * 2\n```\n")
        let (updated, replay) = try Notebook.settle(path: "bytes.md", bytes: prose + block)
        #expect(replay.commandCount == 2, "'>\\t' starts a command")
        #expect(updated == prose + Self.bytes("```lstm\n> let v = [1, 2]\n>\tprint v * 2\nv * 2 = [2.0000, 4.0000]\n```\n"))
    }

    @Test func aBlockThatIsNotUTF8IsRefusedWhereItIs() {
        let bad = Self.bytes("prose\n\n```lstm\n> print 1\n1 = 1") + [0xFF] + Self.bytes("\n```\n")
        #expect {
            try Notebook.parse(path: "bad.md", bytes: bad)
        } throws: { error in
            guard let d = error as? Diagnostic else { return false }
            return d.line == 5 && d.message.contains("not valid UTF-8")
        }
    }

    /// In a folder, an unreadable notebook is reported in words and the others still replay; an empty folder
    /// says so.
    @Test func aFolderReportsWhatItCannotReadAndGoesOn() throws {
        let folder = try Support.scratchFolder()
        try "```lstm\n> print 5\n5 = 5.0000\n```\n".write(to: folder.appendingPathComponent("good.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("broken.md").path, withDestinationPath: "gone.md")
        let run = try Support.lstm(["replay", folder.path])
        #expect(run.status == 1 && run.stdout.contains("good.md: 1 command replayed clean"))
        #expect(run.stderr == "lstm: cannot read \(folder.path)/broken.md: no such file or directory\n")
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        let none = try Support.lstm(["replay", empty.path])
        #expect(none.status == 1 && none.stderr.contains("no notebook in"))
    }
}
