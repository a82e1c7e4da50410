import Foundation
import Testing

// The example of docs/library.md, compiled and run as it stands there (between the markers).
// BEGIN docs/library.md
import Kernel
import Lang

/// Returns the forget gate of one step, and what the language printed for the same step.
func libraryExample() -> (forget: [Double], byHand: [Double], printed: [String]) {
    // The kernel: a cell, its state, one step of one input.
    let cell = LSTMCell(inputs: 1, hidden: 2, seed: 7)
    var state = cell.zeroState()
    let x = Matrix(row: [0.5])
    let step = cell.step(from: cell.step(x, state: &state))

    // f_t = σ(W_f · [h_{t-1}, x_t] + b_f), with h_{t-1} = 0.
    let wf = cell.parameters.first { $0.name == "W_f" }!.value
    let bf = cell.parameters.first { $0.name == "b_f" }!.value.storage
    let byHand = (0 ..< 2).map { j in
        Activations.sigmoid(wf.storage[j * 3 + 2] * 0.5 + bf[j])
    }

    // The language: the same cell (same seed), fed the same input.
    var session = Session()
    let result = session.run(SourceFile(name: "demo", text: """
        cell c = lstm(inputs: 1, hidden: 2, seed: 7)
        feed c [0.5]
        c.f_t
        """))
    return (step.f.storage, byHand, result.outputs.map(TextRenderer.render))
}
// END docs/library.md

/// docs/library.md's example builds against the libraries as a user would import them, and does what it says.
@Suite struct LibraryExampleTests {
    @Test func theDocumentedExampleRunsAndAgreesWithItself() {
        let (forget, byHand, printed) = libraryExample()
        #expect(forget.count == 2 && forget.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(forget == byHand)
        #expect(printed == ["c.f_t = [" + forget.map { TextRenderer.format($0, digits: 4) }.joined(separator: ", ") + "]"])
    }

    @Test func theDocumentShowsThisVeryCode() throws {
        let doc = try String(contentsOf: Support.root.appendingPathComponent("docs/library.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let documented = doc.components(separatedBy: "```swift\n")[2].components(separatedBy: "```")[0]
        let compiled = source.components(separatedBy: "// BEGIN docs/library.md\n")[1].components(separatedBy: "// END docs/library.md")[0]
        #expect(documented == compiled)
    }
}
