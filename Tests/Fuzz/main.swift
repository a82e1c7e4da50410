import Foundation
import Lang

// lstm-fuzz: every input goes through the language as a learner's file would — a script, a notebook replayed and
// settled, or a weights file loaded — and every output and error is rendered as text and as JSON. Nothing may trap,
// overflow the stack or run away in memory; an error is a fine answer.
//
// Built with `-sanitize=fuzzer` (scripts/fuzz.sh), the process is libFuzzer's; built plainly (as `swift build`
// does), it runs the files it is given once each: a crash libFuzzer found is replayed with `lstm-fuzz crash-…`.

/// Runs one input; every kind of answer is fine, only a crash is not.
func fuzzOne(_ bytes: [UInt8]) {
    // A command that runs past a second stops as Ctrl-C would stop it (libFuzzer reports inputs that hang).
    let deadline = ContinuousClock.now + .seconds(1)
    let stop: @Sendable () -> Bool = { ContinuousClock.now > deadline }
    var session = Session()
    session.shouldStop = stop
    // A smaller budget than a learner's (2 GiB), so that many runs at once stay within the machine.
    session.budget = 1 << 23
    if bytes.first == UInt8(ascii: "{") {
        return loadWeights(bytes, into: &session)
    }
    if bytes.starts(with: Array("---".utf8)) || bytes.contains(UInt8(ascii: "`")) {
        do {
            // Settling replays every command (rendering its outputs) and writes the outputs back into the bytes.
            _ = try Notebook.settle(path: "fuzz.md", bytes: bytes, shouldStop: stop)
        } catch { render(error: error) }
        return
    }
    switch SourceFile.decode(name: "fuzz.lstm", bytes: bytes) {
    case .failure(let error): render(error: error)
    case .success(let whole):
        // Entries are separated by blank lines, as a learner types them into the REPL: a failed one is undone and the
        // next still runs, in the same session.
        var line = 1
        for entry in whole.text.components(separatedBy: "\n\n") {
            let file = SourceFile(name: "fuzz.lstm", text: entry, firstLine: line)
            line += entry.split(separator: "\n", omittingEmptySubsequences: false).count + 1
            let result = session.run(file, atomic: true)
            for output in result.outputs { _ = (TextRenderer.render(output), JSONRenderer.render(output)) }
            if let error = result.error { render(error: error) }
            let firstLine = entry.prefix { $0 != "\n" }
            _ = Completion.candidates(line: String(firstLine), cursor: firstLine.unicodeScalars.count, session: session) { _ in [] }
        }
    }
}

func render(error: Diagnostic) { _ = (TextRenderer.render(error), JSONRenderer.render(error)) }

/// The input as a weights file, loaded into a two-layer model with a read-out.
func loadWeights(_ bytes: [UInt8], into session: inout Session) {
    let path = NSTemporaryDirectory() + "lstm-fuzz-\(getpid()).json"
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
    defer { unlink(path) }
    let script = "cell lstm1 = lstm(inputs: 1, hidden: 2)\ncell lstm2 = lstm(inputs: 2, hidden: 2)\n"
        + "model m = lstm1 -> lstm2 -> linear(outputs: 1)\nload m from \"\(path)\"\npredict(m, [[0.5, 0.25]])"
    let result = session.run(SourceFile(name: "fuzz.lstm", text: script))
    if let error = result.error { render(error: error) }
}

typealias Driver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// libFuzzer's dictionary: the language's words from its catalogue, and the marks and fields of the course's notation.
if CommandLine.arguments.dropFirst().first == "--dictionary" {
    let marks = ["·", "σ", "⊙", "∘", "→", "->", "[", "]", "{", "}", "(", ")", ":", "=", "_t", "_{t-1}", "h_{t-1}", "C~_t", "W_f",
                 "b_f", "f_t", "i_t", "o_t", "c.h_t", "x_t", "1e308", "\n\n", "---\n", "```\n", "> ", "#>", "#!"]
    for word in (Completion.vocabulary + marks).sorted() {
        // libFuzzer's dictionary lines are ASCII: other bytes (and quotes, backslashes) are written as \xHH.
        let escaped = word.utf8.map { byte in
            (32..<127).contains(byte) && byte != 34 && byte != 92 ? String(UnicodeScalar(byte)) : "\\x" + String(format: "%02X", byte)
        }.joined()
        print("\"\(escaped)\"")
    }
    exit(0)
}

if let symbol = dlsym(dlopen(nil, RTLD_NOW), "LLVMFuzzerRunDriver") {
    // Linked with libFuzzer: hand it the arguments and our entry.
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let driver = unsafeBitCast(symbol, to: Driver.self)
    exit(driver(&argc, &argv) { data, size in
        fuzzOne(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    })
}
for path in CommandLine.arguments.dropFirst() {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("lstm-fuzz: cannot read \(path)\n".utf8))
        exit(2)
    }
    fuzzOne(Array(data))
    print("ran \(path)")
}
