import Foundation
import Testing
import Lang

/// Every file of ../shared/vectors replayed through the language with `lstm run --format json`: each
/// intermediate of each step, the loss, and every gradient, to 1e-12.
@Suite struct VectorReplayTests {
    static let files = (try? FileManager.default.contentsOfDirectory(atPath: Support.vectors.path)
        .filter { $0.hasSuffix(".json") }.sorted()) ?? []

    /// Full-precision literal of a number list.
    static func literal(_ v: Any) -> String {
        if let rows = v as? [[Double]] { return "[" + rows.map { literal($0) }.joined(separator: ", ") + "]" }
        return "[" + (v as! [Double]).map { "\($0)" }.joined(separator: ", ") + "]"
    }

    /// The script that replays one vector file, and the value each print must show, by expression.
    static func script(_ json: [String: Any]) -> (String, [(String, Any)]) {
        let options = json["options"] as! [String: Any]
        let kind = json["cell"] as! String
        var args = "inputs: \(json["inputs"]!), hidden: \(json["hidden"]!)"
        let peep = options["peephole"] as! [String]
        if kind == "lstm" && !peep.isEmpty { args += ", peephole: [\(peep.joined(separator: ", "))]" }
        if options["coupled"] as! Bool { args += ", coupled: true" }
        var lines = ["cell c = \(kind)(\(args))", "precision 17"]
        for (name, value) in (json["params"] as! [String: Any]).sorted(by: { $0.key < $1.key }) { lines.append("c.\(name) = "
            + "\(literal(value))") }
        lines.append("c.h = \(literal(json["h0"]!))")
        if let c0 = json["C0"] { lines.append("c.C = \(literal(c0))") }
        lines.append("let L = 0")
        var expected: [(String, Any)] = []
        let loss = json["loss"] as! [String: Any]
        let r = loss["r"] as! [[Double]]
        for (t, (x, step)) in zip(json["xs"] as! [[Double]], json["steps"] as! [[String: [Double]]]).enumerated() {
            lines.append("feed c \(literal(x))")
            for (name, value) in step.sorted(by: { $0.key < $1.key }) {
                lines.append("print c.\(name)")
                expected.append(("c.\(name)@\(t + 1)", value))
            }
            lines.append("L = L + sum(\(literal(r[t])) * c.h_t)")
        }
        var seeds = "dh_t: \(literal(r))"
        if let rC = loss["rC"] {
            lines.append("L = L + sum(\(literal(rC)) * c.C)")
            seeds += ", dC_T: \(literal(rC))"
        }
        lines.append("print L")
        expected.append(("L@nil", loss["value"]!))
        lines.append("backward c \(seeds)")
        for (name, value) in (json["grads"] as! [String: Any]).sorted(by: { $0.key < $1.key }) {
            let field = name == "xs" ? "dx_t" : name == "h0" ? "dh_0" : name == "C0" ? "dC_0" : "d" + name
            lines.append("print c.\(field)")
            expected.append(("c.\(field)@\(r.count)", value))
        }
        return (lines.joined(separator: "\n") + "\n", expected)
    }

    static func flatten(_ v: Any) -> [Double] {
        if let x = v as? Double { return [x] }
        if let xs = v as? [Double] { return xs }
        return (v as! [[Double]]).flatMap { $0 }
    }

    @Test(arguments: files)
    func replayThroughTheLanguage(_ file: String) throws {
        let data = try Data(contentsOf: Support.vectors.appendingPathComponent(file))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let (source, expected) = Self.script(json)
        let run = try Support.lstm(["run", "--format", "json", "-"], input: source)
        #expect(run.status == 0, "\(file): \(run.stderr)")
        let printed = run.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(printed.count == expected.count)
        for (line, (key, value)) in zip(printed, expected) {
            let label = "\(line["expr"]!)@\((line["step"] as? Int).map(String.init) ?? "nil")"
            #expect(label == key)
            let got = Self.flatten(line["value"]!), want = Self.flatten(value)
            #expect(got.count == want.count, "\(file) \(key)")
            let diff = zip(got, want).map { abs($0 - $1) }.max() ?? 0
            #expect(diff <= 1e-12, "\(file) \(key): off by \(diff)")
        }
    }
}
