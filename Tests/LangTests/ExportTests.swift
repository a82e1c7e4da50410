import Foundation
import Testing
@testable import Lang

/// A notebook becomes a page only when it replays clean; the page keeps the lesson's order and folds what the
/// notebook folds; links between exported notebooks go to their pages; prose reaches Ink as CommonMark means it.
@Suite struct ExportTests {
    static let lesson = """
        ---
        lstm: 0.2.0
        ---
        # A small lesson

        See [the next one](next.md#the-end), [the web](https://example.org) and [this page](#a-cell).

        ## A cell

        <!-- lstm: hidden
        > let secret = 41
        -->

        ```lstm
        > let a = secret + 1
        > a
        a = 42
        > plot [1, 2, 3]
        ```

        ## Exercises

        Make `b` equal to
        `a` plus one, as W_g would say.

        <!-- lstm: exercise 1.1 One more
        check: b
        -->
        ```lstm
        ```

        <details><summary>Hint</summary>

        Add one.

        </details>

        <details><summary>Solution</summary>

        ```lstm solution
        > let b = a + 1
        ```

        </details>
        """

    func site(_ files: [(String, String)]) -> Site {
        Site(notebooks: files.map { ($0.0, Array($0.1.utf8)) })
    }

    @Test func aPageKeepsTheLessonInOrderWithItsPictureAndFolds() throws {
        // The plot's text is recorded by a replay with --update, as an author would.
        let settled = try Notebook.settle(path: "/course/lesson.md", text: Self.lesson).text
        let site = site([("/course/lesson.md", settled), ("/course/next.md", "# Next\n\n## The end\n")])
        #expect(site.refusals.isEmpty)
        let written = site.files(folder: "/out", replayed: "2026-11-25")
        let files = Dictionary(written.map { ($0.path, $0.html) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(files.keys) == ["lesson.html", "next.html", "index.html"])
        let page = try #require(files["lesson.html"])
        // The hidden block ran (a = 42) but is not shown; the plot is an inline SVG with its text form folded.
        #expect(!page.contains("secret = 41") && page.contains("a = 42"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 1)
        #expect(page.contains("<details class=\"text-form\"><summary>as text</summary>"))
        // Hint and solution folded; the exercise's heading above its task, the task's code span whole across its line.
        #expect(page.contains("<details><summary>Hint</summary>") && page.contains("<details><summary>Solution</summary>"))
        let heading = try #require(page.range(of: "<h3 class=\"exercise\" id=\"exercise-1.1\">Exercise 1.1 — One more</h3>"))
        let task = try #require(page.range(of: "Make <code>b</code> equal to <code>a</code> plus one, as W_g would say."))
        #expect(heading.upperBound < task.lowerBound)
        #expect(page.contains("lstm check /course/lesson.md"))
        // Links: another notebook's page with its anchor, the web as it was, an anchor of this page that exists.
        #expect(page.contains("href=\"next.html#the-end\"") && page.contains("href=\"https://example.org\""))
        #expect(page.contains("href=\"#a-cell\"") && page.contains("<h2 id=\"a-cell\">A cell</h2>"))
        #expect(files["next.html"]!.contains("<h2 id=\"the-end\">The end</h2>"))
        #expect(page.contains("replayed clean: 5 commands with lstm \(LSTMVersion.current) on 2026-11-25"))
        // Self-contained: nothing fetched, no script.
        #expect(!page.contains("<script") && !page.contains("<link") && !page.contains("src="))
    }

    @Test func aNotebookThatDoesNotReplayIsRefusedWithItsDiff() {
        let wrong = "# Wrong\n\n```lstm\n> 1 + 1\n1 + 1 = 3.0000\n```\n"
        let site = site([("/course/wrong.md", wrong), ("/course/right.md", "# The `right` one\n")])
        #expect(site.pages.map(\.output) == ["right.html"] && site.pages.map(\.title) == ["The right one"])
        #expect(site.refusals.count == 1 && site.refusals[0].path == "/course/wrong.md")
        #expect(site.refusals[0].reason.contains("-1 + 1 = 3.0000") && site.refusals[0].reason.contains("+1 + 1 = 2.0000"))
    }

    @Test func pagesSitWhereTheirNotebooksSitAndLinkAcrossFolders() {
        let paths = Site.pagePaths(["/r/notebooks/01-a.md", "/r/docs/language.md", "/r/README.md"])
        #expect(paths == ["/r/notebooks/01-a.md": "notebooks/01-a.html", "/r/docs/language.md": "docs/language.html",
                          "/r/README.md": "README.html"])
        let links = SiteLinks(pages: paths, folder: "/out")
        #expect(links.target(of: "../docs/language.md#data", inPage: "notebooks/01-a.html", from: "/r/notebooks/01-a.md")
            == "../docs/language.html#data")
        // A file that was not exported is linked where it is.
        #expect(links.target(of: "../examples/arena.lstm", inPage: "notebooks/01-a.html", from: "/r/notebooks/01-a.md")
            == "../../r/examples/arena.lstm")
        #expect(links.relative(from: "docs/language.html", to: SiteLinks.indexPage) == "../index.html")
    }

    @Test func headingsGetGitHubsAnchors() {
        var slugs = HeadingSlugs()
        #expect(slugs.next(for: "The plain RNN: one tanh layer") == "the-plain-rnn-one-tanh-layer")
        #expect(slugs.next(for: "Errors &amp; warnings") == "errors--warnings")
        #expect(slugs.next(for: "Recap") == "recap" && slugs.next(for: "Recap") == "recap-1")
    }

    @Test func proseReachesInkAsCommonMarkMeansIt() {
        #expect(ProseLines.prepared(["a `code", "span` and W_g, `b_g`", "", "- item", "  more", "- next"])
            == "a `code span` and W\\_g, `b_g`\n\n- item more\n- next")
        #expect(ProseLines.prepared(["```swift", "let a_b = 1", "next", "```"]) == "```swift\nlet a_b = 1\nnext\n```")
    }
}
