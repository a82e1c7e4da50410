import Foundation
import Testing

/// The repository keeps copies of what the tests read from `../shared` so that a checkout alone passes its
/// tests; where the originals are beside it (as in CI), the copies must be byte for byte the same.
@Suite struct FixtureCopyTests {
    static let haveOriginals = FileManager.default.fileExists(atPath: ReferenceVector.originals.path)

    @Test(.enabled(if: haveOriginals)) func referenceVectorsAreTheSharedOnes() throws {
        let names = { (url: URL) in try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted() }
        let originals = try names(ReferenceVector.originals).filter { $0.hasSuffix(".json") || $0 == "README.md" }
        #expect(try names(ReferenceVector.folder) == originals)
        for name in originals {
            let copy = try Data(contentsOf: ReferenceVector.folder.appendingPathComponent(name))
            let original = try Data(contentsOf: ReferenceVector.originals.appendingPathComponent(name))
            #expect(copy == original, "Fixtures/vectors/\(name) differs from ../shared/vectors/\(name)")
        }
    }
}
