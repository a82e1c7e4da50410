import Foundation
import Yams

/// What a replay needs, from the YAML between `---` lines at the top of a notebook: the seed of cells
/// made without one, the display precision, the numeric tolerance, and the version that recorded it.
public struct FrontMatter: Sendable, Equatable {
    public var seed: UInt64 = 0
    public var precision = 4
    public var tolerance = 1e-9
    public var version: String?
    /// How many lines the front matter takes (0 when there is none).
    public var lineCount = 0

    public init(seed: UInt64 = 0, precision: Int = 4, tolerance: Double = 1e-9, version: String? = nil) {
        self.seed = seed
        self.precision = precision
        self.tolerance = tolerance
        self.version = version
    }

    /// The front matter as written at the top of a new notebook.
    public var text: String {
        "---\nlstm: \(version ?? LSTMVersion.current)\nseed: \(seed)\nprecision: \(precision)\ntolerance: \(tolerance)\n---\n"
    }

    static func parse(lines: [String], file: SourceFile) throws(Diagnostic) -> FrontMatter {
        guard lines.first == "---" else { return FrontMatter() }
        guard let end = lines.dropFirst().firstIndex(of: "---") else {
            throw Diagnostic(.unclosedFrontMatter, at: SourceRange(0, 3), in: file)
        }
        let yaml = lines[1 ..< end].joined(separator: "\n")
        let where_ = SourceRange(file.lineStarts[1], file.lineStarts[min(end, file.lineStarts.count - 1)])
        // Composed, not loaded: aliases stay shared (a "billion laughs" stays small), and only the top level's
        // scalars are read.
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw Diagnostic(.invalidYAML("\(error)"), at: where_, in: file)
        }
        var fm = FrontMatter()
        fm.lineCount = end + 1
        guard let map = root?.mapping else { return fm }
        for (key, value) in map {
            switch key.string {
            case "seed":
                guard let n = value.int, n >= 0 else { throw Diagnostic(.badFrontMatterSeed, at: where_, in: file) }
                fm.seed = UInt64(n)
            case "precision":
                guard let n = value.int, (0...17).contains(n) else { throw Diagnostic(.badFrontMatterPrecision, at: where_, in: file) }
                fm.precision = n
            case "tolerance":
                guard let t = value.float ?? value.int.map(Double.init), t >= 0, t.isFinite else {
                    throw Diagnostic(.badFrontMatterTolerance, at: where_, in: file)
                }
                fm.tolerance = t
            case "lstm":
                guard let version = value.scalar?.string else { throw Diagnostic(.badFrontMatterVersion, at: where_, in: file) }
                fm.version = version
            default: break
            }
        }
        return fm
    }
}

/// The version of this tool, recorded in the notebooks it writes.
public enum LSTMVersion {
    public static let current = "0.2.0"
}
