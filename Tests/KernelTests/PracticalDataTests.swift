import Testing
import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// The practicals' data, number for number.
@Suite struct PracticalDataTests {
    @Test func mt19937MatchesTheReferenceOutput() {
        // Matsumoto and Nishimura's mt19937ar.c, init_genrand(5489): the first outputs.
        var rng = MT19937(seed: 5489)
        #expect((0..<3).map { _ in rng.next() } == [3499211612, 581869302, 3890346734])
    }

    @Test func theSineWavesAreNumpysAndPyTorchs() {
        let (waves, shifts) = Practicals.sineWaves(count: 100, length: 1000, period: 20, seed: 2)
        #expect(Array(shifts.prefix(8)) == [-65, -8, -58, -37, -5, 24, -73, 15])
        #expect(shifts.reduce(0, +) == -292)
        let total = waves.storage.reduce(0, +)
        #expect(abs(total - 72.03852691391846) <= 1e-11, "sum \(total)")
    }

    @Test func theDampedSineFollowsItsFormula() {
        let s = Practicals.dampedSine(length: 102, period: 20, decay: 0.05)
        #expect(s.count == 102)
        #expect(s[0] == 0.5)
        #expect(abs(s[5] - (0.5 + 0.5 * exp(-0.25))) <= 1e-15)     // sin(π/2) = 1 at i = 5
        #expect(abs(s[15] - (0.5 - 0.5 * exp(-0.75))) <= 1e-15)    // sin(3π/2) = -1 at i = 15
    }

    @Test func theLongGapTaskHoldsOneValueAtBothEnds() {
        let m = Practicals.remember(count: 5, length: 7, seed: 3)
        var rng = SplitMix64(seed: 3)
        for k in 0..<5 {
            let v = -1 + 2 * rng.nextUnit()    // one draw per sequence, in [-1, 1)
            #expect(m[k, 0] == v && m[k, 6] == v && (-1..<1).contains(v))
            #expect((1..<6).allSatisfy { m[k, $0] == 0 })
        }
    }
}
