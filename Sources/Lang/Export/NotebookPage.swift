import Foundation
import Ink

/// One notebook as a self-contained web page: prose from CommonMark (Ink), transcripts as terminal sessions, pictures
/// as inline SVG, exercises with their hints and solutions folded, the front matter and the replay as a small header.
/// Only a notebook that replayed clean becomes a page.
public struct NotebookPage {
    public let replay: Replay
    /// Where the page goes, relative to the export folder (`notebooks/01-understanding-lstms.html`).
    public let output: String
    /// The page's title: its first `#` heading, or its file name.
    public let title: String

    public init(replay: Replay, output: String) {
        self.replay = replay
        self.output = output
        // Plain text: the heading's code marks are dropped (the page's own heading keeps them).
        let heading = replay.notebook.lines.first { $0.hasPrefix("# ") }.map { $0.dropFirst(2).replacingOccurrences(of: "`", with: "") }
        title = heading ?? (replay.notebook.path as NSString).lastPathComponent
    }

    /// The page's HTML. `links` maps the notebooks exported with it (by source path) to their pages; `replayed`
    /// says when the notebook was replayed.
    public func html(links: SiteLinks, replayed: String) -> String {
        let notebook = replay.notebook
        let transcripts = TranscriptHTML(notebook: notebook, replay: replay)
        var slugs = HeadingSlugs()
        var body: [String] = []
        for piece in notebook.pagePieces {
            switch piece {
            case .markdown(let lines):
                body.append(markdownParser(links: links, slugs: &slugs).html(from: ProseLines.prepared(lines)))
            case .block(let b):
                if case .answer(let e) = notebook.blocks[b].role, notebook.blocks[b].commands.isEmpty {
                    body.append(transcripts.answerHTML(notebook.exercises[e]))
                } else {
                    body.append(transcripts.html(notebook.blocks[b]))
                }
            case .exercise(let e): body.append(TranscriptHTML.exerciseHeading(notebook.exercises[e]))
            case .html(let line): body.append(line)
            }
        }
        return PageShell.page(title: title, header: header(replayed: replayed, links: links), body: body.joined(separator: "\n"))
    }

    /// The front matter and the replay, in one line, with the way back to the index.
    func header(replayed: String, links: SiteLinks) -> String {
        let fm = replay.notebook.frontMatter
        var facts = ["replayed clean: \(replay.commandCount.counting("command")) with lstm \(LSTMVersion.current) on \(replayed)"]
        if fm.lineCount > 0 {
            facts.insert("recorded with lstm \(fm.version ?? "?") · seed \(fm.seed) · precision \(fm.precision) · "
                + "tolerance \(fm.tolerance)", at: 0)
        }
        let index = links.relative(from: output, to: SiteLinks.indexPage)
        return "<nav><a href=\"\(HTML.escape(index))\">All pages</a></nav>\n<p class=\"meta\">"
            + facts.map(HTML.escape).joined(separator: "<br>") + "</p>"
    }

    /// Ink, with heading anchors as GitHub makes them and links to other notebooks sent to their pages.
    func markdownParser(links: SiteLinks, slugs: inout HeadingSlugs) -> MarkdownParser {
        let box = SlugBox(slugs)
        defer { slugs = box.slugs }
        let source = replay.notebook.path, page = output
        return MarkdownParser(modifiers: [
            Modifier(target: .headings) { html, _ in box.anchored(html) },
            Modifier(target: .links) { html, _ in links.rewrite(html, inPage: page, from: source) },
        ])
    }
}

/// Slugs shared by the modifiers of the prose pieces of one page, so a repeated heading gets `-1`, `-2`.
final class SlugBox {
    var slugs: HeadingSlugs
    init(_ slugs: HeadingSlugs) { self.slugs = slugs }

    /// `<h2>Text</h2>` with `id="text"`.
    func anchored(_ html: String) -> String {
        guard html.hasPrefix("<h"), let close = html.firstIndex(of: ">") else { return html }
        let inner = html[html.index(after: close)...].replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression)
        let id = slugs.next(for: inner)
        return String(html[..<close]) + " id=\"\(HTML.escape(id))\"" + String(html[close...])
    }
}

/// GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered.
struct HeadingSlugs {
    private var seen: [String: Int] = [:]

    mutating func next(for text: String) -> String {
        let unescaped = text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
        let base = String(unescaped.lowercased().unicodeScalars.compactMap { c -> Character? in
            if c == " " { return "-" }
            if c == "-" || c == "_" || CharacterSet.alphanumerics.contains(c) { return Character(c) }
            return nil
        })
        let count = seen[base, default: 0]
        seen[base] = count + 1
        return count == 0 ? base : "\(base)-\(count)"
    }
}
