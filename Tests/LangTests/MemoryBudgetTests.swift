import Foundation
import Testing
import Lang

/// One budget for everything a session holds, checked before anything is allocated: the fuzzing campaign's
/// runaway allocations end in a located error that says how much was asked and how much is allowed.
@Suite struct MemoryBudgetTests {
    /// Runs `text` in `session`, returning the error's message (nil when it ran).
    static func error(_ text: String, in session: inout Session) -> String? {
        session.run(SourceFile(name: "budget.lstm", text: text)).error.map(\.message)
    }

    @Test func theCampaignsAllocationsAreRefusedUpFront() {
        var session = Session()
        #expect(Self.error("let a = sine_waves(count: 1, length: 20000000)", in: &session) == nil)
        #expect(Self.error("let p = transpose(a) · a", in: &session)
            == "the product would take 2.8 PiB but a session may hold 2.0 GiB in all")
        #expect(Self.error("let r = a[0]\nlet b = [r, r, r, r, r, r, r, r, r, r, r, r, r, r]", in: &session)
            == "the joined vector would take 2.1 GiB but a session may hold 2.0 GiB in all")
        #expect(Self.error("cell c = lstm(inputs: 1, hidden: 8)\nfeed c transpose(a)", in: &session)?
            .hasPrefix("keeping 20000000 steps would take ") == true)
        let train = "model m = c -> linear(outputs: 1)\ntrain m input: a, target: a, optimizer: adam(lr: 0.1), steps: 1"
        #expect(Self.error(train, in: &session)?.hasPrefix("training on 1×20000000 numbers would take ") == true)
        #expect(session.cells["c"]?.steps.isEmpty == true && session.models["m"]?.losses.isEmpty == true)
    }

    /// The budget is the session's, not each cell's: cells that each fit are refused once together they would not.
    @Test func theBudgetCountsEverythingTheSessionHolds() {
        var session = Session()
        session.budget = 30_000_000
        var made = 0
        var refusal: String?
        for k in 0..<40 {
            refusal = Self.error("cell c\(k) = lstm(inputs: 1, hidden: 500)", in: &session)
            if refusal != nil { break }
            made += 1
        }
        // An LSTM of 500 units on 1 input keeps 4 · 500 · (500 + 1 + 1) = 1 004 000 parameters, their stacked copy
        // (2000 × 501 and 2000 biases), that copy packed in rows padded to 504, and 2 · 500 numbers of state.
        let perCell = 1_004_000 + 2000 * 501 + 2000 + 2000 * 504 + 1000
        #expect(made == 9 && session.heldNumbers == 9 * perCell)
        #expect(refusal?.hasPrefix("the cell's parameters would take 23 MiB; the session already holds 207 MiB of its 229 MiB") == true,
                "\(refusal ?? "")")
        // Making a name hold something small makes room again.
        #expect(Self.error("cell c0 = lstm(inputs: 1, hidden: 1)\ncell c9 = lstm(inputs: 1, hidden: 500)", in: &session) == nil)
    }

    /// Many names cost time in proportion to their number (defining one asks a set, not the list of all).
    @Test func manyNamesAreDefinedInLinearTime() {
        var session = Session()
        let text = (0..<100_000).map { "let v\($0) = \($0)" }.joined(separator: "\n")
        #expect(Self.error(text, in: &session) == nil)
        #expect(session.order.count == 100_000 && session.values["v99999"] == .number(99_999))
    }

    /// A front matter whose aliases would expand to a billion entries is read without expanding them; an infinite
    /// tolerance is refused.
    @Test func frontMatterAliasesStaySmall() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for k in 1...9 { yaml += "a\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let laughs = "---\n" + yaml + "seed: 7\nlstm: *a9\n---\n\n```lstm\n> print 1\n1 = 1.0000\n```\n"
        #expect(throws: Diagnostic.self) { try Notebook.parse(path: "laughs.md", text: laughs) }
        let notebook = try Notebook.parse(path: "laughs.md", text: laughs.replacingOccurrences(of: "lstm: *a9\n", with: ""))
        #expect(notebook.frontMatter.seed == 7)
        let infinite = "---\ntolerance: .inf\n---\n"
        #expect(throws: Diagnostic.self) { try Notebook.parse(path: "inf.md", text: infinite) }
    }
}
