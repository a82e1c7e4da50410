import Foundation
import Testing
import Lang

/// Sweeps in the library: axes read from a script, jobs as combinations, values put in place, every job checked before
/// any runs, records that are the same bits every time, and a folder that counts only whole job files.
@Suite struct SweepTests {
    static let training = """
        let wave = damped_sine(length: 21, period: 10, decay: 0.05)
        model m = kind(inputs: 1, hidden: hidden, seed: seed) -> linear(outputs: 1, seed: seed)
        train m input: wave[0:20], target: wave[1:21], optimizer: adam(lr: 0.05), steps: 3
        """

    static func plan(_ text: String, full: Bool = false) throws -> SweepPlan {
        try SweepPlan(SourceFile(name: "s.lstm", text: text), full: full)
    }

    /// The diagnostic `body` throws, rendered as the terminal shows it.
    static func refusal(_ body: () throws -> Void) -> String {
        do { try body() } catch let d as Diagnostic { return TextRenderer.render(d) } catch { return "\(error)" }
        return "nothing was refused"
    }

    @Test func everyCombinationIsAJobTheLastAxisChangingFastest() throws {
        let plan = try Self.plan("sweep kind in [lstm, rnn]\nsweep hidden in [2, 3, 5]\nsweep seed in [1, 2] full linspace(1, 4, 4)\n"
            + Self.training)
        #expect(plan.jobCount == 12)
        #expect(plan.describe(0) == "kind = lstm, hidden = 2, seed = 1")
        #expect(plan.describe(1) == "kind = lstm, hidden = 2, seed = 2")
        #expect(plan.describe(7) == "kind = rnn, hidden = 2, seed = 2")
        #expect(plan.describe(11) == "kind = rnn, hidden = 5, seed = 2")
        let full = try Self.plan(plan.file.text, full: true)
        #expect(full.jobCount == 24 && full.describe(23) == "kind = rnn, hidden = 5, seed = 4")
    }

    /// Each job trains the model its values make: the parameter counts, worked out by hand, say which cell it was.
    @Test func theValuesArePutWhereTheAxesAreNamed() throws {
        let plan = try Self.plan("sweep kind in [lstm, rnn, gru, lstm(coupled: true)]\nsweep hidden in [2]\nsweep seed in [1]\n"
            + Self.training)
        #expect(plan.check() == nil)
        let counts = (0..<4).map { job -> Int? in
            guard case .trained(let f) = plan.run(job: job)?.outcome else { return nil }
            return f.parameters
        }
        // H = 2, one input, a read-out of 2 weights and a bias: lstm 4·(2·3 + 2), rnn 2·3 + 2, gru 3·(2·3 + 2),
        // coupled lstm 3·(2·3 + 2).
        #expect(counts == [32 + 3, 8 + 3, 24 + 3, 24 + 3])
    }

    /// A field of the job's cell can be set through the axis: `variant.b_f = …` sets nig's or np's.
    @Test func aFieldIsSetThroughTheAxis() throws {
        let plan = try Self.plan("""
            sweep variant in [np, cifg]
            cell np = lstm(inputs: 1, hidden: 2, seed: 1)
            cell cifg = lstm(inputs: 1, hidden: 2, coupled: true, seed: 1)
            variant.b_f = [3, 3]
            let wave = damped_sine(length: 11, period: 10, decay: 0.05)
            model m = variant -> linear(outputs: 1, seed: 1)
            train m input: wave[0:10], target: wave[1:11], optimizer: adam(lr: 0.05), steps: 1
            print variant.b_f
            """)
        #expect(plan.check() == nil)
        for job in 0..<2 {
            let printed = Printed()
            guard case .trained = try #require(plan.run(job: job, sink: printed.add)).outcome else {
                Issue.record("job \(job) failed")
                continue
            }
            #expect(printed.texts.last == "variant.b_f = [3.0000, 3.0000]")
        }
        #expect(Self.refusal { _ = try Self.plan("sweep seed in [1]\nseed = 2\n" + Self.training) }.hasPrefix(
            "s.lstm:2:1: error: seed is an axis of the sweep"))
    }

    @Test func aJobGivesTheSameBitsEveryTime() throws {
        let plan = try Self.plan("sweep kind in [gru]\nsweep hidden in [3]\nsweep seed in [4]\n" + Self.training
            + ", test_input: wave[0:10], test_target: wave[1:11]")
        let once = try #require(plan.run(job: 0)), again = try #require(plan.run(job: 0))
        func withoutTime(_ r: JobRecord) -> String { r.json.replacingOccurrences(of: #""seconds": [^}]*"#, with: "",
                                                                                  options: .regularExpression) }
        #expect(withoutTime(once) == withoutTime(again))
        #expect(once.json.hasPrefix(#"{"job": 0, "axes": {"kind": "gru", "hidden": 3, "seed": 4}, "status": "ok", "train_loss": "#))
        guard case .trained(let f) = once.outcome else { Issue.record("the job failed"); return }
        #expect(f.testLoss != nil && f.steps == 3 && f.survival > 0)
    }

    @Test func aBadValueIsRefusedBeforeAnyJobRunsWithItsPlaceAndJob() throws {
        let negative = try Self.plan("sweep kind in [lstm]\nsweep hidden in [2, -3]\nsweep seed in [1]\n" + Self.training)
        #expect(negative.check().map(TextRenderer.render) == """
            s.lstm:2:21: error: hidden must be a whole number of at least 1
                sweep hidden in [2, -3]
                                    ^~
            note: in job 1 of 2: kind = lstm, hidden = -3, seed = 1
            """)
        let kind = try Self.plan("sweep kind in [lstm, lstn]\nsweep hidden in [2]\nsweep seed in [1]\n" + Self.training)
        let refused = try #require(kind.check())
        #expect(refused.message == "unknown cell kind 'lstn'")
        #expect(refused.notes.last?.message == "in job 1 of 2: kind = lstn, hidden = 2, seed = 1")
        let optimizer = try Self.plan("sweep kind in [rnn]\nsweep hidden in [2]\nsweep seed in [1]\nsweep lr in [0.1, -1]\n"
            + Self.training.replacingOccurrences(of: "adam(lr: 0.05)", with: "adam(lr: lr)"))
        #expect(optimizer.check()?.message == "lr must be a number from 0")
    }

    @Test func aScriptThatIsNoSweepIsRefusedWithThePlace() {
        #expect(Self.refusal { _ = try Self.plan(Self.training) }.hasPrefix(
            "s.lstm:1:1: error: this script declares no sweep axis; run it with lstm run, or declare one"))
        #expect(Self.refusal { _ = try Self.plan("let a = 1\nsweep seed in [1]\n" + Self.training) }.hasPrefix(
            "s.lstm:2:1: error: the axis seed comes after other statements; a sweep's axes come first in the script"))
        #expect(Self.refusal { _ = try Self.plan("sweep seed in [1, 2, 1]\n" + Self.training) }.hasPrefix(
            "s.lstm:1:22: error: 1 stands twice among the values of seed; each value makes its own jobs"))
        #expect(Self.refusal { _ = try Self.plan("sweep seed in [1]\nsweep seed in [2]\n" + Self.training) }.hasPrefix(
            "s.lstm:2:7: error: the axis seed is declared twice"))
        #expect(Self.refusal { _ = try Self.plan("sweep seed in [1]\nlet seed = 2\n" + Self.training) }.hasPrefix(
            "s.lstm:2:5: error: seed is an axis of the sweep"))
        // Values an expression makes are refused twice over too.
        #expect(Self.refusal { _ = try Self.plan("sweep lr in linspace(0.5, 0.5, 2)\n" + Self.training) }.hasPrefix(
            "s.lstm:1:13: error: 0.5 stands twice among the values of lr"))
        #expect(Self.refusal { _ = try Self.plan("sweep seed in zeros(2) + [3, 4]\nlet a = seed\n") }.hasPrefix(
            "s.lstm:1:1: error: the sweep's script trains no model"))
        #expect(Self.refusal { _ = try Self.plan("sweep seed in 3\n" + Self.training) }.hasPrefix(
            "s.lstm:1:15: error: the values of seed should be a list like [1, 2, 3] or a vector of numbers"))
        #expect(Self.refusal { _ = try Self.plan("sweep seed [1]\n" + Self.training) }.hasPrefix(
            "s.lstm:1:12: error: expected 'in' after the axis's name"))
    }

    @Test func aFailingJobIsRecordedWithItsError() throws {
        let plan = try Self.plan("sweep kind in [rnn]\nsweep hidden in [2]\nsweep seed in [1]\n" + Self.training + "\nprint m.nothing\n")
        #expect(plan.check() == nil)    // the check stops at the first train; the error comes after it
        let record = try #require(plan.run(job: 0))
        guard case .failed(let d) = record.outcome else { Issue.record("the job did not fail"); return }
        #expect(d.id == "run.no-model-field")
        #expect(record.json.contains(#""status": "failed", "error": "s.lstm:7:7: error: "#))
    }

    @Test func aStoppedJobIsNotRecorded() throws {
        let plan = try Self.plan("sweep kind in [lstm]\nsweep hidden in [2]\nsweep seed in [1]\n" + Self.training)
        #expect(plan.run(job: 0, shouldStop: { true }) == nil)
    }

    /// The folder counts a job only when its file is one whole record of that job; `collect` gathers them in job order.
    @Test func onlyWholeJobFilesCount() throws {
        let folder = SweepFolder(try Support.scratchFolder().path)
        let plan = try Self.plan("sweep kind in [lstm, rnn, gru]\nsweep hidden in [2]\nsweep seed in [1]\n" + Self.training)
        try folder.prepare(for: plan)
        let records = try (0..<3).map { try #require(plan.run(job: $0)).json }
        try records[2].write(toFile: folder.jobPath(2, of: 3), atomically: false, encoding: .utf8)
        try records[0].write(toFile: folder.jobPath(0, of: 3), atomically: false, encoding: .utf8)
        // Job 1's file as a killed write would leave it: cut in the middle.
        try String(records[1].prefix(40)).write(toFile: folder.jobPath(1, of: 3), atomically: false, encoding: .utf8)
        #expect(folder.jobPath(1, of: 3).hasSuffix("/jobs/0001.json"))
        #expect(folder.finished(jobs: 3).keys.sorted() == [0, 2])
        let (lines, missing) = try folder.collect(jobs: 3)
        #expect(lines.map(\.job) == [0, 2] && missing == [1])
        #expect(try String(contentsOfFile: folder.resultsPath, encoding: .utf8) == records[0] + records[2])
        // A whole record of another job in job 1's place does not count either.
        try records[2].write(toFile: folder.jobPath(1, of: 3), atomically: false, encoding: .utf8)
        #expect(folder.finished(jobs: 3)[1] == nil)
    }

    @Test func aFolderOfAnotherScriptIsRefused() throws {
        let folder = SweepFolder(try Support.scratchFolder().path)
        try folder.prepare(for: try Self.plan("sweep seed in [1]\nsweep kind in [rnn]\nsweep hidden in [2]\n" + Self.training))
        try folder.prepare(for: try Self.plan("sweep seed in [1]\nsweep kind in [rnn]\nsweep hidden in [2]\n" + Self.training))
        let other = try Self.plan("sweep seed in [2]\nsweep kind in [rnn]\nsweep hidden in [2]\n" + Self.training)
        #expect(throws: SweepFolder.Problem.self) { try folder.prepare(for: other) }
    }

    @Test func theEnginesGetOneCommandPerJob() {
        let emit = SweepEmit(lstm: "/opt/lstm", script: "/w/it's.lstm", output: "/w/out", full: true)
        #expect(emit.parallel(jobs: [0, 3]) == """
            LSTM_THREADS=1 '/opt/lstm' sweep '/w/it'\\''s.lstm' --job 0 --output '/w/out' --full
            LSTM_THREADS=1 '/opt/lstm' sweep '/w/it'\\''s.lstm' --job 3 --output '/w/out' --full

            """)
        let slurm = emit.slurm(jobs: [0, 1, 2, 3, 7, 9, 10], of: 12)
        #expect(slurm.contains("\n#SBATCH --array=0-3,7,9-10\n"))
        #expect(slurm.contains(
            "\nexport LSTM_THREADS=1\nexec '/opt/lstm' sweep '/w/it'\\''s.lstm' --job \"$SLURM_ARRAY_TASK_ID\" --output"))
    }

    /// The table's median, least and most over seeds, for losses set by hand.
    @Test func theSummaryShowsTheSpreadOverSeeds() throws {
        let plan = try Self.plan("sweep kind in [lstm, rnn]\nsweep seed in [1, 2, 3]\n"
            + Self.training.replacingOccurrences(of: "hidden: hidden", with: "hidden: 2"))
        let losses = [0.004, 0.001, 0.002, 0.5, 0.3, 0.1]
        let lines = try losses.enumerated().map { job, loss in
            try #require(JobLine(Data(("{\"job\": \(job), \"axes\": {}, \"status\": \"ok\", \"train_loss\": \(loss), \"test_loss\": null, "
                + "\"parameters\": 9, \"survival\": 0.5, \"steps\": 3, \"seconds\": 0.1}\n").utf8)))
        }
        let summary = SweepSummary.render(plan, lines)
        #expect(summary.hasPrefix("""
            kind  runs  train loss: median            min … max  survival  parameters
            lstm   3/3            2.00e-03  1.00e-03 … 4.00e-03  5.00e-01           9
            rnn    3/3            3.00e-01  1.00e-01 … 5.00e-01  5.00e-01           9
            """))
        #expect(summary.contains("train loss of every run (one ● per seed, log scale)\nlstm │●"))
    }
}

/// What a job printed, gathered from its sink.
final class Printed: @unchecked Sendable {
    private let lock = NSLock()
    private var outputs: [Output] = []
    var texts: [String] { lock.withLock { outputs.map(TextRenderer.render) } }
    var add: @Sendable (Output) -> Void { { output in self.lock.withLock { self.outputs.append(output) } } }
}
