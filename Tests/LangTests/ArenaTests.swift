import Foundation
import Testing
import Lang

/// `examples/arena.lstm` as lesson 5 shows it: the sweep runs, its summary is the table the lesson prints, and every
/// claim the lesson's prose makes about the results holds for them.
@Suite struct ArenaTests {
    @Test func theArenaRunsAndLessonFiveSaysWhatItFinds() throws {
        let folder = try Support.scratchFolder()
        let script = Support.root.appendingPathComponent("examples/arena.lstm").path
        let run = try Support.lstm(["sweep", script, "--output", "arena"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("arena/results.jsonl: 66 of 66 jobs\n"))
        let lesson = try String(contentsOf: Support.root.appendingPathComponent("notebooks/05-arena.md"), encoding: .utf8)
        let table = run.stdout.components(separatedBy: "\n\n")[0] + "\n"
        #expect(lesson.contains("```text\n" + table + "```\n"), "lesson 5's table is not what the arena prints:\n\(table)")

        let lines = try String(contentsOf: folder.appendingPathComponent("arena/results.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try #require(JobLine(Data(($0 + "\n").utf8))) }
        let plan = try SweepPlan(SourceFile(name: "arena.lstm", text: try String(contentsOfFile: script, encoding: .utf8)))
        /// The test losses of one variant on one task, over the seeds.
        func losses(_ variant: String, _ task: String) -> [Double] {
            lines.filter { plan.describe($0.job).hasPrefix("variant = \(variant), task = \(task),") }.compactMap(\.testLoss)
        }
        let variants = plan.axes[0].values.map(\.text)
        #expect(variants.count == 11 && lines.allSatisfy(\.ok))
        // The yardstick: answering zero everywhere on the gap's test sequences.
        var session = Session()
        _ = session.run(SourceFile(name: "y.lstm", text: "let v = remember(count: 64, length: 13, seed: 7)[48:64, 0]\n"
            + "let yardstick = sum(v * v) / (16 * 12)\n"))
        guard case .number(let yardstick) = try #require(session.values["yardstick"]) else { Issue.record("no yardstick"); return }
        func stuck(_ x: Double) -> Bool { abs(x - yardstick) < 1e-3 * yardstick }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

        // "On the sine waves, nothing separates the variants": every median within 5.35e-03 … 5.49e-03.
        let waves = variants.map { median(losses($0, "waves")) }
        #expect(waves.allSatisfy { (5.345e-3..<5.495e-3).contains($0) }, "\(waves)")
        // "The plain RNN ends at the yardstick, 1.57e-02, for all three seeds."
        #expect(String(format: "%.2e", yardstick) == "1.57e-02")
        #expect(losses("RNN", "gap").count == 3 && losses("RNN", "gap").allSatisfy(stuck))
        // "Every gated cell beat the yardstick with at least one seed, and six of them with all three."
        for v in variants where v != "RNN" { #expect(losses(v, "gap").contains { !stuck($0) }, "\(v)") }
        #expect(variants.filter { v in losses(v, "gap").allSatisfy { !stuck($0) } }.count == 6)
        // "The vanilla cell, CIFG and the GRU each got stuck … with one seed of three, NP with two"; the rest never.
        let stuckSeeds = Dictionary(uniqueKeysWithValues: variants.map { ($0, losses($0, "gap").filter(stuck).count) })
        #expect(stuckSeeds == ["vanilla": 1, "CIFG": 1, "GRU": 1, "NP": 2, "RNN": 3, "NIG": 0, "NFG": 0, "NOG": 0, "NIAF": 0,
                               "NOAF": 0, "FGR": 0])
        // "No middle": a run that is not stuck is at least four times below the yardstick.
        #expect(lines.filter { plan.describe($0.job).contains("task = gap") }.compactMap(\.testLoss)
            .allSatisfy { stuck($0) || $0 < yardstick / 4 })
        // "The GRU has the best median on the gap, by far; the CIFG does not."
        let gapMedians = Dictionary(uniqueKeysWithValues: variants.map { ($0, median(losses($0, "gap"))) })
        let others = gapMedians.filter { $0.key != "GRU" }.values
        #expect(gapMedians["GRU"]! * 5 < others.min()!)
        // "Dropping the peepholes (NP) does not help."
        #expect(gapMedians["NP"]! > gapMedians["vanilla"]! && median(losses("NP", "waves")) > median(losses("vanilla", "waves")) / 2)
        // "No LSTM variant clearly beats the vanilla cell on both tasks."
        let lstmVariants = variants.filter { !["vanilla", "GRU", "RNN"].contains($0) }
        for v in lstmVariants {
            let both = median(losses(v, "waves")) < median(losses("vanilla", "waves")) / 2
                && gapMedians[v]! < gapMedians["vanilla"]! / 2
            #expect(!both, "\(v)")
        }
    }
}
