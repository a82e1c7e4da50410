// The kernel's benchmark: prints JSON lines to compare, in the same job, with ../shared/bench/torch_step.py
// and torch_timeseq.py. Build it in release mode: `swift run -c release lstm-bench [step|timeseq|prompt|all]`.
// Two probes for profiling the step: `gemv NxK` (one matrix–vector product) and `act Nx1` (tanh over N numbers);
// `gru` times a GRU's step.
import Foundation
import Kernel

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func printJSON(_ fields: KeyValuePairs<String, Any>) {
    let body = fields.map { key, value in
        let v = value is String ? "\"\(value)\"" : "\(value)"
        return "\"\(key)\": \(v)"
    }
    print("{" + body.joined(separator: ", ") + "}")
    fflush(nil)
}

/// One LSTM step at batch 1, for the sizes torch_step.py times.
func benchStep(budget: Double, sizes: [(Int, Int)]) {
    for (H, X) in sizes {
        let cell = LSTMCell(inputs: X, hidden: H, seed: 1)
        var rng = SplitMix64(seed: 2)
        let x = rng.uniformMatrix(rows: 1, cols: X, bound: 1)
        var state = cell.zeroState()
        for _ in 0..<200 { _ = cell.step(x, state: &state) }
        var n = 0
        let elapsed = seconds {
            let start = DispatchTime.now().uptimeNanoseconds
            while Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < budget {
                for _ in 0..<100 { _ = cell.step(x, state: &state) }
                n += 100
            }
        }
        // A step reads every weight once: W_x and W_h, (inputs + hidden) rows of the 4·hidden gates.
        let bytes = (X + H) * 4 * H * 8
        printJSON(["peer": "lstm", "hidden": H, "inputs": X, "batch": 1, "threads": Threading.count,
            "us_per_step": elapsed / Double(n) * 1e6, "weight_bytes": bytes,
            "read_bound_us": Double(bytes) / readBandwidth(bytes: bytes) * 1e6,
            "read_bound_all_cores_us": Double(bytes) / readBandwidth(bytes: bytes, threads: Threading.count) * 1e6])
    }
}

/// One training pass (forward + BPTT) of the time-sequence project's shape: 97 sequences × 999 steps
/// through LSTM(1→51) → LSTM(51→51) → linear(51→1), MSE against the next value.
func benchTimeSequence(passes: Int) {
    let N = 97, L = 1000
    var rng = SplitMix64(seed: 3)
    let shifts = (0..<N).map { _ in Double(Int(rng.next() % 160) - 80) }
    let wave = { (t: Int) in Matrix(rows: N, cols: 1, storage: shifts.map { sin((Double(t) + $0) / 20) }) }
    let xs = (0..<(L - 1)).map(wave), targets = (1..<L).map(wave)
    let model = SequenceModel(cells: [LSTMCell(inputs: 1, hidden: 51, seed: 1), LSTMCell(inputs: 51, hidden: 51, seed: 2)],
                              readout: Linear(inputs: 51, outputs: 1, seed: 3))
    let objective = model.objective(inputs: SequenceModel.sequences(xs), targets: SequenceModel.sequences(targets))
    let x = model.flatParameters
    var loss = objective(x).loss  // a first pass to warm up
    var times: [Double] = []
    for _ in 0..<passes {
        times.append(seconds { loss = objective(x).loss })
    }
    times.sort()
    // Multiply-adds of a pass: forward W ⋅ [h, x], backward dz ⋅ W and dzᵀ ⋅ [h, x], each 4·51 × (51 + inputs) per row and step.
    let flops = model.cells.reduce(0.0) { total, cell in
        total + 3 * 2 * Double(4 * cell.hidden * (cell.hidden + cell.inputs) * N * (L - 1))
    }
    printJSON(["peer": "lstm", "bench": "timeseq_pass", "passes": passes, "threads": Threading.count,
               "seconds_per_pass": times[passes / 2], "fastest": times[0], "gflop": flops / 1e9,
               "gflops": flops / times[passes / 2] / 1e9, "loss": loss])
}

let arguments = Array(CommandLine.arguments.dropFirst())
let what = arguments.first ?? "all"
let sizes = arguments.count > 1
    ? arguments[1].split(separator: ",").map { s in let p = s.split(separator: "x"); return (Int(p[0])!, Int(p[1])!) }
    : [(2, 1), (16, 8), (64, 32), (256, 128)]
if what == "peak" || what == "all" {
    let peak = measurePeak(threads: Threading.count)
    printJSON(["peer": "machine", "bench": "peak", "threads": Threading.count, "gflops_one_thread": peak.one, "gflops": peak.all])
}
if what == "step" || what == "all" { benchStep(budget: 1.0, sizes: sizes) }
if what == "timeseq" || what == "all" { benchTimeSequence(passes: 9) }
if what == "prompt" || what == "all" {
    let lstm = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lstm").path
    benchPrompt(binary: lstm, runs: 20)
}
/// Times `body` (one call of the probed work) three times over 200 000 calls and prints µs per call.
func probe(_ label: String, _ body: () -> Void) {
    let reps = 200_000
    for _ in 0..<3 {
        let t = seconds { for _ in 0..<reps { body() } }
        print("\(label) threads \(Threading.count): \(t / Double(reps) * 1e6) us")
    }
}
if what == "gemv" {
    let (n, k) = sizes[0]
    let w = Matrix(rows: n, cols: k, repeating: 1e-3), x = Matrix(rows: 1, cols: k, repeating: 0.5)
    let bias = [Double](repeating: 0, count: n)
    probe("gemv \(n)x\(k)") { _ = Matrix.affine(x, weights: w, bias: bias) }
}
if what == "act" {
    let n = sizes[0].0
    let src = (0..<n).map { Double($0) / Double(n) - 0.5 }
    var dst = [Double](repeating: 0, count: n)
    src.withUnsafeBufferPointer { s in dst.withUnsafeMutableBufferPointer { d in
        probe("tanh x\(n)") { Activations.tanh(s.baseAddress!, d.baseAddress!, n) }
    } }
}
if what == "gemmprobe" {
    func rate(_ label: String, m: Int, n: Int, k: Int, transposedA: Bool, reversed: Bool = false) {
        let a = [Double](repeating: 1e-3, count: m * k), b = [Double](repeating: 0.5, count: k * n)
        var c = [Double](repeating: 0, count: m * n)
        let reps = max(1, 400_000_000 / (m * n * k))
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            // Reversed reads k from its end (as `Matrix.affine` does): the same product with negative strides.
            let (rs, cs) = transposedA ? (1, m) : (k, reversed ? -1 : 1)
            let a = ap.baseAddress! + (reversed ? k - 1 : 0), b = bp.baseAddress! + (reversed ? (k - 1) * n : 0)
            let t = seconds { for _ in 0..<reps {
                Gemm.multiply(m: m, n: n, k: k, a: a, aRowStride: rs, aColStride: cs, b: b, ldb: reversed ? -n : n,
                              c: cp.baseAddress!, ldc: n, accumulate: true)
            } }
            print(label, m, n, k, "GFLOP/s", 2.0 * Double(m * n * k * reps) / t / 1e9)
        } } }
    }
    Threading.count = 1
    rate("dW", m: 204, n: 102, k: 49, transposedA: true)
    rate("dhx", m: 49, n: 102, k: 204, transposedA: false)
    rate("big", m: 200, n: 208, k: 400, transposedA: false)
    rate("fwd", m: 49, n: 208, k: 51, transposedA: false)
    rate("fwd reversed", m: 49, n: 208, k: 51, transposedA: false, reversed: true)
}
if what == "gru" {  // a GRU's step, alone and in a batch of 49 (best of 30 runs of 100 steps)
    for (H, X, N) in [(64, 32, 1), (51, 51, 49)] {
        let cell = GRUCell(inputs: X, hidden: H, seed: 1)
        var rng = SplitMix64(seed: 2)
        let xs = (0..<100).map { _ in rng.uniformMatrix(rows: N, cols: X, bound: 1) }
        let state = cell.zeroState(batch: N)
        var best = Double.infinity
        for _ in 0..<30 { best = min(best, seconds { _ = cell.forward(xs, from: state, shouldStop: { false }) }) }
        printJSON(["peer": "lstm", "bench": "gru_step", "hidden": H, "inputs": X, "batch": N, "threads": Threading.count,
                   "us_per_step": best / 100 * 1e6])
    }
}
