/// The frame every exported page shares: one file, its style inline, no script and nothing fetched.
enum PageShell {
    static func page(title: String, header: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="lstm \(LSTMVersion.current)">
        <title>\(HTML.escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <header>
        \(header)
        </header>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// Prose in a readable column; transcripts as a dark terminal; pictures on white, scrolled when wide.
    static let style = """
        body { margin: 0 auto; max-width: 54rem; padding: 1rem 1.5rem 4rem; font: 16px/1.55 system-ui, sans-serif;
          color: #1b1b1b; background: #fdfdfc; }
        header nav a { font-size: 0.9rem; }
        p.meta { font-size: 0.82rem; color: #555; border-bottom: 1px solid #ddd; padding-bottom: 0.6rem; }
        h1, h2, h3 { line-height: 1.25; }
        code { font: 0.92em ui-monospace, "DejaVu Sans Mono", monospace; background: #f0f0ec; padding: 0 0.2em;
          border-radius: 3px; }
        pre code { background: none; padding: 0; }
        pre { overflow-x: auto; }
        pre.terminal { background: #1d2021; color: #e8e6df; padding: 0.7rem 0.9rem; border-radius: 6px;
          font: 13.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; margin: 0.4rem 0; }
        pre.terminal .prompt { color: #8ec07c; user-select: none; }
        pre.terminal .typed { color: #fabd2f; }
        pre.terminal .error { color: #fb4934; }
        pre.terminal .warning { color: #fe8019; }
        pre.terminal .note { color: #83a598; }
        figure.picture { margin: 0.6rem 0; overflow-x: auto; }
        figure.picture svg { max-width: 100%; height: auto; border: 1px solid #e4e4e0; }
        details { margin: 0.5rem 0; padding: 0.3rem 0.8rem; border-left: 3px solid #c9c9c0; background: #f6f6f2; }
        details > summary { cursor: pointer; font-weight: 600; }
        details.text-form { border-left-color: #8ec07c; padding: 0.2rem 0.6rem; }
        details.text-form > summary { font-weight: normal; font-size: 0.85rem; color: #555; }
        h3.exercise { border-top: 1px solid #ddd; padding-top: 0.8rem; }
        div.answer { border: 2px dashed #c9c9c0; padding: 0.6rem 0.9rem; font-size: 0.9rem; color: #444; }
        table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; vertical-align: top; }
        ul.pages li { margin: 0.3rem 0; }
        """
}
