import Testing
import Kernel
#if canImport(Glibc)
import Glibc
#endif

/// The optimizers find known minima: a quadratic bowl for all, Rosenbrock's valley for L-BFGS.
@Suite struct OptimizerTests {
    /// f(x) = Σ a_k (x_k - k)², minimum 0 at x_k = k.
    static func quadratic(_ x: [Double]) -> (loss: Double, gradient: [Double]) {
        var f = 0.0, g = [Double](repeating: 0, count: x.count)
        for k in x.indices {
            let a = Double(k + 1)
            f += a * (x[k] - Double(k)) * (x[k] - Double(k))
            g[k] = 2 * a * (x[k] - Double(k))
        }
        return (f, g)
    }

    /// Rosenbrock: (1 - x)² + 100 (y - x²)², minimum 0 at (1, 1).
    static func rosenbrock(_ p: [Double]) -> (loss: Double, gradient: [Double]) {
        let (x, y) = (p[0], p[1])
        return ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x),
                [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
    }

    func minimize(_ optimizer: inout some Optimizer, from start: [Double], steps: Int, _ f: Objective) -> [Double] {
        var x = start
        for _ in 0..<steps { _ = optimizer.step(&x, f) }
        return x
    }

    @Test func sgdWithMomentumFindsTheBowlsBottom() {
        var sgd = SGD(lr: 0.05, momentum: 0.9)
        let x = minimize(&sgd, from: [3, -2, 5, 0], steps: 400, Self.quadratic)
        for (k, v) in x.enumerated() { #expect(abs(v - Double(k)) < 1e-6) }
    }

    @Test func adamFindsTheBowlsBottom() {
        var adam = Adam(lr: 0.05)
        let x = minimize(&adam, from: [3, -2, 5, 0], steps: 3000, Self.quadratic)
        for (k, v) in x.enumerated() { #expect(abs(v - Double(k)) < 1e-4) }
    }

    @Test func adamsFirstStepIsLrTimesTheGradientsSign() {
        // With bias correction, Adam's first move is lr · g/|g| (up to ε) whatever the gradient's size.
        var adam = Adam(lr: 0.1)
        var x = [10.0, -10.0]
        _ = adam.step(&x, Self.quadratic)
        #expect(abs(x[0] - 9.9) < 1e-9 && abs(x[1] - (-9.9)) < 1e-9)
    }

    /// PyTorch 2.15's LBFGS on Rosenbrock from (-1.2, 1), float64: where it ends and how many times it
    /// evaluated (lr 0.5 for 200 steps without line search; lr 1 for 10 steps with strong Wolfe).
    @Test(arguments: [(false, 0.5, 200, [0.9999864140720967, 0.9999720534599806], 259),
                      (true, 1.0, 10, [0.9999814210791366, 0.9999619651810989], 52)])
    func lbfgsFollowsPyTorchOnRosenbrock(_ search: Bool, _ lr: Double, _ steps: Int, _ torchEnd: [Double], _ torchEvaluations: Int) {
        var lbfgs = LBFGS(lr: lr, lineSearch: search)
        let x = minimize(&lbfgs, from: [-1.2, 1], steps: steps, Self.rosenbrock)
        #expect(abs(x[0] - torchEnd[0]) < 1e-9 && abs(x[1] - torchEnd[1]) < 1e-9, "line search \(search): \(x)")
        #expect(lbfgs.evaluations == torchEvaluations)
        #expect(abs(x[0] - 1) < 1e-4 && abs(x[1] - 1) < 1e-4)
    }

    /// f(x) = Σ log(1 + x_k²) · k: flat far out, so a fixed step of 3 overshoots wildly.
    static func valley(_ x: [Double]) -> (loss: Double, gradient: [Double]) {
        var f = 0.0, g = [Double](repeating: 0, count: x.count)
        for k in x.indices {
            let w = Double(k + 1)
            f += w * log(1 + x[k] * x[k])
            g[k] = w * 2 * x[k] / (1 + x[k] * x[k])
        }
        return (f, g)
    }

    @Test func lbfgsWithoutLineSearchHalvesAStepThatBlowsUpTheLoss() {
        var lbfgs = LBFGS(lr: 3)
        var x = [0.9, -0.7, 0.4]
        var losses: [Double] = []
        for _ in 0..<20 { losses.append(lbfgs.step(&x, Self.valley)) }
        #expect(losses.allSatisfy { $0.isFinite })
        for k in 1..<losses.count { #expect(losses[k] <= 10 * losses[..<k].min()! + 1e-12) }
        // The guard's promise: never more than ten times the lowest loss seen (without it: 1e+300s).
        #expect(Self.valley(x).loss <= 10 * losses.min()!)
    }

    @Test func lbfgsSolvesAQuadraticInOneStep() {
        var lbfgs = LBFGS(lr: 1, lineSearch: true)
        let x = minimize(&lbfgs, from: [3, -2, 5, 0], steps: 1, Self.quadratic)
        // One step of at most 20 iterations stops once the loss changes by less than 1e-9.
        #expect(Self.quadratic(x).loss < 1e-10)
        for (k, v) in x.enumerated() { #expect(abs(v - Double(k)) < 1e-5) }
        #expect(lbfgs.evaluations <= 25)
    }
}
