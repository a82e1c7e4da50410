import Foundation
import Testing
import Lang

/// A weights file that cannot be loaded says why: the place in the file and the value found there, a layer that is
/// not the model's, a version this build does not read. The model is left as it was.
@Suite struct WeightsFileTests {
    static let model = "cell c = lstm(inputs: 1, hidden: 2)\nmodel m = c -> linear(outputs: 1)\n"

    /// A layer of `m` as a file would hold it, with `hidden` and `W_f` written as given.
    static func file(version: String = "1", kind: String = "lstm", hidden: String = "2", wf: String = "[[1, 2, 3], [4, 5, 6]]") -> String {
        """
        {"format": "lstm-weights", "version": \(version), "layers": [{"name": "c", "kind": "\(kind)", "inputs": 1,
         "hidden": \(hidden), "parameters": {"W_f": \(wf)}}], "readout": {"W": [[1, 2]], "b": [0]}}
        """
    }

    /// The first line of the error a load of `contents` gives.
    func loading(_ contents: String) throws -> String {
        let folder = try Support.scratchFolder()
        try contents.write(to: folder.appendingPathComponent("w.json"), atomically: true, encoding: .utf8)
        let script = folder.appendingPathComponent("load.lstm")
        try (Self.model + "load m from \"\(folder.path)/w.json\"\n").write(to: script, atomically: true, encoding: .utf8)
        let result = try Support.lstm(["run", script.path])
        return result.stderr.split(separator: "\n").first.map { String($0.split(separator: ": error: ").last!) } ?? ""
    }

    @Test(arguments: [
        ("{\"a\": [1, 2,, 3]}", "it is not JSON: invalid value at line 1, column 13"),
        ("[1, 2]", "it holds a list of 2, not an object"),
        ("{\"x\": 1}", "it is neither a weights file (no \"format\") nor a time-sequence dump (no \"lstm1\")"),
        ("{\"format\": \"keras\"}", "its format is the text \"keras\", not \"lstm-weights\""),
        (file(version: "2"), "it is version 2 of the weights format; this lstm reads version 1"),
        (file(hidden: "2.5"), "layers[0].hidden should be a whole number; it is the number 2.5"),
        (file(hidden: "\"two\""), "layers[0].hidden should be a number; it is the text \"two\""),
        (file(wf: "[[1, 2, 3], [4, 5]]"), "layers[0].parameters.W_f: its rows differ in length (row 0 has 3 numbers, row 1 has 2)"),
        (file(wf: "[[1, \"a\", 3], [4, 5, 6]]"), "layers[0].parameters.W_f[0][1] should be a number; it is the text \"a\""),
        (file(wf: "[1, null]"), "layers[0].parameters.W_f[1] should be a number; it is null"),
    ])
    func aFileThatCannotBeReadSaysWhereAndWhat(contents: String, reason: String) throws {
        let message = try loading(contents)
        #expect(message.hasPrefix("cannot load '") && message.hasSuffix("/w.json': \(reason)"), "\(message)")
    }

    @Test func aLayerOfAnotherKindOrSizeIsRefusedBeforeItsShapes() throws {
        // A layer of the model's own kind and sizes goes on to have its parameters checked.
        #expect(try loading(Self.file()).hasSuffix("w.json' has parameters W_f; m.c has W_C W_f W_i W_o b_C b_f b_i b_o"))
        let message = try loading(Self.file(kind: "gru", hidden: "3"))
        #expect(message.hasPrefix("layer 1 in '") && message.hasSuffix("w.json' is gru with 1 input and 3 hidden units; "
            + "m.c is lstm with 1 input and 2 hidden units"))
    }

    /// `load_data` says the same kind of why for a file whose data cannot be read.
    @Test(arguments: [
        ("{\"data\": [[1, 2], [3]]}", "data[1] has 1 number; data[0] has 2"),
        ("{\"data\": [[1, \"a\"]]}", "data[0][1] should be a number; it is the text \"a\""),
        ("{\"data\": 3}", "data should be a list; it is the number 3"),
        ("{\"data\": []}", "its data has no numbers"),
        ("{\"x\": 1}", "it has no \"data\""),
        ("[[1, 2]]", "it holds a list of 1, not an object"),
    ])
    func dataThatCannotBeReadSaysWhereAndWhat(contents: String, reason: String) throws {
        let folder = try Support.scratchFolder()
        try contents.write(to: folder.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)
        var session = Session()
        let message = session.run(SourceFile(name: "d.lstm", text: "load_data(\"\(folder.path)/d.json\")")).error?.message ?? ""
        #expect(message.hasPrefix("cannot read data from '") && message.hasSuffix("/d.json': \(reason)"), "\(message)")
    }
}
