import ArgumentParser
import Foundation
import Lang

/// `lstm sweep FILE --output DIR`: every combination of a script's axes as a job — run here, one process per core,
/// or handed to GNU parallel or Slurm — and `lstm sweep collect DIR` to gather what the jobs wrote.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every combination of a script's sweep axes as a job (here, or through GNU parallel or Slurm).",
        usage: "lstm sweep FILE --output DIR [--jobs N] [--full] [--emit parallel|slurm]\nlstm sweep collect DIR",
        subcommands: [SweepRun.self, SweepCollect.self],
        defaultSubcommand: SweepRun.self)
}

/// The engines `--emit` prints a sweep's jobs for.
enum Engine: String, ExpressibleByArgument, CaseIterable {
    case parallel, slurm
}

/// `lstm sweep FILE --output DIR [--jobs N] [--full] [--emit parallel|slurm] [--job N]`.
struct SweepRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep script's jobs (finished ones are kept), or print them for GNU parallel or Slurm.")

    @ArgumentParser.Argument(help: "The sweep script (.lstm with sweep axes at the top).")
    var file: String

    @Option(name: .shortAndLong, help: "The folder for plan.json, jobs/ID.json, logs/ and results.jsonl (made if missing).")
    var output: String

    @Option(help: "How many jobs run at once here; the default is this machine's number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Take each axis's `full` values: the sweep sized for a cluster.")
    var full = false

    @Option(help: "Print the jobs for an engine instead of running them: parallel (one command per line) or slurm (an sbatch script).")
    var emit: Engine?

    @Option(help: "Run only this job (what the printed commands do).")
    var job: Int?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard emit == nil || job == nil else { throw ValidationError("--emit and --job go separately") }
    }

    func run() throws {
        let printer = Printer(format: .text)
        let folder = SweepFolder(output)
        if let job { return try runOne(job, folder, printer) }
        let plan = try Self.plan(file, full: full, printer)
        Signals.install(exitOnSecond: true)
        if let error = plan.check(shouldStop: Signals.interrupted) {
            printer.report(error)
            Console.error("lstm: no job was run: the value above is refused")
            throw ExitCode(1)
        }
        if Signals.interrupted() { throw ExitCode(130) }
        do { try folder.prepare(for: plan) } catch {
            Console.error("lstm: \(error)")
            throw ExitCode(2)
        }
        let finished = folder.finished(jobs: plan.jobCount)
        let waiting = (0..<plan.jobCount).filter { finished[$0] == nil }
        if let emit { return try Self.emit(emit, plan, waiting, folder, file: file) }
        try SweepPool(plan: plan, folder: folder, waiting: waiting, kept: finished.count, width: jobs).run()
    }

    /// The script's plan, or its first error reported (status 1; 2 for a file that cannot be read).
    static func plan(_ file: String, named name: String? = nil, full: Bool, _ printer: Printer) throws -> SweepPlan {
        guard let source = readSource(file) else {
            Console.error("lstm: cannot read \(file)")
            throw ExitCode(2)
        }
        do {
            var script = try source.get()
            if let name { script = SourceFile(name: name, text: script.text) }
            return try SweepPlan(script, full: full)
        } catch {
            printer.report(error)  // a Diagnostic: everything in the block throws only those
            throw ExitCode(1)
        }
    }

    /// One job, as an engine runs it: named as the plan names its script, recorded atomically; a job already finished is
    /// left as it is. Status 0 when it trained, 1 when it failed (its record says why), 130 when stopped (nothing written).
    func runOne(_ job: Int, _ folder: SweepFolder, _ printer: Printer) throws {
        let recorded: SweepFolder.Recorded
        do { recorded = try folder.readPlan() } catch {
            Console.error("lstm: \(error)")
            throw ExitCode(2)
        }
        let plan = try Self.plan(file, named: recorded.script, full: full, printer)
        guard plan.file.text == recorded.text, recorded.full == full else {
            Console.error("lstm: \(file) is not the script \(folder.path)/plan.json was made for (it changed since)")
            throw ExitCode(2)
        }
        guard (0..<plan.jobCount).contains(job) else {
            Console.error("lstm: the sweep has jobs 0 to \(plan.jobCount - 1); there is no job \(job)")
            throw ExitCode(2)
        }
        if folder.finished(job, of: plan.jobCount) != nil {
            Console.out("job \(job) already finished: \(folder.jobPath(job, of: plan.jobCount))")
            return
        }
        Signals.install(exitOnSecond: true)
        guard let record = plan.run(job: job, shouldStop: Signals.interrupted, sink: printer.sink) else {
            Console.error("lstm: job \(job) stopped (Ctrl-C); nothing was recorded")
            throw ExitCode(130)
        }
        do { try AtomicFile.write(record.json, to: folder.jobPath(job, of: plan.jobCount)) } catch {
            Console.error("lstm: cannot write \(folder.jobPath(job, of: plan.jobCount)): \(error)")
            throw ExitCode(2)
        }
        if case .failed(let d) = record.outcome {
            printer.report(d)
            throw ExitCode(1)
        }
    }

    /// Prints the waiting jobs for `engine`, and says on standard error how to run them and gather the results.
    static func emit(_ engine: Engine, _ plan: SweepPlan, _ waiting: [Int], _ folder: SweepFolder, file: String) throws {
        let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        let lstm = Bundle.main.executablePath.map(absolute) ?? "lstm"
        let emit = SweepEmit(lstm: lstm, script: absolute(file), output: absolute(folder.path), full: plan.full)
        let kept = plan.jobCount - waiting.count
        let keptNote = kept > 0 ? " (\(kept) of \(plan.jobCount) already finished)" : ""
        guard !waiting.isEmpty else {
            Console.error("lstm: every job of the sweep has finished; lstm sweep collect \(SweepEmit.quoted(folder.path)) gathers them")
            return
        }
        switch engine {
        case .parallel:
            Console.out(emit.parallel(jobs: waiting), terminator: "")
            let cores = ProcessInfo.processInfo.activeProcessorCount
            Console.error("lstm: \(waiting.count.counting("job"))\(keptNote); run them with: … | parallel -j \(cores)"
                + " (add -S host1,host2 for other machines that see the same paths), then: lstm sweep collect \(folder.path)")
        case .slurm:
            Console.out(emit.slurm(jobs: waiting, of: plan.jobCount), terminator: "")
            Console.error("lstm: \(waiting.count.counting("job"))\(keptNote) as a job array; save it, submit it with sbatch, "
                + "then: lstm sweep collect \(folder.path)")
        }
    }
}

/// `lstm sweep collect DIR`: the finished jobs' records gathered into DIR/results.jsonl, and the summary.
struct SweepCollect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect", abstract: "Gather a sweep's job files into DIR/results.jsonl and print its summary.")

    @ArgumentParser.Argument(help: "The sweep's output folder.")
    var folder: String

    func run() throws {
        let folder = SweepFolder(self.folder)
        do {
            let recorded = try folder.readPlan()
            let plan = try SweepPlan(SourceFile(name: recorded.script, text: recorded.text), full: recorded.full)
            let (lines, missing) = try folder.collect(jobs: plan.jobCount)
            Console.out(SweepSummary.render(plan, lines), terminator: "")
            Console.out(folder.closingLine(lines, missing: missing))
            if !missing.isEmpty { throw ExitCode(1) }
        } catch let problem as SweepFolder.Problem {
            Console.error("lstm: \(problem)")
            throw ExitCode(2)
        } catch let d as Diagnostic {
            Printer(format: .text).report(d)
            throw ExitCode(2)
        }
    }
}
