import Foundation
import Kernel

/// Renders outputs as the text a person reads in the REPL, a script's output and a notebook.
public enum TextRenderer {
    /// A number with `digits` decimals; negative zero shows as zero.
    public static func format(_ x: Double, digits: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        var s = fixed(x, digits: digits)
        if s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }

    /// A loss: six decimals, or six significant digits in scientific form below 0.001 (`5.27123e-06`).
    public static func loss(_ x: Double) -> String {
        guard x.isFinite, x != 0, abs(x) < 1e-3 else { return format(x, digits: 6) }
        var exponent = 0
        var m = abs(x)
        while m < 1 { m *= 10; exponent -= 1 }
        var mantissa = fixed(m, digits: 5)
        if mantissa.hasPrefix("10.") { mantissa = fixed(m / 10, digits: 5); exponent += 1 }
        let e = String(format: "%02d", -exponent)
        return (x < 0 ? "-" : "") + mantissa + "e-" + e
    }

    /// Fixed-point formatting, rounding half away from zero on the decimal expansion.
    static func fixed(_ x: Double, digits: Int) -> String {
        if abs(x) >= 1e15 { return "\(x)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
        if scaled >= 9.0e15 { return "\(x)" }
        let n = UInt64(scaled)
        var whole = String(n)
        if digits > 0 {
            if whole.count <= digits { whole = String(repeating: "0", count: digits - whole.count + 1) + whole }
            whole.insert(".", at: whole.index(whole.endIndex, offsetBy: -digits))
        }
        return (x < 0 ? "-" : "") + whole
    }

    public static func render(_ value: Value, digits: Int) -> String {
        switch value {
        case .number(let x): return format(x, digits: digits)
        case .boolean(let b): return b ? "true" : "false"
        case .vector(let v): return "[" + v.map { format($0, digits: digits) }.joined(separator: ", ") + "]"
        case .matrix(let m):
            let cells = m.storage.map { format($0, digits: digits) }
            let width = cells.map(\.count).max() ?? 0
            let pad = { (s: String) in String(repeating: " ", count: width - s.count) + s }
            let rows = (0..<m.rows).map { r in "[" + (0..<m.cols).map { pad(cells[r * m.cols + $0]) }.joined(separator: ", ") + "]" }
            return "[" + rows.joined(separator: ",\n ") + "]"
        }
    }

    /// The lines of one output, as a transcript, a notebook and a golden test record them.
    public static func lines(_ output: Output) -> [String] {
        render(output).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A run's outputs and its error (if it failed) as lines: what a transcript records, a notebook
    /// replay compares and a golden test expects.
    public static func lines(_ result: Session.Result) -> (outputs: [String], error: [String]) {
        (result.outputs.flatMap(lines), result.error.map { render($0).split(separator: "\n").map(String.init) } ?? [])
    }

    /// A diagnostic: `file:line:col: error: message`, the source line, a caret and tildes under the place,
    /// then its notes.
    public static func render(_ d: Diagnostic) -> String {
        let scalars = Array(d.sourceLine.unicodeScalars)
        let before = scalars.prefix(d.column - 1), under = scalars.dropFirst(d.column - 1).prefix(d.width)
        // The caret goes under the place as a terminal shows it: a combining mark takes no column, a wide
        // character two (the C library's wcwidth says which), a tab stays a tab.
        let indent = before.map { $0 == "\t" ? "\t" : String(repeating: " ", count: TerminalWidth.of($0)) }.joined()
        let span = max(1, under.reduce(0) { $0 + TerminalWidth.of($1) })
        var lines = ["\(d.fileName):\(d.line):\(d.column): \(d.severity.rawValue): \(d.message)", "    " + d.sourceLine,
                     "    " + indent + "^" + String(repeating: "~", count: span - 1)]
        for note in d.notes { lines.append("note: \(note.message)") }
        return lines.joined(separator: "\n")
    }

    /// The lines of one output.
    public static func render(_ output: Output) -> String {
        switch output {
        case let .value(label, value, _, display):
            let body = render(value, display)
            let prefix = label + " = "
            return prefix + body.replacingNewlines(indent: prefix.count)
        case let .table(table, display): return render(table, display)
        case .note(let text): return text
        case .warning(let d): return render(d)
        case .cellSummary(let s): return render(s)
        case .trainingStep(let s):
            return "step \(s.step): loss \(loss(s.loss))" + (s.testLoss.map { ", test loss \(loss($0))" } ?? "")
        case .plot(let plot): return plot.text
        case .drawing(let drawing): return drawing.text
        case .chain(let chain): return chain.text
        case .heatmap(let map): return map.text
        case .progress(let p):
            let left = p.secondsLeft.map { "\(format($0, digits: 1)) s left" } ?? "\(format(p.seconds, digits: 1)) s so far"
            if let e = p.evaluation {
                return "step \(p.step + 1)/\(p.of), evaluation \(e)  loss \(loss(p.loss))  \(left)"
            }
            return "step \(p.step)/\(p.of)  loss \(loss(p.loss))  "
                + "\(format(Double(p.step) / max(p.seconds, 1e-9), digits: 2)) steps/s  \(left)"
        }
    }

    /// What a long training expects: "training seq: 15 steps of up to 25 evaluations, 0.33 s each: at most about 2.1 minutes".
    public static func render(_ e: ExpectedTime) -> String {
        let total = e.atMost
        let amount = total < 120 ? "\(format(total, digits: 0)) seconds" : total < 7200 ? "\(format(total / 60, digits: 1)) minutes"
            : "\(format(total / 3600, digits: 1)) hours"
        let steps = e.evaluationsPerStep == 1 ? "\(e.steps) steps" : "\(e.steps) steps of up to \(e.evaluationsPerStep) evaluations"
        return "training \(e.model): \(steps), \(format(e.secondsPerEvaluation, digits: 2)) s each: at most about \(amount)"
    }

    static func render(_ table: Table, _ display: Display) -> String {
        let digits = display.digits
        let kept = shortened(Array(table.rows.indices), to: display.entries)
        /// A row's labels; the first row after a gap repeats labels left blank as "same as above" (its step).
        func labels(_ k: Int, afterGap: Bool) -> [String] {
            guard afterGap else { return table.rows[k].labels }
            return table.rows[k].labels.indices.map { c in
                (0 ... k).reversed().lazy.map { table.rows[$0].labels[c] }.first { !$0.isEmpty } ?? ""
            }
        }
        let body = kept.enumerated().map { n, k in
            k.map { labels($0, afterGap: n > 0 && kept[n - 1] == nil) + table.rows[$0].numbers.map { format($0, digits: digits) } }
        }
        let widths = table.columns.indices.map { c in ([table.columns[c]] + body.compactMap { $0?[c] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, s in
                let pad = String(repeating: " ", count: widths[c] - s.count)
                return c < table.labelColumns ? s + pad : pad + s
            }.joined(separator: "  ")
        }
        let title = table.title + (table.caption.map { ", \($0.name) = " + render($0.value, digits: digits) } ?? "")
        var lines = [title, line(table.columns)]
        lines += body.map { $0.map(line) ?? "… (\(table.rows.count) rows; entries 0 shows them all)" }
        return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n")
    }
}

extension String {
    /// Indents every line after the first by `indent` spaces.
    func replacingNewlines(indent: Int) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + String(repeating: " ", count: indent))
    }

    var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

extension TextRenderer {
    /// What a cell written as equations was understood to be, in three lines that fit 100 columns:
    /// `cell c: input x_t (2), state h and C (3 each), output h_t (3)`, its parameters, what a step computes.
    static func render(_ s: CellSummary) -> String {
        let states = s.states.count == 1 ? "state \(s.states[0]) (\(s.hidden))"
            : "state " + s.states.dropLast().joined(separator: ", ") + " and \(s.states.last!) (\(s.hidden) each)"
        let shapes = s.parameters.map { "\($0.name) " + ($0.isVector ? "\($0.cols)" : "\($0.rows)×\($0.cols)") }
        let count = s.parameters.reduce(0) { $0 + $1.count }
        return (["cell \(s.name): input x_t (\(s.inputs)), \(states), output \(s.output) (\(s.hidden))"]
            + (shapes.isEmpty ? ["  parameters: none"]
                : wrapped("  parameters: ", shapes, last: count == 1 ? " (1 number)" : " (\(count) numbers)"))
            + wrapped("  each step computes ", s.values, last: "")).joined(separator: "\n")
    }

    /// Items joined by commas after `lead` (`last` after the final one), in lines of at most `width` columns,
    /// later lines indented under the first item.
    static func wrapped(_ lead: String, _ items: [String], last: String = "", width: Int = 100) -> [String] {
        var lines: [String] = [], line = lead
        for (k, item) in items.enumerated() {
            let piece = item + (k == items.count - 1 ? last : ",")
            if line.count + piece.count + 1 > width && line.count > lead.count {
                lines.append(line)
                line = String(repeating: " ", count: lead.count) + piece
            } else {
                line += (line.count > lead.count ? " " : "") + piece
            }
        }
        return lines + [line]
    }
}

extension TextRenderer {
    /// A value as `print` shows it: a long vector, or a matrix with many rows or columns, keeps its first and
    /// last entries around a `…` and says its size; `entries` 0 shows everything.
    static func render(_ value: Value, _ display: Display) -> String {
        let (digits, limit) = (display.digits, display.entries)
        switch value {
        case .vector(let v) where limit > 0 && v.count > limit:
            let shown = shortened(Array(v.indices), to: limit).map { $0.map { format(v[$0], digits: digits) } ?? "…" }
            return "[" + shown.joined(separator: ", ") + "] (\(v.count) entries)"
        case .matrix(let m) where limit > 0 && (m.rows > limit || m.cols > limit):
            let rows = shortened(Array(0 ..< m.rows), to: limit), cols = shortened(Array(0 ..< m.cols), to: limit)
            let entry = { (r: Int?, c: Int?) in r.flatMap { r in c.map { format(m.storage[r * m.cols + $0], digits: digits) } } ?? "…" }
            let cells = rows.map { r in cols.map { entry(r, $0) } }
            let width = cells.joined().map(\.count).max() ?? 0
            let pad = { (s: String) in String(repeating: " ", count: width - s.count) + s }
            let lines = cells.map { "[" + $0.map(pad).joined(separator: ", ") + "]" }
            return "[" + lines.joined(separator: ",\n ") + "] (\(m.rows)×\(m.cols))"
        default:
            return render(value, digits: digits)
        }
    }

    /// The items themselves when there are at most `limit` (or `limit` is 0); otherwise the first half and the
    /// last half of `limit` with nil for what is left out between them.
    static func shortened<T>(_ items: [T], to limit: Int) -> [T?] {
        guard limit > 0, items.count > limit else { return items }
        let head = (limit + 1) / 2, tail = limit - head
        return items.prefix(head).map { $0 } + [nil] + items.suffix(tail).map { $0 }
    }
}

/// How many terminal columns a character takes, by the C library's `wcwidth` in a UTF-8 locale (looked up at run
/// time: Swift's Glibc module leaves the X/Open functions out).
enum TerminalWidth {
    private typealias WCWidth = @convention(c) (Int32) -> Int32
    private static let wcwidth: WCWidth? = {
        // `wcwidth` knows non-ASCII characters only under a UTF-8 character type.
        if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "") }
        return dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth").map { unsafeBitCast($0, to: WCWidth.self) }
    }()

    static func of(_ s: Unicode.Scalar) -> Int {
        guard s.value >= 0x20, let wcwidth else { return 1 }
        let w = wcwidth(Int32(bitPattern: s.value))
        return w < 0 ? 1 : Int(w)
    }
}
