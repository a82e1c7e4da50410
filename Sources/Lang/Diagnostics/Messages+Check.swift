/// What checking a cell's equations finds.
extension Message {
    static var noEquations: Message { Message(.check, "the cell has no equations") }
    static var noOutput: Message { Message(.check, "the cell never assigns h, its output") }
    static func cannotAssign(_ name: String) -> Message {
        Message(.check, "'\(name)' cannot be assigned in a cell: it names the input or a function")
    }
    static func misspeltValue(_ name: String, _ value: String) -> Message {
        Message(.check, "\(name) is not a value of this cell; did you mean \(value)?")
    }
    static func unknownShape(_ parameter: String) -> Message { Message(.check, "cannot work out the shape of \(parameter) from its use") }
    static func unknownWidth(_ variable: String) -> Message { Message(.check, "cannot work out the width of \(variable)") }
    static func widthConflict(_ variable: String, was known: Int, now width: Int) -> Message {
        Message(.check, "\(variable) is a vector of \(known) but this gives a vector of \(width)")
    }
    static func matrixAndVector(_ name: String) -> Message {
        Message(.check, "\(name) is used both as a matrix (left of ·) and as a vector")
    }
    static func sizeConflict(_ parameter: String, _ side: String, elsewhere: Int, here: Int) -> Message {
        Message(.check, "\(parameter) needs \(elsewhere) \(side) elsewhere but \(here) here")
    }
    static var noPlaceInEquation: Message { Message(.check, "this has no place in an equation") }
    static func unknownEquationFunction(_ name: String) -> Message {
        Message(.check, "unknown function '\(name)' in an equation (\(Builtins.equationFunctions.listed) are known)")
    }
    static var emptyListInEquation: Message { Message(.check, "an empty list has no value") }
    static var productNeedsWeights: Message { Message(.check, "in an equation, the left side of · must be a weight matrix like W_f") }
    static func widthsDiffer(_ verb: String, _ a: Int, _ b: Int) -> Message {
        Message(.check, "cannot \(verb) a vector of \(a) and a vector of \(b)")
    }
    static var fieldsInEquation: Message { Message(.check, "fields and indexing have no place in a cell's equations") }
    static var notAllowedInEquation: Message { Message(.check, "not allowed in an equation") }
}

/// What reading a notebook or a source file finds.
extension Message {
    static var unclosedFrontMatter: Message { Message(.notebook, "the front matter opened here has no closing '---'") }
    static func invalidYAML(_ error: String) -> Message { Message(.notebook, "the front matter is not valid YAML: \(error)") }
    static var badFrontMatterSeed: Message { Message(.notebook, "seed must be a whole number from 0") }
    static var badFrontMatterPrecision: Message { Message(.notebook, "precision must be a whole number from 0 to 17") }
    static var badFrontMatterTolerance: Message { Message(.notebook, "tolerance must be a finite number from 0") }
    static var invalidUTF8InBlock: Message {
        Message(.notebook, "this line of an lstm block is not valid UTF-8; commands and outputs must be text")
    }
    static var badFrontMatterVersion: Message { Message(.notebook, "lstm: must be the version that recorded the notebook, like 0.2.0") }
    static func unknownBlockOption(_ word: String) -> Message {
        Message(.notebook, "unknown notebook option '\(word)' (known: error, no-compare, hidden)")
    }
    static var unclosedHiddenBlock: Message { Message(.notebook, "this hidden block has no closing '-->'") }
    static func unclosedBlock(_ fence: String) -> Message {
        Message(.notebook, "this lstm block is never closed (no matching \(fence))")
    }
    static var outputBeforeCommand: Message { Message(.notebook, "output before any command: a command line starts with '> '") }
    static var exerciseWithoutNumber: Message {
        Message(.notebook, "an exercise needs a number after 'exercise', like <!-- lstm: exercise 1.2 Keep a value")
    }
    static var exerciseLine: Message {
        Message(.notebook, "an exercise's comment holds lines 'check: EXPRESSION' and 'tolerance: NUMBER'")
    }
    static func unclosedExercise(_ id: String) -> Message { Message(.notebook, "exercise \(id)'s comment has no closing '-->'") }
    static func exerciseWithoutChecks(_ id: String) -> Message {
        Message(.notebook, "exercise \(id) checks nothing: add a line 'check: EXPRESSION' (a value the answer must reach)")
    }
    static func duplicateExercise(_ id: String) -> Message { Message(.notebook, "there is already an exercise \(id)") }
    static func answerBlockMissing(_ id: String) -> Message {
        Message(.notebook, "exercise \(id) needs an lstm block for the answer right after its comment (it may be empty)")
    }
    static func solutionMissing(_ id: String) -> Message {
        Message(.notebook, "exercise \(id) has no solution: add a block fenced ```lstm solution after it")
    }
    static var checkNotAValue: Message { Message(.notebook, "a check is an expression with a value, like c.C_t or answer") }
    static var straySolution: Message { Message(.notebook, "a solution block belongs after an exercise that has none yet") }
    static func invalidUTF8(byte: Int) -> Message { Message(.notebook, "the file is not valid UTF-8 (byte \(byte) cannot be decoded)") }
}

/// What reading the course's time subscripts finds.
extension Message {
    static func previousOfUnassigned(_ name: String, base: String) -> Message {
        Message(.check, "\(name) reads \(base) as it was one step earlier, but no line of the cell assigns \(base)_t")
    }
    static func inputHasNoPast(_ name: String) -> Message {
        Message(.check, "\(name): a cell sees only this step's input, x_t; keep an earlier input in a state of its own")
    }
}

/// What checking a cell's equations warns about (the cell is made all the same).
extension Message {
    static func similarNames(_ name: String, _ other: String, caseOnly: Bool) -> Message {
        Message(.check, "\(name) differs from \(other) only \(caseOnly ? "in letter case" : "by one character"), "
            + "so it is a separate parameter")
    }
    static func subtractionLooksLikeTime(_ name: String, previous: String) -> Message {
        Message(.check, "this is \(name) minus 1; the value before the step is \(previous)")
    }
}
