import Kernel

/// What running a statement produced. The interpreter never prints: the REPL, `lstm run` and the
/// notebook replayer each render these their own way.
public enum Output: Sendable, Equatable {
    /// A printed value: the expression as written, the value, and the step of the cell it reads (if any).
    case value(label: String, value: Value, step: Int?, display: Display)
    /// A table (`show`, `trace`).
    case table(Table, display: Display)
    /// One step of training: its number, the loss, and the loss on the test data when there is any.
    case trainingStep(TrainingStep)
    /// A line of text about what happened.
    case note(String)
    /// Something that ran but looks unintended (a name one letter from another, `h_t-1`): said, and the run goes on.
    case warning(Diagnostic)
    /// What a cell written as equations was understood to be.
    case cellSummary(CellSummary)
    /// A cell's step drawn as the course draws it.
    case drawing(CellDrawing)
    /// A few steps of a cell side by side.
    case chain(Chain)
    /// A value over time × unit (or any matrix), shaded.
    case heatmap(Heatmap)
    /// A line chart of one or more series.
    case plot(Plot)
    /// Training under way (shown by a terminal as a progress bar; never recorded).
    case progress(Progress)
}

/// How numbers are shown: decimals (`precision N`), and how many entries of a long vector, rows of a matrix or
/// of a table are shown before the middle is left out (`entries N`; 0 shows everything).
public struct Display: Sendable, Equatable {
    public var digits: Int
    public var entries: Int

    public init(digits: Int = 4, entries: Int = 100) {
        self.digits = digits
        self.entries = entries
    }
}

/// Where training stands: for a progress bar's step, loss, rate and time left.
public struct Progress: Sendable, Equatable {
    /// Steps finished.
    public var step: Int
    public var of: Int
    /// The last step's loss, or inside a step the last evaluation's.
    public var loss: Double
    /// Seconds since training started.
    public var seconds: Double
    /// Inside step `step + 1`: how many times it has evaluated the loss and gradient so far (an L-BFGS step makes
    /// up to 20 evaluations, more with a line search); nil between steps.
    public var evaluation: Int?
    /// After the first evaluation of a long training: the most its steps should take, at that evaluation's pace.
    public var expected: ExpectedTime?

    public init(step: Int, of: Int, loss: Double, seconds: Double, evaluation: Int? = nil, expected: ExpectedTime? = nil) {
        self.step = step
        self.of = of
        self.loss = loss
        self.seconds = seconds
        self.evaluation = evaluation
        self.expected = expected
    }

    /// Seconds left at the pace so far, once a step has finished.
    public var secondsLeft: Double? {
        guard step > 0 else { return nil }
        return seconds / Double(step) * Double(of - step)
    }
}

/// How long a training should take: `steps` steps of up to `evaluationsPerStep` evaluations, each as long as the
/// first one was.
public struct ExpectedTime: Sendable, Equatable {
    public var model: String
    public var steps: Int
    public var evaluationsPerStep: Int
    public var secondsPerEvaluation: Double

    public init(model: String, steps: Int, evaluationsPerStep: Int, secondsPerEvaluation: Double) {
        self.model = model
        self.steps = steps
        self.evaluationsPerStep = evaluationsPerStep
        self.secondsPerEvaluation = secondsPerEvaluation
    }

    /// The most the training should take, in seconds.
    public var atMost: Double { Double(steps * evaluationsPerStep) * secondsPerEvaluation }

    /// Worth saying before a training that takes at least this long (seconds).
    public static let worthSaying = 10.0
}

/// One step of `train`, as numbers (renderers choose how to show them).
public struct TrainingStep: Sendable, Equatable {
    public var step: Int
    public var loss: Double
    public var testLoss: Double?

    public init(step: Int, loss: Double, testLoss: Double?) {
        self.step = step
        self.loss = loss
        self.testLoss = testLoss
    }
}

/// A titled table of labelled numbers, one row per hidden unit (or per step and unit).
public struct Table: Sendable, Equatable {
    public var title: String
    /// A value named after the title, shown at the table's precision (`x = [0.5000]` for `show`).
    public var caption: (name: String, value: Value)?
    public var columns: [String]
    /// Each row: its label cells (text) then its numbers.
    public var rows: [(labels: [String], numbers: [Double])]
    /// How many leading columns are labels.
    public var labelColumns: Int

    public init(title: String, caption: (name: String, value: Value)? = nil, columns: [String], labelColumns: Int,
                rows: [(labels: [String], numbers: [Double])]) {
        self.title = title
        self.caption = caption
        self.columns = columns
        self.labelColumns = labelColumns
        self.rows = rows
    }

    public static func == (a: Table, b: Table) -> Bool {
        a.title == b.title && a.caption?.name == b.caption?.name && a.caption?.value == b.caption?.value && a.columns == b.columns
            && a.labelColumns == b.labelColumns
            && a.rows.map(\.labels) == b.rows.map(\.labels) && a.rows.map(\.numbers) == b.rows.map(\.numbers)
    }
}

/// What the checker understood a cell written as equations to be: its input, its state, each parameter with
/// its shape, every value a step computes, and its output.
public struct CellSummary: Sendable, Equatable {
    public var name: String
    public var inputs: Int
    public var hidden: Int
    public var states: [String]
    public var values: [String]
    public var parameters: [ParameterShape]
    public var output: String
}

extension CellSummary {
    /// What `cell`'s program says, under the name it was given.
    init(name: String, cell: EquationCell) {
        let p = cell.program
        self.init(name: name, inputs: p.inputs, hidden: p.hidden, states: cell.stateNames, values: cell.intermediateNames,
                  parameters: p.parameters,
                  output: "h_t")
    }
}

extension Output {
    /// The output as a picture, when it is one (a drawing, a chain, a heatmap or a plot).
    public var svg: String? {
        switch self {
        case .drawing(let d): d.svg
        case .chain(let c): c.svg
        case .heatmap(let h): h.svg
        case .plot(let p): p.svg
        default: nil
        }
    }
}
