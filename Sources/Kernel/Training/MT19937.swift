/// The Mersenne Twister MT19937 (Matsumoto & Nishimura 1998), seeded as numpy's legacy
/// `np.random.seed(n)` does (init_genrand), with numpy's `randint` for bounded integers, so the
/// course's data can be drawn number for number as PyTorch's example draws it.
public struct MT19937: Sendable {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var index = 624

    public init(seed: UInt32) {
        mt[0] = seed
        for i in 1..<624 { mt[i] = 1812433253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i) }
    }

    /// The next 32 random bits (genrand_int32).
    public mutating func next() -> UInt32 {
        if index >= 624 { twist() }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % 624] & 0x7FFF_FFFF)
            mt[i] = mt[(i + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// numpy's `randint(low, high)` (high exclusive, high - low below 2^32): 32-bit draws masked to the
    /// smallest all-ones mask covering the range, drawn again while out of range.
    public mutating func randint(_ low: Int, _ high: Int) -> Int {
        let range = UInt32(high - low - 1)
        guard range > 0 else { return low }
        var mask = range
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16
        while true {
            let v = next() & mask
            if v <= range { return low + Int(v) }
        }
    }
}
