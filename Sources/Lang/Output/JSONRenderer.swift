import Kernel

/// Renders outputs as one JSON object per line, numbers at full precision (shortest round-trip form),
/// for jq or pandas.
public enum JSONRenderer {
    static func number(_ x: Double) -> String {
        if x.isNaN { return "\"nan\"" }
        if x.isInfinite { return x < 0 ? "\"-inf\"" : "\"inf\"" }
        return "\(x)"
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value,
                    radix: 16) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func value(_ v: Value) -> String {
        switch v {
        case .number(let x): return number(x)
        case .boolean(let b): return b ? "true" : "false"
        case .vector(let xs): return "[" + xs.map(number).joined(separator: ", ") + "]"
        case .matrix(let m): return "[" + (0..<m.rows).map { r in "[" + m.row(r).map(number).joined(separator: ", ")
            + "]" }.joined(separator: ", ") + "]"
        }
    }

    /// One output as one line of JSON.
    public static func render(_ output: Output) -> String {
        switch output {
        case let .value(label, v, step, _):
            let stepText = step.map(String.init) ?? "null"
            return "{\"kind\": \"print\", \"expr\": \(string(label)), \"step\": \(stepText), \"shape\": \(v.shape), \"value\": "
                + "\(value(v))}"
        case let .table(table, _):
            // Labels as numbers where they are ones: a step `3`, a unit `[3]` → 3; a blank repeats the row above.
            var above: [String] = []
            let rows = table.rows.map { row in
                let labels = row.labels.enumerated().map { c, l in l.isEmpty && c < above.count ? above[c] : l }
                above = labels
                return "{" + (zip(table.columns, labels).map { "\(string($0)): \(labelValue($1))" }
                       + zip(table.columns.dropFirst(table.labelColumns), row.numbers).map { "\(string($0)): \(number($1))" })
                    .joined(separator: ", ") + "}"
            }
            let caption = table.caption.map { ", \(string($0.name)): \(value($0.value))" } ?? ""
            return "{\"kind\": \"table\", \"title\": \(string(table.title))\(caption), \"rows\": [" + rows.joined(separator: ", ") + "]}"
        case .trainingStep(let s):
            let test = s.testLoss.map { ", \"test_loss\": \(number($0))" } ?? ""
            return "{\"kind\": \"training_step\", \"step\": \(s.step), \"loss\": \(number(s.loss))\(test)}"
        case .note(let text):
            return "{\"kind\": \"note\", \"text\": \(string(text))}"
        case .warning(let d): return render(d)
        case .cellSummary(let s):
            let parameters = s.parameters.map { p in
                "{\"name\": \(string(p.name)), \"shape\": [" + (p.isVector ? "\(p.cols)" : "\(p.rows), \(p.cols)") + "]}"
            }
            let names = { (list: [String]) in "[" + list.map(string).joined(separator: ", ") + "]" }
            return "{\"kind\": \"cell\", \"name\": \(string(s.name)), \"inputs\": \(s.inputs), \"hidden\": \(s.hidden), "
                + "\"state\": \(names(s.states)), \"values\": \(names(s.values)), "
                + "\"parameters\": [\(parameters.joined(separator: ", "))], \"output\": \(string(s.output))}"
        case .plot(let plot):
            let series = plot.series.map { "{\"label\": \(string($0.label)), \"values\": ["
                + $0.values.map(number).joined(separator: ", ") + "]}" }
            return "{\"kind\": \"plot\", \"series\": [" + series.joined(separator: ", ") + "]}"
        case .drawing(let d):
            let wires = d.readings.map { r in "{\"name\": \(string(r.name)), \"value\": "
                + (r.value.map(vector) ?? "null") + "}" }
            return "{\"kind\": \"drawing\", \"title\": \(string(d.title)), \"focus\": [" + d.focus.map(string).joined(separator: ", ")
                + "], \"wires\": [" + wires.joined(separator: ", ") + "], "
                + "\"text\": \(string(d.text))}"
        case .chain(let c):
            let steps = c.steps.map { s in "{\"t\": \(s.t), \"x\": " + (s.x.map(vector) ?? "null") + ", \"states\": "
                + (s.states.map { "[" + $0.map(vector).joined(separator: ", ") + "]" } ?? "null") + "}" }
            return "{\"kind\": \"chain\", \"title\": \(string(c.title)), \"states\": [" + c.states.map(string).joined(separator: ", ")
                + "], \"steps\": [" + steps.joined(separator: ", ") + "]}"
        case .heatmap(let h):
            return "{\"kind\": \"heatmap\", \"title\": \(string(h.title)), \"rows\": \(string(h.rowAxis)), "
                + "\"columns\": \(string(h.columnAxis)), \"values\": [" + h.values.map(vector).joined(separator: ", ") + "]}"
        case .progress(let p):
            return "{\"kind\": \"progress\", \"step\": \(p.step), \"of\": \(p.of), \"loss\": \(number(p.loss))"
                + (p.evaluation.map { ", \"evaluation\": \($0)" } ?? "") + "}"
        }
    }

    static func vector(_ v: [Double]) -> String { "[" + v.map(number).joined(separator: ", ") + "]" }

    /// A diagnostic as one line of JSON.
    public static func render(_ d: Diagnostic) -> String {
        "{\"kind\": \(string(d.severity.rawValue)), \"id\": \(string(d.id)), \"file\": \(string(d.fileName)), "
            + "\"line\": \(d.line), \"column\": \(d.column), \"message\": \(string(d.message))}"
    }

    /// A table label: a number when it is a whole number, bracketed or not; a string otherwise.
    static func labelValue(_ label: String) -> String {
        let bare = label.hasPrefix("[") && label.hasSuffix("]") ? String(label.dropFirst().dropLast()) : label
        return Int(bare).map(String.init) ?? string(label)
    }
}
