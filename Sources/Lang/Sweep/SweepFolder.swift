import Foundation

/// The folder a sweep writes: `plan.json` (the script, its axes, how many jobs), `jobs/ID.json` (one line per finished
/// job, written whole or not at all) and `results.jsonl` (every finished job's line, in job order). Whoever runs the
/// jobs — `lstm sweep`, GNU parallel, Slurm — the job files are the same, and so is what `collect` makes of them.
public struct SweepFolder: Sendable {
    public let path: String

    public init(_ path: String) { self.path = path }

    public var planPath: String { path + "/plan.json" }
    public var jobsPath: String { path + "/jobs" }
    public var logsPath: String { path + "/logs" }
    public var resultsPath: String { path + "/results.jsonl" }

    /// A job's file: its number with as many leading zeros as the largest number needs (at least four).
    public func jobPath(_ job: Int, of count: Int) -> String { jobsPath + "/" + Self.id(job, of: count) + ".json" }

    /// `0007`: a job's number as its files are named.
    public static func id(_ job: Int, of count: Int) -> String {
        let digits = max(4, String(max(count - 1, 0)).count), text = String(job)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// A problem with the folder, in words.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// What `plan.json` says: the script's name and text, whether the full values were taken, how many jobs.
    public struct Recorded: Sendable {
        public let script: String
        public let text: String
        public let full: Bool
        public let jobs: Int
    }

    /// Makes the folder and writes `plan.json` for `plan`; a folder that holds another script's sweep is refused, so that
    /// finished jobs are kept only for the very script (and the same `--full`) that made them.
    public func prepare(for plan: SweepPlan) throws(Problem) {
        do {
            try FileManager.default.createDirectory(atPath: jobsPath, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: logsPath, withIntermediateDirectories: true)
        } catch { throw Problem(description: "cannot make \(jobsPath): \(error.localizedDescription)") }
        if FileManager.default.fileExists(atPath: planPath) {
            let recorded = try readPlan()
            guard recorded.text == plan.file.text, recorded.full == plan.full else {
                throw Problem(description: "\(path) holds a sweep of another script (\(recorded.script)"
                    + "\(recorded.full == plan.full ? "" : recorded.full ? " with --full" : " without --full")"
                    + " as it was then); give another --output, or remove \(path)")
            }
            return
        }
        let axes = plan.axes.map { a in "{\"name\": \(JSONRenderer.string(a.name)), \"values\": ["
            + a.values.map(\.json).joined(separator: ", ") + "]}" }
        let text = "{\"version\": 1, \"script\": \(JSONRenderer.string(plan.file.name)), \"full\": \(plan.full), "
            + "\"jobs\": \(plan.jobCount),\n \"axes\": [" + axes.joined(separator: ", ") + "],\n \"text\": "
            + JSONRenderer.string(plan.file.text) + "}\n"
        do { try AtomicFile.write(text, to: planPath) } catch { throw Problem(description: "cannot write \(planPath): \(error)") }
    }

    /// Reads `plan.json`.
    public func readPlan() throws(Problem) -> Recorded {
        guard let data = FileManager.default.contents(atPath: planPath) else {
            throw Problem(description: "\(path) holds no sweep (no plan.json): run lstm sweep FILE --output \(path) "
                + "or --emit first")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["version"] as? Int == 1,
              let script = object["script"] as? String, let text = object["text"] as? String, let full = object["full"] as? Bool,
              let jobs = object["jobs"] as? Int else {
            throw Problem(description: "\(planPath) cannot be read as a sweep's plan")
        }
        return Recorded(script: script, text: text, full: full, jobs: jobs)
    }

    /// The finished jobs by number: a job file counts only when it is one whole line of JSON that records that job with
    /// a status (a job killed while writing leaves no such file, so it is run again).
    public func finished(jobs: Int) -> [Int: JobLine] {
        var done: [Int: JobLine] = [:]
        for job in 0..<jobs { done[job] = finished(job, of: jobs) }
        return done
    }

    /// Job `job`'s record, if its file is whole.
    public func finished(_ job: Int, of jobs: Int) -> JobLine? {
        guard let data = FileManager.default.contents(atPath: jobPath(job, of: jobs)), let record = JobLine(data),
              record.job == job else { return nil }
        return record
    }

    /// Gathers the lines of the finished ones of `jobs` jobs into `results.jsonl`, in job order: the jobs that were
    /// found, and those missing.
    @discardableResult
    public func collect(jobs: Int) throws(Problem) -> (lines: [JobLine], missing: [Int]) {
        let done = finished(jobs: jobs)
        let lines = done.keys.sorted().map { done[$0]! }
        do { try AtomicFile.write(lines.map(\.text).joined(), to: resultsPath) } catch {
            throw Problem(description: "cannot write \(resultsPath): \(error)")
        }
        return (lines, (0..<jobs).filter { done[$0] == nil })
    }

    /// `DIR/results.jsonl: 10 of 12 jobs, 1 failed; not finished: 3, 7`: what a run or a collect ends with.
    public func closingLine(_ lines: [JobLine], missing: [Int]) -> String {
        let failed = lines.filter { !$0.ok }.count
        return "\(resultsPath): \(lines.count) of \(lines.count + missing.count) jobs" + (failed > 0 ? ", \(failed) failed" : "")
            + (missing.isEmpty ? "" : "; not finished: \(SweepEmit.ranges(missing))")
    }
}

/// One job's line read back: enough to check it is whole and to summarize it.
public struct JobLine: Sendable {
    public let text: String
    public let job: Int
    public let ok: Bool
    public let trainLoss: Double?
    public let testLoss: Double?
    public let parameters: Int?
    public let survival: Double?
    public let error: String?

    /// Reads one job file's bytes: nil unless they are one whole line holding a job's record.
    public init?(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasSuffix("}\n"), text.dropLast().firstIndex(of: "\n") == nil,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let job = object["job"] as? Int, let status = object["status"] as? String, ["ok", "failed"].contains(status),
              object["axes"] is [String: Any], object["seconds"] != nil else { return nil }
        self.text = text
        self.job = job
        ok = status == "ok"
        func number(_ key: String) -> Double? {
            if let n = object[key] as? NSNumber { return n.doubleValue }
            return (object[key] as? String).flatMap { ["nan": .nan, "inf": .infinity, "-inf": -.infinity][$0] }
        }
        trainLoss = number("train_loss")
        testLoss = number("test_loss")
        parameters = object["parameters"] as? Int
        survival = number("survival")
        error = object["error"] as? String
        guard !ok || (trainLoss != nil && parameters != nil && survival != nil) else { return nil }
    }
}
