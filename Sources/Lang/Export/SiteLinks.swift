import Foundation

/// Where each exported notebook's page lives, so a link from one lesson to another (`02-memory-and-gradients.md#x`)
/// goes to that page (`02-memory-and-gradients.html#x`). A link to a local file that was not exported goes to the
/// file itself, by a relative path from the page; web addresses and anchors are left as they are.
public struct SiteLinks: Sendable {
    /// The index page, relative to the export folder.
    public static let indexPage = "index.html"
    /// Pages by the absolute, standardized path of their notebook.
    let pages: [String: String]
    /// The export folder, absolute.
    let folder: String

    public init(pages: [String: String], folder: String) {
        self.pages = Dictionary(pages.map { (Self.absolute($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.folder = Self.absolute(folder)
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    /// `<a href="target">` with the target sent where the export put it.
    func rewrite(_ html: String, inPage page: String, from source: String) -> String {
        guard let start = html.range(of: "href=\""), let end = html[start.upperBound...].firstIndex(of: "\"") else { return html }
        let href = String(html[start.upperBound ..< end])
        return html.replacingCharacters(in: start.upperBound ..< end, with: target(of: href, inPage: page, from: source))
    }

    /// Where `href`, written in the notebook at `source`, points from `page`.
    func target(of href: String, inPage page: String, from source: String) -> String {
        if href.isEmpty || href.hasPrefix("#") || href.contains("://") || href.hasPrefix("mailto:") { return href }
        let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts[0].removingPercentEncoding ?? String(parts[0])
        let anchor = parts.count > 1 ? "#" + parts[1] : ""
        let resolved = Self.absolute(((Self.absolute(source) as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent(path))
        if let exported = pages[resolved] { return relative(from: page, to: exported) + anchor }
        return relative(from: page, toAbsolute: resolved) + anchor
    }

    /// A path from the page `from` to the page `to`, both relative to the export folder.
    func relative(from: String, to: String) -> String {
        relative(from: from, toAbsolute: (folder as NSString).appendingPathComponent(to))
    }

    /// A path from the page `from` (relative to the export folder) to an absolute path.
    func relative(from page: String, toAbsolute target: String) -> String {
        let here = ((folder as NSString).appendingPathComponent(page) as NSString).deletingLastPathComponent
        let a = here.split(separator: "/"), b = target.split(separator: "/")
        var common = 0
        while common < a.count && common < b.count && a[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: a.count - common), down = b[common...].map(String.init)
        let joined = (up + down).joined(separator: "/")
        return joined.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? joined
    }
}
