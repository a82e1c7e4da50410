import Foundation
import Testing
import Lang

/// Writing a user's file replaces its bytes and nothing else about it.
@Suite struct AtomicFileTests {
    static func mode(_ path: String) -> mode_t {
        var s = stat()
        return stat(path, &s) == 0 ? s.st_mode & 0o7777 : 0
    }

    @Test func aWriteKeepsTheFilesIdentity() throws {
        let folder = try Support.scratchFolder().path
        let real = folder + "/real.md", link = folder + "/link.md"
        try "old\n".write(toFile: real, atomically: false, encoding: .utf8)
        chmod(real, 0o600)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.md")
        try AtomicFile.write("new\n", to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.md", "the link stays a link")
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "new\n")
        #expect(Self.mode(real) == 0o600, "a private file stays private")
        if getuid() == 0 {
            chown(real, 65534, 65534)
            try AtomicFile.write("newer\n", to: real)
            var s = stat()
            stat(real, &s)
            #expect(s.st_uid == 65534 && s.st_gid == 65534, "the owner is kept")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func aReadOnlyFileIsRefusedAndKept() throws {
        let path = try Support.scratchFolder().path + "/frozen.md"
        try "keep me\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o444)
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write("lost\n", to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n" && Self.mode(path) == 0o444)
    }

    /// A temporary left by a killed write is removed by the next write to that file; a running writer's is not.
    @Test func staleTemporariesAreCleanedUp() throws {
        let folder = try Support.scratchFolder().path
        let stale = folder + "/.notes.md.lstm-2147483646-1.tmp", live = folder + "/.notes.md.lstm-1-1.tmp"
        let stranger = folder + "/.notes.md.swp"
        for path in [stale, live, stranger] { #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        try AtomicFile.write("notes\n", to: folder + "/notes.md")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live) && FileManager.default.fileExists(atPath: stranger))
    }

    /// Ctrl-C in the middle of a write (here after the second of three pieces of 1 MiB) leaves the file as it was.
    @Test func aStoppedWriteLeavesTheFileAsItWas() throws {
        let folder = try Support.scratchFolder().path
        let path = folder + "/big.md"
        try "before\n".write(toFile: path, atomically: false, encoding: .utf8)
        var asks = 0
        let big = [UInt8](repeating: 65, count: 5 << 19)
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write(big, to: path) { asks += 1; return asks > 2 } }
        #expect(asks == 3)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "before\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["big.md"])
        try AtomicFile.write(big, to: path) { false }
        #expect(FileManager.default.contents(atPath: path) == Data(big))
    }
}
