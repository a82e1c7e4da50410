import Testing
import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// The vectorized activations agree with the C library's exp and tanh to a few ulps, over the whole range.
@Suite struct ActivationTests {
    static func samples() -> [Double] {
        var rng = SplitMix64(seed: 99)
        var xs: [Double] = [0, -0.0, 1e-300, -1e-300, 1e-10, -1e-10, 0.17, -0.17, 0.1699999, 0.3466, 1, -1, 20, -20, 40, 700, -700, 710,
            -745, 1000, -1000]
        for _ in 0..<20000 { xs.append(rng.uniform(-30, 30)) }
        for _ in 0..<5000 { xs.append(rng.uniform(-0.5, 0.5)) }
        for _ in 0..<2000 { xs.append(rng.uniform(-1e-6, 1e-6)) }
        return xs
    }

    /// Relative difference, counting an absolute difference below 1e-300 as none.
    static func relative(_ a: Double, _ b: Double) -> Double {
        abs(a - b) < 1e-300 ? 0 : abs(a - b) / max(abs(a), abs(b))
    }

    @Test func expMatchesTheCLibrary() {
        for x in Self.samples() where abs(x) <= 700 {
            let got = Activations.exp(x)
            #expect(Self.relative(got, Glibc.exp(x)) <= 4e-16, "exp(\(x)) = \(got), libm \(Glibc.exp(x))")
        }
    }

    /// The vector form over every sample, against a scalar reference, within `ulps` relative.
    static func check(_ name: String, _ vector: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void,
                      against reference: (Double) -> Double, within bound: Double) {
        let xs = samples()
        var out = [Double](repeating: 0, count: xs.count)
        vector(xs, &out, xs.count)
        for (x, got) in zip(xs, out) {
            #expect(relative(got, reference(x)) <= bound, "\(name)(\(x)) = \(got), reference \(reference(x))")
        }
    }

    @Test func tanhMatchesTheCLibrary() {
        Self.check("tanh", Activations.tanh, against: { Glibc.tanh($0) }, within: 6e-16)
    }

    @Test func sigmoidMatchesTheScalarForm() {
        Self.check("σ", Activations.sigmoid, against: sigmoid, within: 4e-16)
    }

    @Test func aValueGivesTheSameBitsInAnyLane() {
        let xs = (0..<13).map { Double($0) * 0.37 - 2 }
        var whole = [Double](repeating: 0, count: 13)
        Activations.tanh(xs, &whole, 13)
        for k in 0..<13 {
            var one = [0.0]
            Activations.tanh([xs[k]], &one, 1)
            #expect(one[0] == whole[k])
        }
    }
}
