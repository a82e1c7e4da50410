import Foundation

/// Writes user files so that nothing is ever half-written: a temporary file beside the target, then a rename.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
