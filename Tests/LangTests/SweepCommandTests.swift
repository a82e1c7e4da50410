import Foundation
import Testing
import Lang

/// `lstm sweep` as a user runs it: here with a process per job, again to resume, through GNU parallel, and stopped by
/// Ctrl-C. Results are compared with every field but `seconds` (the only one that depends on the machine's load).
@Suite(.serialized) struct SweepCommandTests {
    static let script = """
        sweep kind in [lstm, gru, rnn]
        sweep seed in [1, 2]
        let wave = damped_sine(length: 31, period: 10, decay: 0.05)
        model m = kind(inputs: 1, hidden: 3, seed: seed) -> linear(outputs: 1, seed: seed)
        train m input: wave[0:30], target: wave[1:31], optimizer: lbfgs(lr: 0.5, line_search: true), steps: 4

        """

    static func folder(with script: String = script) throws -> URL {
        let folder = try Support.scratchFolder()
        try script.write(to: folder.appendingPathComponent("s.lstm"), atomically: true, encoding: .utf8)
        return folder
    }

    static func results(_ folder: URL, _ output: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(output + "/results.jsonl"), encoding: .utf8)
    }

    /// The results without the one field that is not deterministic.
    static func withoutTime(_ text: String) -> String {
        text.replacingOccurrences(of: #", "seconds": [0-9.e-]+\}"#, with: "}", options: .regularExpression)
    }

    @Test func aLocalRunWritesEveryJobAndCollectRemakesItsResultsByteForByte() throws {
        let folder = try Self.folder()
        let run = try Support.lstm(["sweep", "s.lstm", "--output", "out"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("lstm: 6 jobs; 6 to run, 2 at a time (logs in out/logs)\n"))
        #expect(run.stdout.hasPrefix("kind  runs  train loss: median"))
        #expect(run.stdout.hasSuffix("out/results.jsonl: 6 of 6 jobs\n"))
        let local = try Self.results(folder, "out")
        #expect(local.split(separator: "\n").count == 6)
        #expect(local.hasPrefix(#"{"job": 0, "axes": {"kind": "lstm", "seed": 1}, "status": "ok", "#))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("out/results.jsonl"))
        let collect = try Support.lstm(["sweep", "collect", "out"], in: folder)
        #expect(collect.status == 0 && collect.stdout.hasSuffix("out/results.jsonl: 6 of 6 jobs\n"))
        #expect(try Self.results(folder, "out") == local)
        // A job run again by hand is left as it is.
        let again = try Support.lstm(["sweep", "s.lstm", "--job", "3", "--output", "out"], in: folder)
        #expect(again.status == 0 && again.stdout == "job 3 already finished: out/jobs/0003.json\n")
    }

    @Test func aSecondRunKeepsFinishedJobsAndRunsTheRest() throws {
        let folder = try Self.folder()
        #expect(try Support.lstm(["sweep", "s.lstm", "--output", "out"], in: folder).status == 0)
        let first = try Self.results(folder, "out")
        let jobs = folder.appendingPathComponent("out/jobs")
        let kept = try String(contentsOf: jobs.appendingPathComponent("0000.json"), encoding: .utf8)
        try FileManager.default.removeItem(at: jobs.appendingPathComponent("0004.json"))
        try "{\"job\": 1, \"axes\": {\"kind\": \"ls".write(to: jobs.appendingPathComponent("0001.json"), atomically: true, encoding: .utf8)
        let resumed = try Support.lstm(["sweep", "s.lstm", "--output", "out"], in: folder)
        #expect(resumed.status == 0)
        #expect(resumed.stderr.hasPrefix("lstm: 6 jobs, 4 kept from an earlier run; 2 to run, 2 at a time"))
        #expect(try String(contentsOf: jobs.appendingPathComponent("0000.json"), encoding: .utf8) == kept)  // not run again
        #expect(Self.withoutTime(try Self.results(folder, "out")) == Self.withoutTime(first))
        // Another script in the same folder is refused rather than mixed in.
        try Self.script.replacingOccurrences(of: "[1, 2]", with: "[1, 3]").write(to: folder.appendingPathComponent("s.lstm"),
                                                                                 atomically: true, encoding: .utf8)
        let other = try Support.lstm(["sweep", "s.lstm", "--output", "out"], in: folder)
        #expect(other.status == 2 && other.stderr.hasPrefix("lstm: out holds a sweep of another script (s.lstm as it was then)"))
    }

    @Test func gnuParallelRunsTheEmittedCommandsToTheSameResults() throws {
        let parallel = try #require(["/usr/bin/parallel"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                    "install Debian's parallel to run this test")
        let folder = try Self.folder()
        #expect(try Support.lstm(["sweep", "s.lstm", "--output", "here"], in: folder).status == 0)
        let emitted = try Support.lstm(["sweep", "s.lstm", "--emit", "parallel", "--output", "there"], in: folder)
        #expect(emitted.status == 0)
        let commands = emitted.stdout.split(separator: "\n")
        #expect(commands.count == 6 && commands[0].hasPrefix("LSTM_THREADS=1 '") && commands[0].contains("' --job 0 --output '"))
        let run = Process()
        run.executableURL = URL(fileURLWithPath: parallel)
        run.arguments = ["--will-cite", "-j", "2"]
        run.currentDirectoryURL = folder
        let input = Pipe()
        run.standardInput = input
        run.standardOutput = FileHandle.nullDevice
        run.standardError = FileHandle.nullDevice
        try run.run()
        input.fileHandleForWriting.write(Data(emitted.stdout.utf8))
        try input.fileHandleForWriting.close()
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        let collect = try Support.lstm(["sweep", "collect", "there"], in: folder)
        #expect(collect.status == 0)
        #expect(Self.withoutTime(try Self.results(folder, "there")) == Self.withoutTime(try Self.results(folder, "here")))
        // Nothing is left to emit once every job has finished.
        let none = try Support.lstm(["sweep", "s.lstm", "--emit", "slurm", "--output", "there"], in: folder)
        #expect(none.status == 0 && none.stdout.isEmpty && none.stderr.hasPrefix("lstm: every job of the sweep has finished"))
    }

    @Test func aFailedJobIsReportedAndTheOthersRun() throws {
        // A value that no job could use is refused before any job runs, and nothing is written.
        let refused = try Self.folder(with: Self.script.replacingOccurrences(of: "[1, 2]", with: "[1, -2]"))
        let early = try Support.lstm(["sweep", "s.lstm", "--output", "out"], in: refused)
        #expect(early.status == 1)
        #expect(early.stderr.hasPrefix("s.lstm:2:19: error: seed must be a whole number from 0\n    sweep seed in [1, -2]\n"))
        #expect(early.stderr.contains("note: in job 1 of 6: kind = lstm, seed = -2\nlstm: no job was run"))
        #expect(!FileManager.default.fileExists(atPath: refused.appendingPathComponent("out").path))
        // An error after training fails its job alone.
        let late = try Self.folder(with: Self.script.replacingOccurrences(of: "sweep seed in [1, 2]",
                                                                         with: "sweep seed in [1, 2]\nsweep fail in [0, 1]")
            + "print [1, 2][fail * 5]\n")
        let run = try Support.lstm(["sweep", "s.lstm", "--output", "out"], in: late)
        #expect(run.status == 1)
        #expect(run.stderr.contains("job 1 (kind = lstm, seed = 1, fail = 1) failed:\ns.lstm:7:14: error: index 5 is out of range"))
        #expect(run.stdout.contains("out/results.jsonl: 12 of 12 jobs, 6 failed"))
        let results = try Self.results(late, "out")
        #expect(results.components(separatedBy: "\"status\": \"ok\"").count - 1 == 6)
        #expect(results.components(separatedBy: "\"status\": \"failed\"").count - 1 == 6)
    }

    @Test func ctrlCStopsTheJobsAndTheSameCommandGoesOn() throws {
        let slow = Self.script.replacingOccurrences(of: "sweep seed in [1, 2]", with: "sweep seed in [1, 2, 3, 4]")
            .replacingOccurrences(of: "steps: 4", with: "steps: 400")
        let folder = try Self.folder(with: slow)
        let process = Process()
        process.executableURL = Support.binary
        process.arguments = ["sweep", "s.lstm", "--output", "out", "--jobs", "1"]
        process.currentDirectoryURL = folder
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let jobs = folder.appendingPathComponent("out/jobs")
        let deadline = Date().addingTimeInterval(120)
        while ((try? FileManager.default.contentsOfDirectory(atPath: jobs.path)) ?? []).filter({ $0.hasSuffix(".json") }).isEmpty,
              Date() < deadline { usleep(20_000) }
        process.interrupt()
        let said = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(said.contains("lstm: stopped (Ctrl-C): "))
        let done = try FileManager.default.contentsOfDirectory(atPath: jobs.path).filter { $0.hasSuffix(".json") }
        #expect(done.count >= 1 && done.count < 12, "\(done)")
        #expect(SweepFolder(folder.appendingPathComponent("out").path).finished(jobs: 12).count == done.count)  // every file whole
        let resumed = try Support.lstm(["sweep", "s.lstm", "--output", "out"], in: folder)
        #expect(resumed.status == 0)
        #expect(resumed.stderr.hasPrefix("lstm: 12 jobs, \(done.count) kept from an earlier run; \(12 - done.count) to run"))
    }
}
