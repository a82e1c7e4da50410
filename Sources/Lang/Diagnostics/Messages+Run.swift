import Foundation
import Kernel

/// What the checker and the interpreter both find, in a cell's equations or at the prompt.
extension Message {
    static func functionWithoutCall(_ name: String, in phase: Phase) -> Message {
        Message(phase, "\(name) is a function: write \(name)(…)")
    }
    static func takesOneValue(_ function: String, in phase: Phase) -> Message { Message(phase, "\(function) takes one value") }
}

/// What running a statement finds: names, values, indexing, functions.
extension Message {
    static func unknownName(_ name: String) -> Message { Message(.run, "unknown name '\(name)'") }
    static func cellIsNotAValue(_ name: String) -> Message { Message(.run, "'\(name)' is a cell; read one of its fields, like \(name).h") }
    static var stringOutsideFileName: Message { Message(.run, "a string can only name a file, as in save m to \"weights.json\"") }
    static var rangeOutsideIndex: Message { Message(.run, "a range like 1:3 can only stand inside an index, as in v[1:3]") }
    static var fieldsOnlyOnCellsAndModels: Message { Message(.run, "only cells and models have fields") }
    static var divisionByZero: Message { Message(.run, "division by zero") }
    static func cannotCombine(_ verb: String, _ a: Value, _ b: Value) -> Message {
        Message(.run, "cannot \(verb) \(a.describe) and \(b.describe)")
    }
    static var booleanInArithmetic: Message { Message(.run, "true and false cannot be computed with") }
    static var emptyList: Message { Message(.run, "an empty list has no value; write at least one number") }
    static var rowNotNumbers: Message { Message(.run, "a matrix row must be a list of numbers") }
    static func raggedMatrix(row: Int, first: Int) -> Message {
        Message(.run, "ragged matrix: this row has \(row) entr\(row == 1 ? "y" : "ies") but the first has \(first)")
    }
    static func matrixInVector(_ m: Matrix) -> Message { Message(.run, "a \(m.rows)×\(m.cols) matrix cannot be part of a vector") }
    static func notIndexable(_ v: Value) -> Message { Message(.run, "\(v.describe) cannot be indexed") }
    static func tooManyIndices(_ v: Value, most: Int) -> Message {
        Message(.run, "\(v.describe) takes \(most) index\(most == 1 ? "" : "es") at most")
    }
    static var indexNotWhole: Message { Message(.run, "an index is a whole number (counting from 0)") }
    static func indexOutOfRange(_ x: Double, _ v: Value, count: Int) -> Message {
        return Message(.run, "index \(spoken(x)) is out of range: \(v.describe) has "
            + "\(count == 0 ? "no indices" : "indices 0 to \(count - 1)")")
    }
    static func emptyRange(_ a: Int, _ b: Int) -> Message { Message(.run, "the range \(a):\(b) is empty") }

    static func unknownFunction(_ name: String) -> Message { Message(.run, "unknown function '\(name)'") }
    static func takesCount(_ function: String) -> Message {
        Message(.run, "\(function) takes a whole number from 1 to \(Limits.width)")
    }
    static func needsLabel(_ function: String, _ label: String) -> Message { Message(.run, "\(function) needs '\(label): …'") }
    static func notFromZero(_ label: String, whole: Bool) -> Message {
        Message(.run, "\(label) must be a \(whole ? "whole " : "")number from 0")
    }
    /// `numbers` 8-byte numbers as a size a person reads: "160 MiB", "2.0 GiB", "3.0 PiB".
    static func bytes(_ numbers: Double) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var size = numbers * 8 / 1024, unit = 0
        while size >= 1024 && unit < units.count - 1 { size /= 1024; unit += 1 }
        return (size < 10 ? String(format: "%.1f", size) : String(format: "%.0f", size)) + " " + units[unit]
    }
    static func overBudget(_ what: String, needs: Double, held: Int?, budget: Int) -> Message {
        let gib = Self.bytes
        let holding = held.map { "; the session already holds \(gib(Double($0))) of its \(gib(Double(budget)))" }
            ?? " but a session may hold \(gib(Double(budget))) in all"
        return Message(.run, "\(what) would take \(gib(needs))\(holding)")
    }
    static var sineWavesTooLarge: Message { Message(.run, "sine_waves: count × length must be from 1 to \(Limits.parameters)") }
    static func taskTooLarge(_ fn: String) -> Message {
        Message(.run, "\(fn): length must be at least 2, and count × length at most \(Limits.parameters)")
    }
    static var sineWavesPeriodOrSeed: Message { Message(.run, "sine_waves needs a period from 0.25 to below 2^29 and a seed below 2^32") }
    static var lengthOutOfRange: Message { Message(.run, "length must be from 1 to \(Limits.parameters)") }
    static var periodNotPositive: Message { Message(.run, "the period must be above 0") }
    static var linspaceUsage: Message { Message(.run, "linspace takes a start, an end and a count, like linspace(-6, 6, 13)") }
    static var linspaceValues: Message { Message(.run, "linspace takes two numbers and a whole count from 2 to \(Limits.width)") }
    static var mseUsage: Message { Message(.run, "mse takes two values of the same shape") }
    static func mseShapes(_ a: Value, _ b: Value) -> Message {
        Message(.run, "mse needs two values of the same shape; got \(a.describe) and \(b.describe)")
    }
    static var predictUsage: Message { Message(.run, "predict takes a model and its inputs, like predict(m, X, future: 100)") }
    static func singleNumbers(_ statement: String, _ model: String) -> Message {
        Message(.run, "\(statement) works on sequences of single numbers: \(model) must take 1 input and give 1 output")
    }
    static func predictionTooLong(_ model: String) -> Message {
        Message(.run, "that prediction is too long for \(model); ask for fewer steps")
    }
    static var gradientNormsUsage: Message {
        Message(.run, "gradient_norms takes a cell and steps:, like gradient_norms(c, steps: 30)")
    }
    static var gradientNormsSteps: Message { Message(.run, "steps must be a whole number from 1 to 1000") }
    static func gradientNormsTooLong(_ cell: String, steps: Int) -> Message {
        Message(.run, "gradient_norms on \(cell) for \(steps) steps would take too long; try fewer steps or a smaller cell")
    }
    static var loadDataUsage: Message { Message(.run, "load_data takes a file name, like load_data(\"dump.json\")") }

    static func reservedName(_ name: String) -> Message { Message(.run, "'\(name)' is a reserved name; choose another") }
    static func cellNameForModel(_ name: String) -> Message { Message(.run, "'\(name)' is a cell; a model needs a name of its own") }
    static func letOverCell(_ name: String) -> Message {
        Message(.run, "'\(name)' is a cell; a let cannot replace it (reset it, or pick another name)")
    }
    static func nameIsModel(_ name: String) -> Message { Message(.run, "'\(name)' is a model; pick another name") }
    static var precisionRange: Message { Message(.run, "precision takes a whole number of decimals from 0 to 17") }
    static var expectedCellName: Message { Message(.run, "expected the name of a cell") }
    static func notACell(_ name: String, _ value: Value) -> Message { Message(.run, "'\(name)' is \(value.describe), not a cell") }
    static func noSuchCell(_ name: String) -> Message { Message(.run, "no cell is called '\(name)'") }
    static func assignToCell(_ name: String) -> Message { Message(.run, "'\(name)' is a cell; set its fields, like \(name).h = …") }
    static func assignUndefined(_ name: String) -> Message { Message(.run, "'\(name)' is not defined; write let \(name) = …") }
    static var feedTakesNumbers: Message { Message(.run, "feed takes a vector (one step) or a matrix (one row per step)") }
    static func feedWidth(_ cell: String, inputs: Int, got input: Value, rowWidth: Int?) -> Message {
        let rows = rowWidth.map { " (rows of \($0))" } ?? ""
        return Message(.run, "\(cell) takes \(inputs.counting("input")) per step; got \(input.describe)\(rows)")
    }
    static func feedNotFinite(_ x: Double, step: Int, entry: Int) -> Message {
        Message(.run, "the input has \(spoken(x)) at step \(step), entry \(entry)")
    }
    static var productWrittenAsIndex: Message {
        Message(.run, "brackets after a matrix pick rows and columns; a product is written with ·")
    }
    static func constructorAsValue(_ name: String, _ role: Builtin.Role) -> Message {
        Message(.run, "\(name)(…) makes \(role == .optimizer ? "an" : "a") \(role.rawValue), which is not a value")
    }
    static func logOfNonPositive(_ x: Double) -> Message {
        Message(.run, "log is defined only above zero; this value has \(spoken(x))")
    }
    static func constantCalled(_ name: String) -> Message {
        Message(.run, "\(name) is a constant, not a function: write \(name) without parentheses")
    }
    static var entriesRange: Message { Message(.run, "entries takes a whole number of entries to show, 0 for all") }
}

/// What reading a sweep's axes finds (`lstm sweep`).
extension Message {
    static var noAxes: Message { Message(.run, "this script declares no sweep axis; run it with lstm run, or declare one") }
    static func axisAfterStatement(_ name: String) -> Message {
        Message(.run, "the axis \(name) comes after other statements; a sweep's axes come first in the script")
    }
    static func axisTwice(_ name: String) -> Message { Message(.run, "the axis \(name) is declared twice") }
    static func axisValueTwice(_ axis: String, _ value: String) -> Message {
        Message(.run, "\(value) stands twice among the values of \(axis); each value makes its own jobs")
    }
    static func axisNotAList(_ axis: String) -> Message {
        Message(.run, "the values of \(axis) should be a list like [1, 2, 3] or a vector of numbers like linspace(1, 5, 5)")
    }
    static func axisRedefined(_ name: String) -> Message {
        Message(.run, "\(name) is an axis of the sweep: each job gives it its value, so the script cannot define it again")
    }
    static func tooManyJobs(_ count: Double) -> Message {
        Message(.run, "these axes make \(spoken(count)) jobs; a sweep may have \(SweepPlan.maxJobs) at most")
    }
    static var sweepTrainsNothing: Message {
        Message(.run, "the sweep's script trains no model, so its jobs would have nothing to report")
    }
    static var sweepTrainedNothing: Message {
        Message(.run, "the job ended without training a model (its train statements did not run)")
    }
}
