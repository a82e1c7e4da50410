import Synchronization
import Foundation
import Kernel

/// The machine's double-precision peak, measured: a loop of fused multiply-adds on twelve independent
/// eight-lane registers (enough to cover the FMA latency on every current x86 and ARM core), run on one thread
/// and on `threads` threads at once. Returns GFLOP/s (an FMA counts two).
func measurePeak(threads: Int, seconds budget: Double = 0.5) -> (one: Double, all: Double) {
    func rate(_ count: Int) -> Double {
        let iterations = 20_000_000
        let group = DispatchGroup()
        let start = DispatchTime.now().uptimeNanoseconds
        var sinks = [Double](repeating: 0, count: count)
        sinks.withUnsafeMutableBufferPointer { out in
            let out = UnsafeMutableSendablePointer(out.baseAddress!)
            for t in 0..<count {
                group.enter()
                Thread.detachNewThread {
                    out.pointer[t] = fmaLoop(iterations, seed: Double(t) * 1e-3)
                    group.leave()
                }
            }
            group.wait()
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        precondition(!sinks.contains { $0.isNaN }, "the loop's result is kept so it is not optimized away")
        return Double(count * iterations) * 12 * 8 * 2 / elapsed / 1e9
    }
    _ = rate(1)  // wake the cores up
    var one = 0.0, all = 0.0
    for _ in 0..<3 { one = max(one, rate(1)); all = max(all, rate(threads)) }
    return (one, all)
}

/// Moves a pointer into a detached thread (each thread writes its own slot).
struct UnsafeMutableSendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
}

/// `iterations` rounds of twelve independent vector FMAs (a·m + c stays bounded, so no infinities or subnormals).
@inline(never) func fmaLoop(_ iterations: Int, seed: Double) -> Double {
    typealias V = SIMD8<Double>
    let m = V(repeating: 0.5), c = V(repeating: 0.25 + seed)
    var a0 = V(repeating: seed), a1 = a0 + 0.01, a2 = a0 + 0.02, a3 = a0 + 0.03, a4 = a0 + 0.04, a5 = a0 + 0.05
    var a6 = a0 + 0.06, a7 = a0 + 0.07, a8 = a0 + 0.08, a9 = a0 + 0.09, a10 = a0 + 0.1, a11 = a0 + 0.11
    for _ in 0..<iterations {
        a0 = c.addingProduct(a0, m); a1 = c.addingProduct(a1, m); a2 = c.addingProduct(a2, m); a3 = c.addingProduct(a3, m)
        a4 = c.addingProduct(a4, m); a5 = c.addingProduct(a5, m); a6 = c.addingProduct(a6, m); a7 = c.addingProduct(a7, m)
        a8 = c.addingProduct(a8, m); a9 = c.addingProduct(a9, m); a10 = c.addingProduct(a10, m); a11 = c.addingProduct(a11, m)
    }
    return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).sum()
}

/// How fast one thread reads a buffer of `bytes` again and again (from whichever cache holds that much), in bytes
/// per second: the bound on a step that must read that many bytes of weights.
func readBandwidth(bytes: Int) -> Double {
    let count = max(64, bytes / 8) & ~31
    let buffer = [Double](repeating: 1e-9, count: count)
    var best = 0.0
    var sink = 0.0
    buffer.withUnsafeBufferPointer { b in
        let p = UnsafeRawPointer(b.baseAddress!)
        for _ in 0..<5 {
            let rounds = max(1, 200_000_000 / (count * 8))
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<rounds {
                var s0 = SIMD8<Double>(), s1 = s0, s2 = s0, s3 = s0
                for k in stride(from: 0, to: count, by: 32) {
                    s0 += p.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self)
                    s1 += p.loadUnaligned(fromByteOffset: k * 8 + 64, as: SIMD8<Double>.self)
                    s2 += p.loadUnaligned(fromByteOffset: k * 8 + 128, as: SIMD8<Double>.self)
                    s3 += p.loadUnaligned(fromByteOffset: k * 8 + 192, as: SIMD8<Double>.self)
                }
                sink += (s0 + s1 + s2 + s3).sum()
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = max(best, Double(rounds * count * 8) / seconds)
        }
    }
    precondition(sink.isFinite)
    return best
}

/// The bytes per second `threads` threads read together, each streaming its own share of `bytes` at once
/// (the bound for a step whose weights are split between the cores).
func readBandwidth(bytes: Int, threads: Int) -> Double {
    guard threads > 1 else { return readBandwidth(bytes: bytes) }
    let rates = Mutex([Double](repeating: 0, count: threads))
    DispatchQueue.concurrentPerform(iterations: threads) { t in
        let rate = readBandwidth(bytes: bytes / threads)
        rates.withLock { $0[t] = rate }
    }
    return rates.withLock { $0.reduce(0, +) }
}
