import Foundation

/// A sweep's jobs handed to an existing engine: one shell command per job for GNU parallel, or a Slurm job array.
/// Every command runs one job (`lstm sweep FILE --job N --output DIR`), which writes `DIR/jobs/ID.json`;
/// `lstm sweep collect DIR` then gathers them.
public struct SweepEmit: Sendable {
    /// The `lstm` binary, the script and the output folder, as absolute paths every host of the engine can reach.
    public let lstm: String
    public let script: String
    public let output: String
    public let full: Bool

    public init(lstm: String, script: String, output: String, full: Bool) {
        (self.lstm, self.script, self.output, self.full) = (lstm, script, output, full)
    }

    /// `text` quoted for a POSIX shell.
    public static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The command that runs job `job` on one core, as a line for GNU parallel.
    func command(job: String) -> String { "LSTM_THREADS=1 " + lstmCommand(job: job) }

    /// The same without the environment (`job` may be a shell word such as `"$SLURM_ARRAY_TASK_ID"`): what an sbatch
    /// script `exec`s after exporting LSTM_THREADS.
    func lstmCommand(job: String) -> String {
        "\(Self.quoted(lstm)) sweep \(Self.quoted(script)) --job \(job) --output \(Self.quoted(output))"
            + (full ? " --full" : "")
    }

    /// One line per job, for `parallel` (which runs each line as a shell command).
    public func parallel(jobs: [Int]) -> String { jobs.map { command(job: String($0)) + "\n" }.joined() }

    /// An `sbatch` script: a job array with one task per job, one core each, logs in `DIR/logs`.
    public func slurm(jobs: [Int], of count: Int) -> String {
        """
        #!/bin/bash
        # The sweep of \(script): \(jobs.count) of its \(count) jobs as a Slurm job array (made by lstm sweep --emit slurm).
        # Submit it with sbatch; when every task has ended, lstm sweep collect \(Self.quoted(output)) gathers the results.
        #SBATCH --job-name=lstm-sweep
        #SBATCH --array=\(Self.ranges(jobs))
        #SBATCH --ntasks=1
        #SBATCH --cpus-per-task=1
        #SBATCH --output=\(output)/logs/slurm-%A_%a.out
        export LSTM_THREADS=1
        exec \(lstmCommand(job: "\"$SLURM_ARRAY_TASK_ID\""))

        """
    }

    /// `0-3,7,9-12`: sorted job numbers as Slurm's `--array` writes them.
    public static func ranges(_ jobs: [Int]) -> String {
        var parts: [String] = []
        var k = 0
        while k < jobs.count {
            var end = k
            while end + 1 < jobs.count && jobs[end + 1] == jobs[end] + 1 { end += 1 }
            parts.append(end == k ? "\(jobs[k])" : "\(jobs[k])-\(jobs[end])")
            k = end + 1
        }
        return parts.joined(separator: ",")
    }
}
