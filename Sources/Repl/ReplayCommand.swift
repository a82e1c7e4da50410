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
    static func notebooks(_ path: String) -> [String]? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else { return [path] }
        let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".md") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }

    func run() throws {
        Signals.install(exitOnSecond: true)
        var differ = false
        for path in paths {
            guard let files = Self.notebooks(path) else {
                FileHandle.standardError.write(Data("lstm: cannot read \(path)\n".utf8))
                throw ExitCode(2)
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("lstm: cannot read \(file)\n".utf8))
                    throw ExitCode(2)
                }
                let notebook: Notebook
                do {
                    notebook = try Notebook.parse(path: file, text: String(decoding: data, as: UTF8.self))
                } catch {
                    FileHandle.standardError.write(Data((TextRenderer.render(error) + "\n").utf8))
                    differ = true
                    continue
                }
                let replay = Replay(notebook, shouldStop: Signals.interrupted)
                if !replay.mismatches.isEmpty {
                    if update {
                        let settled = try Notebook.settle(path: file, text: String(decoding: data, as: UTF8.self),
                            shouldStop: Signals.interrupted)
                        try AtomicFile.write(settled.text, to: file)
                        print("\(file): updated \(replay.mismatches.count) output\(replay.mismatches.count == 1 ? "" : "s")")
                        continue
                    }
                    print(replay.diff)
                    differ = true
                }
                print(replay.summary)
            }
        }
        if differ { throw ExitCode(1) }
    }
}
