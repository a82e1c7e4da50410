import ArgumentParser
import Foundation
import Lang

/// `lstm replay PATH...`: re-runs notebooks and checks every recorded output.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay notebooks (files or folders of .md) and check every recorded output.")

    @ArgumentParser.Argument(help: "Notebook files, or folders searched for .md files.")
    var paths: [String]

    @Flag(help: "Write the replayed outputs back into the notebooks (only outputs change).")
    var update = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one notebook or folder") }
    }

    /// The notebooks under `path`: the file itself, or every .md below a folder, sorted.
    static func notebooks(_ path: String) -> (files: [String], isFolder: Bool)? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else { return ([path], false) }
        let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return (found.filter { $0.hasSuffix(".md") }.sorted().map { (path as NSString).appendingPathComponent($0) }, true)
    }

    /// A notebook file's text; a file that cannot be read ends the command (status 2).
    static func text(of file: String) throws -> String { String(decoding: try bytes(of: file), as: UTF8.self) }

    /// A notebook file's bytes; a file that cannot be read is said in words (and ends the command, status 2).
    static func bytes(of file: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else {
            Console.error("lstm: cannot read \(file)\(readProblem(file))")
            throw ExitCode(2)
        }
        return Array(data)
    }

    /// Why a file cannot be read, as ": reason" (empty when the reason is unknown).
    static func readProblem(_ file: String) -> String {
        let fd = open(file, O_RDONLY)
        if fd >= 0 { close(fd); return "" }
        return ": " + String(cString: strerror(errno)).lowercased()
    }

    /// Says why a file given by name cannot be replayed (a script, or Markdown without `lstm` blocks).
    static func refuse(_ file: String) throws -> Never {
        let hint = file.hasSuffix(".md") ? "\(file) holds no lstm blocks to replay"
            : "\(file) is not a notebook (no lstm blocks); a script runs with lstm run \(file)"
        Console.error("lstm: \(hint)")
        throw ExitCode(2)
    }

    func run() throws {
        Signals.install(exitOnSecond: true)
        var differ = false
        for path in paths {
            guard let (files, isFolder) = Self.notebooks(path) else {
                Console.error("lstm: cannot read \(path)")
                throw ExitCode(2)
            }
            var replayed = 0
            defer {
                if isFolder && replayed == 0 {
                    Console.error("lstm: no notebook in \(path) (a notebook is a .md file with lstm blocks)")
                    differ = true
                }
            }
            for file in files {
                let bytes: [UInt8]
                do { bytes = try Self.bytes(of: file) } catch {
                    // In a folder, one unreadable notebook is reported and the others still run.
                    guard isFolder else { throw error }
                    differ = true
                    continue
                }
                let notebook: Notebook
                do {
                    notebook = try Notebook.parse(path: file, bytes: bytes)
                } catch {
                    Console.error(TextRenderer.render(error))
                    differ = true
                    continue
                }
                if notebook.blocks.isEmpty {
                    // In a folder, Markdown without lstm blocks (a README, a reference page) is passed over.
                    if isFolder { continue }
                    try Self.refuse(file)
                }
                replayed += 1
                let replay = Replay(notebook, shouldStop: Signals.interrupted)
                if !replay.mismatches.isEmpty {
                    if update {
                        let settled = try Notebook.settle(path: file, bytes: bytes, shouldStop: Signals.interrupted)
                        do { try AtomicFile.write(settled.bytes, to: file) } catch {
                            Console.error("lstm: cannot write \(file): \(error)")
                            differ = true
                            continue
                        }
                        Console.out("\(file): updated \(replay.mismatches.count.counting("output"))")
                        continue
                    }
                    Console.out(replay.diff)
                    differ = true
                }
                Console.out(replay.summary)
            }
        }
        if differ { throw ExitCode(1) }
    }
}
