/// The data of the course's two practicals.
public enum Practicals {
    /// PyTorch's time-sequence example: `n` sine waves of `length` samples, `x[k, j] = j + shift[k]`,
    /// value `sin(x / period)`, shifts drawn as `np.random.seed(seed); np.random.randint(-4·period, 4·period, n)`.
    public static func sineWaves(count n: Int, length: Int, period: Double, seed: UInt32) -> (waves: Matrix, shifts: [Int]) {
        var rng = MT19937(seed: seed)
        let bound = Int(4 * period)
        let shifts = (0..<n).map { _ in rng.randint(-bound, bound) }
        var m = Matrix(rows: n, cols: length)
        for k in 0..<n {
            for j in 0..<length { m[k, j] = Platform.sin(Double(j + shifts[k]) / 1.0 / period) }
        }
        return (m, shifts)
    }

    /// The damped sine of the course: `0.5 + 0.5·sin(2π·i/period)·exp(-decay·i)`, i = 0 … length-1.
    public static func dampedSine(length: Int, period: Double, decay: Double) -> [Double] {
        (0..<length).map { i in
            let wave: Double = Platform.sin(2 * Double.pi * Double(i) / period), damping: Double = Platform.exp(-decay * Double(i))
            return 0.5 + 0.5 * wave * damping
        }
    }

    /// The long-gap task: `count` sequences of `length` steps, each `v, 0, 0, …, 0, v` with `v` drawn uniformly from
    /// [-1, 1) (SplitMix64 from `seed`, one draw per sequence). Predicting each next number is trivial but for the last,
    /// which is right only if `v` was kept across the whole gap.
    public static func remember(count: Int, length: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        var m = Matrix(rows: count, cols: length)
        for k in 0..<count {
            let v = rng.uniform(-1, 1)
            (m[k, 0], m[k, length - 1]) = (v, v)
        }
        return m
    }
}
