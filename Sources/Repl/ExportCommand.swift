import ArgumentParser
import Foundation
import Lang

/// `lstm export PATH... --output DIR`: a web page per notebook that replays clean, and an index.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export notebooks (files or folders of .md) as web pages, each only after it replays clean.")

    @ArgumentParser.Argument(help: "Notebook files, or folders searched for .md files.")
    var paths: [String]

    @Option(name: .shortAndLong, help: "The folder to write the pages and index.html to (made if missing).")
    var output: String

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one notebook or folder") }
    }

    func run() throws {
        Signals.install(exitOnSecond: true)
        var notebooks: [(path: String, bytes: [UInt8])] = []
        var failed = false
        for path in paths {
            guard let (files, isFolder) = ReplayCommand.notebooks(path) else {
                Console.error("lstm: cannot read \(path)")
                throw ExitCode(2)
            }
            if isFolder && files.isEmpty { Console.error("lstm: no notebook in \(path) (a notebook is a .md file)"); failed = true }
            for file in files {
                do { notebooks.append((file, try ReplayCommand.bytes(of: file))) } catch {
                    guard isFolder else { throw error }
                    failed = true
                }
            }
        }
        let site = Site(notebooks: notebooks, shouldStop: Signals.interrupted)
        for refusal in site.refusals {
            Console.error("lstm: \(refusal.path) is not exported: it does not replay clean\n\(refusal.reason)")
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            Console.error("lstm: cannot make the folder \(output)")
            throw ExitCode(2)
        }
        let day = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        for (path, html) in site.files(folder: output, replayed: day) {
            let target = (output as NSString).appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try AtomicFile.write(html, to: target, shouldStop: Signals.interrupted)
            } catch {
                Console.error("lstm: cannot write \(target): \(error)")
                failed = true
                continue
            }
            Console.out("wrote \(target)")
        }
        if failed || !site.refusals.isEmpty { throw ExitCode(1) }
    }
}
