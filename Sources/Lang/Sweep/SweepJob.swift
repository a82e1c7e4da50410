import Kernel

/// What one job of a sweep found: its axes' values, and either the trained model's figures or the error that
/// stopped it. Every field but `seconds` is the same, bit for bit, wherever and however often the job runs.
public struct JobRecord: Sendable {
    public let job: Int
    /// Each axis's name and value (in JSON), in the order the script declares them.
    public let axes: [(name: String, json: String)]
    public enum Outcome: Sendable {
        case trained(TrainedFigures)
        case failed(Diagnostic)
    }
    public let outcome: Outcome
    public let seconds: Double

    /// One line of JSON, keys in a fixed order: what `DIR/jobs/ID.json` holds and `results.jsonl` gathers.
    public var json: String {
        var fields = ["\"job\": \(job)",
                      "\"axes\": {" + axes.map { JSONRenderer.string($0.name) + ": " + $0.json }.joined(separator: ", ") + "}"]
        switch outcome {
        case .trained(let f):
            fields += ["\"status\": \"ok\"", "\"train_loss\": \(JSONRenderer.number(f.trainLoss))",
                       "\"test_loss\": " + (f.testLoss.map(JSONRenderer.number) ?? "null"), "\"parameters\": \(f.parameters)",
                       "\"survival\": \(JSONRenderer.number(f.survival))", "\"steps\": \(f.steps)"]
        case .failed(let d):
            fields += ["\"status\": \"failed\"", "\"error\": " + JSONRenderer.string(TextRenderer.render(d)),
                       "\"error_id\": " + JSONRenderer.string(d.id)]
        }
        fields.append("\"seconds\": \(JSONRenderer.number(seconds))")
        return "{" + fields.joined(separator: ", ") + "}\n"
    }
}

/// The figures of a job's trained model: its loss on the training and test sequences after the last step, its size,
/// how much gradient crosses the whole first training sequence, and how many steps training took.
public struct TrainedFigures: Sendable {
    public let trainLoss: Double
    public let testLoss: Double?
    public let parameters: Int
    /// ‖∂y_T/∂x_1‖ / ‖∂y_T/∂x_T‖ on the first training sequence: the share of the last output's gradient that reaches
    /// the first input (0 when the last input gets none either).
    public let survival: Double
    public let steps: Int
}

extension SweepPlan {
    /// Runs every job up to its first `train`, which checks its arguments and stops: the first error found (with the job
    /// it came from in a note), or nil when every job's values are good. Nothing is trained and no job is recorded.
    public func check(shouldStop: @escaping @Sendable () -> Bool = { false }) -> Diagnostic? {
        for job in 0..<jobCount {
            if shouldStop() { return nil }
            let statements = statements(of: job)
            let firstTrain = statements.firstIndex { if case .train = $0.kind { true } else { false } }!
            var session = Session()
            session.checkOnly = true
            session.shouldStop = shouldStop
            guard var error = session.run(Array(statements[...firstTrain]), in: file).error else { continue }
            error.notes.append(.init("in job \(job) of \(jobCount): \(describe(job))"))
            return error
        }
        return nil
    }

    /// Runs job `job` in a fresh session: its record, or nil when `shouldStop` stopped it (a stopped job is not recorded).
    public func run(job: Int, shouldStop: @escaping @Sendable () -> Bool = { false },
                    sink: (@Sendable (Output) -> Void)? = nil) -> JobRecord? {
        let clock = ContinuousClock(), start = clock.now
        let statements = statements(of: job)
        var session = Session()
        session.shouldStop = shouldStop
        session.sink = sink
        let result = session.run(statements, in: file)
        if shouldStop() || [Message.stoppedBefore.id, Message.interrupted.id].contains(result.error?.id) { return nil }
        let outcome: JobRecord.Outcome
        if let error = result.error {
            outcome = .failed(error)
        } else if let record = session.lastTraining, let slot = session.models[record.model] {
            guard let figures = Self.figures(slot, record, shouldStop: shouldStop) else { return nil }
            outcome = .trained(figures)
        } else {
            let lastTrain = statements.last { if case .train = $0.kind { true } else { false } }!
            outcome = .failed(Diagnostic(.sweepTrainedNothing, at: lastTrain.range, in: file))
        }
        let seconds = (clock.now - start).seconds
        let axes = zip(self.axes, values(of: job)).map { (name: $0.name, json: $1.json) }
        return JobRecord(job: job, axes: axes, outcome: outcome, seconds: (seconds * 1000).rounded() / 1000)
    }

    /// The trained model's figures, or nil when stopped on the way.
    static func figures(_ slot: ModelSlot, _ record: TrainingRecord, shouldStop: () -> Bool) -> TrainedFigures? {
        let model = slot.model
        guard let trainLoss = model.meanSquaredError(inputs: record.input, targets: record.target, shouldStop: shouldStop),
              let reach = inputReach(model, sequence: record.input, shouldStop: shouldStop) else { return nil }
        var testLoss: Double? = nil
        if let test = record.test {
            guard let loss = model.meanSquaredError(inputs: test.input, targets: test.target, shouldStop: shouldStop) else { return nil }
            testLoss = loss
        }
        let survival = reach.last! > 0 ? reach.first! / reach.last! : 0
        return TrainedFigures(trainLoss: trainLoss, testLoss: testLoss, parameters: model.flatParameters.count, survival: survival,
                              steps: slot.losses.count)
    }
}
