import Foundation

/// A set of notebooks exported together: one page each, where they sit relative to each other, and an index.
/// A notebook that does not parse or does not replay clean gets no page; its diff says why.
public struct Site {
    /// A notebook that was not exported, and why (the replay's diff, or the parse error).
    public struct Refusal: Sendable {
        public var path: String
        public var reason: String
    }

    public private(set) var pages: [NotebookPage] = []
    public private(set) var refusals: [Refusal] = []

    /// Replays each notebook (by path, with its bytes) and keeps those that replay clean. `shouldStop` is asked as
    /// in a replay; a stopped replay is a refusal.
    public init(notebooks: [(path: String, bytes: [UInt8])], shouldStop: @escaping @Sendable () -> Bool = { false }) {
        let outputs = Self.pagePaths(notebooks.map(\.path))
        for (path, bytes) in notebooks {
            let notebook: Notebook
            do { notebook = try Notebook.parse(path: path, bytes: bytes) } catch {
                refusals.append(Refusal(path: path, reason: TextRenderer.render(error)))
                continue
            }
            let replay = Replay(notebook, shouldStop: shouldStop)
            guard replay.mismatches.isEmpty else {
                refusals.append(Refusal(path: path, reason: replay.diff + "\n" + replay.summary))
                continue
            }
            pages.append(NotebookPage(replay: replay, output: outputs[path]!))
        }
    }

    /// Each notebook's page, relative to the export folder: its path below the folder that holds all of them,
    /// with `.html` for `.md`.
    static func pagePaths(_ paths: [String]) -> [String: String] {
        let absolute = paths.map(SiteLinks.absolute)
        let folders = absolute.map { ($0 as NSString).deletingLastPathComponent.split(separator: "/") }
        var common = folders.first ?? []
        for f in folders.dropFirst() {
            common = Array(zip(common, f).prefix { $0.0 == $0.1 }.map(\.0))
        }
        var out: [String: String] = [:]
        for (path, full) in zip(paths, absolute) {
            let below = full.split(separator: "/").dropFirst(common.count).joined(separator: "/")
            out[path] = ((below as NSString).deletingPathExtension) + ".html"
        }
        return out
    }

    /// Every file to write, relative to `folder`: the pages and the index. `replayed` is the date the pages say.
    public func files(folder: String, replayed: String) -> [(path: String, html: String)] {
        let links = SiteLinks(pages: Dictionary(pages.map { ($0.replay.notebook.path, $0.output) }, uniquingKeysWith: { a, _ in a }),
                              folder: folder)
        var out = pages.map { ($0.output, $0.html(links: links, replayed: replayed)) }
        out.append((SiteLinks.indexPage, index(links: links, replayed: replayed)))
        return out
    }

    /// The index: every page by its title, with its notebook and how many commands replayed.
    func index(links: SiteLinks, replayed: String) -> String {
        let items = pages.map { page -> String in
            let count = page.replay.commandCount
            let commands = count == 0 ? "prose only" : "\(count.counting("command")) replayed clean"
            return "<li><a href=\"\(HTML.escape(page.output))\">\(HTML.escape(page.title))</a> — <code>"
                + HTML.escape(page.replay.notebook.path) + "</code>, \(commands)</li>"
        }
        let header = "<p class=\"meta\">Exported by lstm \(LSTMVersion.current) on \(HTML.escape(replayed)); every page replayed "
            + "clean before it was written.</p>"
        return PageShell.page(title: "lstm — lessons and reference", header: header,
                              body: "<h1>Lessons and reference</h1>\n<ul class=\"pages\">\n" + items.joined(separator: "\n") + "\n</ul>")
    }
}
