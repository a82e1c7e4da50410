import ArgumentParser
import Foundation
import Lang

/// Runs a sweep's waiting jobs here, each in its own `lstm sweep FILE --job N` process on one core, `width` at a time,
/// with a progress bar on standard error; Ctrl-C stops them all (finished jobs stay recorded, a stopped one writes
/// nothing), and the same command later goes on where this one stopped.
struct SweepPool {
    let plan: SweepPlan
    let folder: SweepFolder
    let waiting: [Int]
    let kept: Int
    let width: Int

    /// What the children report, from Foundation's termination handlers.
    final class Ended: @unchecked Sendable {
        let lock = NSLock()
        let signal = DispatchSemaphore(value: 0)
        var jobs: [Int] = []
        func add(_ job: Int) { lock.withLock { jobs.append(job) }; signal.signal() }
        func take() -> [Int] { lock.withLock { defer { jobs = [] }; return jobs } }
    }

    func run() throws {
        let total = plan.jobCount
        Console.error("lstm: \(total.counting("job"))" + (kept > 0 ? ", \(kept) kept from an earlier run" : "")
            + "; \(waiting.count) to run, \(min(width, max(waiting.count, 1))) at a time (logs in \(folder.logsPath))")
        let ended = Ended()
        var queue = waiting[...]
        var running: [Int: Process] = [:]
        var done = 0, failed = 0
        let clock = ContinuousClock(), start = clock.now
        var progress = SweepProgress(total: waiting.count)
        while !queue.isEmpty || !running.isEmpty {
            while running.count < width, !Signals.interrupted(), let job = queue.popFirst() {
                running[job] = try launch(job, ended)
            }
            _ = ended.signal.wait(timeout: .now() + .milliseconds(250))
            if Signals.interrupted() {
                queue = []
                for process in running.values where process.isRunning { process.interrupt() }
            }
            for job in ended.take() {
                let status = running.removeValue(forKey: job)?.terminationStatus ?? 0
                guard let line = folder.finished(job, of: total) else {
                    if !Signals.interrupted() {
                        progress.say("job \(job) (\(plan.describe(job))) ended with status \(status) and recorded nothing; "
                            + "see \(folder.logsPath)/\(SweepFolder.id(job, of: total)).log")
                        failed += 1
                    }
                    continue
                }
                done += 1
                if !line.ok {
                    failed += 1
                    progress.say("job \(job) (\(plan.describe(job))) failed:\n" + (line.error ?? ""))
                }
            }
            progress.draw(done: done, failed: failed, seconds: (clock.now - start).seconds)
        }
        progress.finish()
        let (lines, missing) = try folder.collect(jobs: total)
        if Signals.interrupted() {
            Console.error("lstm: stopped (Ctrl-C): \(lines.count) of \(total) jobs are finished and kept in \(folder.jobsPath); "
                + "the same command goes on with the other \(missing.count)")
            throw ExitCode(130)
        }
        Console.out(SweepSummary.render(plan, lines), terminator: "")
        Console.out(folder.closingLine(lines, missing: missing))
        if failed > 0 || !missing.isEmpty { throw ExitCode(1) }
    }

    /// Starts job `job` as a child process (one thread), its output in `logs/ID.log`.
    func launch(_ job: Int, _ ended: Ended) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
        process.arguments = ["sweep", plan.file.name, "--job", String(job), "--output", folder.path] + (plan.full ? ["--full"] : [])
        var environment = ProcessInfo.processInfo.environment
        environment["LSTM_THREADS"] = "1"
        process.environment = environment
        let log = folder.logsPath + "/" + SweepFolder.id(job, of: plan.jobCount) + ".log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)  // if it could not, the next line throws
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { _ in
            try? handle.close()
            ended.add(job)
        }
        try process.run()
        return process
    }
}

/// The progress of a sweep on standard error: a bar redrawn in place on a terminal, a line per job otherwise.
struct SweepProgress {
    let total: Int
    let terminal = isatty(2) == 1
    /// The count of jobs done that the last line said (without a terminal, a line is written only when it changes).
    var lastDone = -1

    /// A message between redraws of the bar.
    mutating func say(_ text: String) {
        if terminal { Console.error("\r\u{1B}[K" + text) } else { Console.error(text) }
    }

    mutating func draw(done: Int, failed: Int, seconds: Double) {
        let left = done > 0 && done < total ? " · about \(Self.clock(seconds / Double(done) * Double(total - done))) left" : ""
        let text = "\(done)/\(total) jobs" + (failed > 0 ? " · \(failed) failed" : "") + " · \(Self.clock(seconds))" + left
        if terminal {
            let filled = total > 0 ? 24 * done / total : 24
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 24 - filled)
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + bar + " " + text).utf8))
        } else if done != lastDone {
            lastDone = done
            Console.error(text)
        }
    }

    func finish() { if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }

    /// `1:05` or `1:02:05`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}
