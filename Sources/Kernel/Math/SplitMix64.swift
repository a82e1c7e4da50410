/// The project's seeded random generator: SplitMix64 (Steele, Lea & Flood 2014; Vigna's reference code).
///
/// State: one UInt64. Each draw adds the golden-ratio increment 0x9E3779B97F4A7C15 to the state and mixes it:
/// `z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB; z ^ (z >> 31)`.
/// A uniform Double in [0, 1) is the top 53 bits of a draw times 2^-53. Everything is integer arithmetic,
/// so the same seed gives the same numbers on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform number in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * nextUnit() }

    /// A `rows × cols` matrix of uniform(-bound, bound) draws, row by row.
    public mutating func uniformMatrix(rows: Int, cols: Int, bound: Double) -> Matrix {
        Matrix(rows: rows, cols: cols, storage: (0..<(rows * cols)).map { _ in uniform(-bound, bound) })
    }

    /// A vector of uniform(-bound, bound) draws.
    public mutating func uniformVector(_ count: Int, bound: Double) -> [Double] {
        (0..<count).map { _ in uniform(-bound, bound) }
    }
}
