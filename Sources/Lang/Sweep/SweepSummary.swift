import Foundation

/// A sweep's results for a person: a table with one row per combination of the axes other than `seed` (the loss's
/// median and spread over the seeds, the gradient's survival, the size), then a chart of every run's loss on a log scale.
public enum SweepSummary {
    /// One row of the table: the jobs that differ only in their seed.
    struct Group {
        var label: [String]
        var lines: [JobLine] = []
        var total = 0
    }

    public static func render(_ plan: SweepPlan, _ lines: [JobLine]) -> String {
        let groups = self.groups(plan, lines)
        let useTest = lines.contains { $0.testLoss != nil }
        let lossName = useTest ? "test loss" : "train loss"
        func loss(_ l: JobLine) -> Double? { useTest ? l.testLoss : l.trainLoss }
        let names = plan.axes.map(\.name).filter { $0 != "seed" }
        var rows = [names + ["runs", "\(lossName): median", "min … max", "survival", "parameters"]]
        for g in groups {
            let ok = g.lines.filter(\.ok)
            let losses = ok.compactMap(loss).sorted()
            let survival = ok.compactMap(\.survival).sorted()
            rows.append(g.label + ["\(ok.count)/\(g.total)", losses.isEmpty ? "—" : short(median(losses)),
                                   losses.isEmpty ? "" : short(losses.first!) + " … " + short(losses.last!),
                                   survival.isEmpty ? "—" : short(median(survival)), ok.first?.parameters.map(String.init) ?? "—"])
        }
        var out = table(rows, numericFrom: names.count)
        let failed = lines.filter { !$0.ok }
        for f in failed {
            let first = f.error?.split(separator: "\n").first.map(String.init) ?? "failed"
            out += "job \(f.job) (\(plan.describe(f.job))) failed: \(first)\n"
        }
        let perSeed = plan.axes.contains { $0.name == "seed" } ? "one ● per seed, " : ""
        out += "\n" + chart(groups, loss: loss, title: "\(lossName) of every run (\(perSeed)log scale)")
        return out
    }

    /// The jobs grouped by their values of every axis but `seed`, in job order.
    static func groups(_ plan: SweepPlan, _ lines: [JobLine]) -> [Group] {
        let kept = plan.axes.indices.filter { plan.axes[$0].name != "seed" }
        var groups: [Group] = []
        var index: [[String]: Int] = [:]
        for job in 0..<plan.jobCount {
            let values = plan.values(of: job)
            let label = kept.map { values[$0].text }
            if index[label] == nil { index[label] = groups.count; groups.append(Group(label: label)) }
            groups[index[label]!].total += 1
        }
        for line in lines where line.job < plan.jobCount {
            let values = plan.values(of: line.job)
            groups[index[kept.map { values[$0].text }]!].lines.append(line)
        }
        return groups
    }

    static func median(_ sorted: [Double]) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// A loss as a person compares them: three significant digits, in powers of ten.
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return Message.spoken(x) }
        return String(format: "%.2e", x)
    }

    /// Columns padded to their widest cell; those from `numericFrom` on are right-aligned.
    static func table(_ rows: [[String]], numericFrom: Int) -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        return rows.map { row in
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return c >= numericFrom && c > 0 ? pad + row[c] : row[c] + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }

    /// Every run's loss as a mark on a log-10 axis, one line per group (a digit where several runs share a column).
    static func chart(_ groups: [Group], loss: (JobLine) -> Double?, title: String) -> String {
        let width = 50
        let all = groups.flatMap { $0.lines.filter(\.ok).compactMap(loss) }.filter { $0.isFinite && $0 > 0 }
        guard let low = all.min(), let high = all.max() else { return title + ": no finished run has a loss above 0\n" }
        let from = Foundation.floor(Foundation.log10(low)), to = max(from + 1, Foundation.ceil(Foundation.log10(high)))
        func column(_ x: Double) -> Int { min(width - 1, Int((Foundation.log10(x) - from) / (to - from) * Double(width - 1) + 0.5)) }
        let labels = groups.map { $0.label.joined(separator: " ") }
        let margin = max(labels.map(\.count).max() ?? 0, 1) + 1
        var out = title + "\n"
        var axis = [Character](repeating: " ", count: width + 2)
        var ticks = ""
        var decade = from
        while decade <= to {
            let c = Int((decade - from) / (to - from) * Double(width - 1) + 0.5) + 1
            axis[c] = "┴"
            let label = "1e\(Int(decade))"
            if c >= ticks.count { ticks += String(repeating: " ", count: c - ticks.count) + label }
            decade += max(1, Foundation.floor((to - from) / 5))
        }
        for (g, label) in zip(groups, labels) {
            var counts = [Int](repeating: 0, count: width)
            for x in g.lines.filter(\.ok).compactMap(loss) where x.isFinite && x > 0 { counts[column(x)] += 1 }
            let marks = counts.map { $0 == 0 ? " " : $0 == 1 ? "●" : $0 < 10 ? String($0) : "+" }.joined()
            out += label.padding(toLength: margin, withPad: " ", startingAt: 0) + "│" + marks + "│\n"
        }
        out += String(repeating: " ", count: margin) + "└" + String(axis[1...width]).replacingOccurrences(of: " ", with: "─") + "┘\n"
        out += String(repeating: " ", count: margin) + ticks + "\n"
        return out
    }
}
