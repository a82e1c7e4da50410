import Foundation
import Testing
import Lang

/// The command line as a new user meets it, from a folder outside the checkout.
@Suite struct CommandLineTests {
    @Test func versionUnderBothSpellings() throws {
        let folder = try Support.scratchFolder()
        for flag in ["--version", "-V"] {
            let r = try Support.lstm([flag], in: folder)
            #expect(r.status == 0)
            #expect(r.stdout == "lstm \(LSTMVersion.current)\n")
        }
    }

    @Test func aMistypedCommandIsNamedWithTheNearestOne() throws {
        let r = try Support.lstm(["replya", "x"], in: try Support.scratchFolder())
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix(
            "lstm: unknown command 'replya'; did you mean 'replay'? (commands: repl, run, replay, check, export, sweep;"))
        let far = try Support.lstm(["frobnicate"], in: try Support.scratchFolder())
        #expect(far.status == 2 && far.stderr.hasPrefix("lstm: unknown command 'frobnicate' (commands:"))
    }

    @Test func aFileWhereACommandBelongsGetsTheCommandForIt() throws {
        let folder = try Support.scratchFolder()
        try "print 1\n".write(to: folder.appendingPathComponent("s.lstm"), atomically: true, encoding: .utf8)
        let script = try Support.lstm(["s.lstm"], in: folder)
        #expect(script.status == 2 && script.stderr == "lstm: 's.lstm' is a script: run it with lstm run s.lstm\n")
        let notebook = try Support.lstm(["lesson.md"], in: folder)
        #expect(notebook.status == 2 && notebook.stderr == "lstm: 'lesson.md' is a notebook: replay it with lstm replay lesson.md\n")
    }

    @Test func runRefusesANotebookAndReplayRefusesAScript() throws {
        let folder = try Support.scratchFolder()
        try "# A lesson\n\n```lstm\n> 1 + 1\n1 + 1 = 2.0000\n```\n".write(to: folder.appendingPathComponent("lesson.md"),
                                                                              atomically: true, encoding: .utf8)
        try "print 1\n".write(to: folder.appendingPathComponent("s.lstm"), atomically: true, encoding: .utf8)
        let run = try Support.lstm(["run", "lesson.md"], in: folder)
        #expect(run.status == 2 && run.stderr == "lstm: lesson.md is a notebook; replay it with lstm replay lesson.md\n")
        let replay = try Support.lstm(["replay", "s.lstm"], in: folder)
        #expect(replay.status == 2)
        #expect(replay.stderr == "lstm: s.lstm is not a notebook (no lstm blocks); a script runs with lstm run s.lstm\n")
        #expect(try Support.lstm(["replay", "lesson.md"], in: folder).stdout == "lesson.md: 1 command replayed clean\n")
    }

    @Test func replayOfAFolderPassesOverMarkdownWithoutBlocksAndSaysWhenThereIsNoNotebook() throws {
        let folder = try Support.scratchFolder()
        try "# Read me\n\nNo commands here.\n".write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let empty = try Support.lstm(["replay", "."], in: folder)
        #expect(empty.status == 1 && empty.stderr == "lstm: no notebook in . (a notebook is a .md file with lstm blocks)\n")
        // A README with blocks is a notebook like any other.
        try "# Read me\n\n```lstm\n> 2 * 3\n2 * 3 = 6.0000\n```\n".write(to: folder.appendingPathComponent("README.md"),
                                                                           atomically: true, encoding: .utf8)
        let replayed = try Support.lstm(["replay", "."], in: folder)
        #expect(replayed.status == 0 && replayed.stdout == "./README.md: 1 command replayed clean\n")
    }
}
