import Foundation
import Testing

/// The course exported (`lstm export notebooks docs README.md`) and opened in a real browser, headless Chromium from
/// Debian (`.ci/run` installs it): every page renders something, holds the pictures and folds its notebook asks for,
/// logs nothing to the console, and every link inside the export leads to a file and an anchor that exist.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs Chromium headless on `url` with `arguments`: what it printed, and its log (where console messages go).
    static func browse(_ url: URL, _ arguments: [String]) throws -> (out: String, log: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium, "install Debian's chromium to run the browser tests"))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]
            + arguments + [url.absoluteString]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let printed = out.fileHandleForReading.readDataToEndOfFile(), logged = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: printed, as: UTF8.self), String(decoding: logged, as: UTF8.self))
    }

    static func screenshotSize(_ url: URL, in folder: URL) throws -> Int {
        let shot = folder.appendingPathComponent("shot-\(UUID().uuidString).png")
        _ = try browse(url, ["--screenshot=\(shot.path)", "--window-size=1000,1400"])
        return try (FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
    }

    /// Pictures and folds a notebook asks for: one SVG per `draw`, `plot` or `heatmap` command shown, folded with its
    /// text; one fold per `<details>` line (hints and solutions).
    static func expected(_ notebook: String) -> (svgs: Int, details: Int) {
        var svgs = 0, details = 0, inBlock = false, hidden = false
        for line in notebook.components(separatedBy: "\n") {
            if line.hasPrefix("<!-- lstm: hidden") && !line.hasSuffix("-->") { hidden = true }
            if hidden { if line == "-->" { hidden = false }; continue }
            if line.hasPrefix("```lstm") { inBlock = true } else if line.hasPrefix("```") { inBlock = false }
            if inBlock, ["> draw ", "> plot ", "> heatmap "].contains(where: line.hasPrefix) { svgs += 1 }
            if line.hasPrefix("<details") { details += 1 }
        }
        return (svgs, details + svgs)
    }

    @Test func theExportedCourseRendersInARealBrowser() throws {
        let folder = try Support.scratchFolder(), site = folder.appendingPathComponent("site")
        let export = try Support.lstm(["export", "notebooks", "docs", "README.md", "--output", site.path], in: Support.root)
        #expect(export.status == 0, "\(export.stderr)")
        let blank = folder.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blank, atomically: true, encoding: .utf8)
        let blankSize = try Self.screenshotSize(blank, in: folder)
        let listed = FileManager.default.enumerator(atPath: site.path)?.compactMap { $0 as? String } ?? []
        let pages = listed.filter { $0.hasSuffix(".html") }
        #expect(pages.count == 12, "\(pages)")
        var doms: [String: String] = [:]
        for page in pages.sorted() {
            let url = site.appendingPathComponent(page)
            let (dom, log) = try Self.browse(url, ["--dump-dom"])
            doms[page] = dom
            #expect(!log.contains("CONSOLE"), "\(page) logged to the console: \(log)")
            // Self-contained: nothing is fetched (no src, no stylesheet link, no script).
            #expect(!dom.contains(" src=\"") && !dom.contains("<link") && !dom.contains("<script"), "\(page) fetches something")
            #expect(try Self.screenshotSize(url, in: folder) > 4 * blankSize, "\(page) looks blank")
            guard page != "index.html" else { continue }
            let source = try String(contentsOf: Support.root.appendingPathComponent(page.replacingOccurrences(of: ".html", with: ".md")),
                                    encoding: .utf8)
            let want = Self.expected(source)
            #expect(dom.components(separatedBy: "<svg").count - 1 == want.svgs, "\(page): SVGs")
            #expect(dom.components(separatedBy: "<details").count - 1 == want.details, "\(page): folds")
        }
        #expect(doms["notebooks/01-understanding-lstms.html"]?.contains("<svg") == true)
        for (page, dom) in doms { try Self.checkLinks(in: dom, of: page, site: site, doms: doms) }
    }

    /// Every relative link of `page` leads to a file in or beside the export, and its anchor to an element's id.
    static func checkLinks(in dom: String, of page: String, site: URL, doms: [String: String]) throws {
        let here = site.appendingPathComponent(page).deletingLastPathComponent()
        for match in dom.matches(of: /href="([^"]*)"/) {
            let href = String(match.1)
            if href.contains("://") || href.hasPrefix("mailto:") { continue }
            let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let target = parts[0].isEmpty ? site.appendingPathComponent(page)
                : here.appendingPathComponent(parts[0].removingPercentEncoding ?? parts[0]).standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: target.path), "\(page): \(href) leads nowhere")
            guard parts.count > 1, target.pathExtension == "html" else { continue }
            let relative = target.path.replacingOccurrences(of: site.standardizedFileURL.path + "/", with: "")
            let text = doms[relative] ?? (try? String(contentsOf: target, encoding: .utf8)) ?? ""
            #expect(text.contains("id=\"\(parts[1])\""), "\(page): \(href) has no such anchor")
        }
    }
}
