/// L-BFGS as PyTorch's `torch.optim.LBFGS` runs it: its defaults (max_iter 20, max_eval 25, history
/// 100, tolerance_grad 1e-7, tolerance_change 1e-9), its first step of min(1, 1/‖g‖₁)·lr, its stopping
/// rules, and its optional strong-Wolfe line search. The state carries over from one `step` to the next.
///
/// One difference, without line search: PyTorch takes every fixed step whatever it does to the loss, and
/// the course's project diverges that way (at its step 5 the loss goes 5e-5 → 2e-4 → 0.6 → 3e3 → …).
/// Here a step whose loss is not finite or more than ten times the lowest loss seen so far is halved until
/// it is not (at most 10 times, each an evaluation); PyTorch's own first step on that project jumps
/// sevenfold and recovers, and this leaves it be. While the loss behaves, the two follow the same path.
public struct LBFGS: Optimizer {
    public var lr: Double
    public var maxIterations = 20
    public var maxEvaluations = 25
    /// A step stops after `maxEvaluations` (a line search may finish the one it is in).
    public var evaluationsPerStep: Int { maxEvaluations }
    public var historySize = 100
    public var toleranceGrad = 1e-7
    public var toleranceChange = 1e-9
    public var lineSearch: Bool

    var direction: [Double] = []
    var stepLength = 0.0
    var oldDirections: [[Double]] = [], oldSteps: [[Double]] = [], ro: [Double] = []
    var hDiag = 1.0
    var previousGradient: [Double]? = nil
    var iterations = 0
    /// The lowest loss seen so far, for the guard against blow-ups without line search.
    var lowest = Double.infinity
    /// Every objective evaluation so far.
    public private(set) var evaluations = 0
    /// Asked after each evaluation: true ends the step at once (the caller restores the parameters).
    public var shouldStop: (@Sendable () -> Bool)? = nil

    public init(lr: Double = 1, lineSearch: Bool = false) {
        self.lr = lr
        self.lineSearch = lineSearch
    }

    public mutating func step(_ x: inout [Double], _ objective: Objective) -> Double {
        var (loss, g) = objective(x)
        let originalLoss = loss
        lowest = min(lowest, loss)
        var currentEvaluations = 1
        evaluations += 1
        if Flat.maxAbs(g) <= toleranceGrad { return originalLoss }
        var n = 0
        while n < maxIterations {
            n += 1
            iterations += 1
            if iterations == 1 {
                direction = g.map { -$0 }
                oldDirections = []; oldSteps = []; ro = []
                hDiag = 1
            } else {
                let y = zip(g, previousGradient!).map { $0 - $1 }
                let s = direction.map { $0 * stepLength }
                let ys = Flat.dot(y, s)
                if ys > 1e-10 {
                    if oldDirections.count == historySize {
                        oldDirections.removeFirst(); oldSteps.removeFirst(); ro.removeFirst()
                    }
                    oldDirections.append(y); oldSteps.append(s); ro.append(1 / ys)
                    hDiag = ys / Flat.dot(y, y)
                }
                direction = twoLoop(g)
            }
            previousGradient = g
            let previousLoss = loss
            stepLength = iterations == 1 ? min(1, 1 / Flat.sumAbs(g)) * lr : lr
            let gtd = Flat.dot(g, direction)
            if gtd > -toleranceChange { break }
            var lineEvaluations = 0
            var optimal = false
            if lineSearch {
                let start = x
                let d = direction
                let search = StrongWolfe.search(t: stepLength, d: d, f: loss, g: g, gtd: gtd, toleranceChange: toleranceChange,
                                                  shouldStop: shouldStop) { t in
                    objective(Flat.moved(start, t, d))
                }
                (loss, g, stepLength, lineEvaluations) = (search.f, search.g, search.t, search.evaluations)
                x = Flat.moved(start, stepLength, d)
                optimal = Flat.maxAbs(g) <= toleranceGrad
            } else {
                let start = x
                x = Flat.moved(start, stepLength, direction)
                if n != maxIterations {
                    (loss, g) = objective(x)
                    lineEvaluations = 1
                    var halvings = 0
                    while !(loss.isFinite && loss <= 10 * lowest) && halvings < 10 && shouldStop?() != true {
                        stepLength /= 2
                        halvings += 1
                        x = Flat.moved(start, stepLength, direction)
                        (loss, g) = objective(x)
                        lineEvaluations += 1
                    }
                    optimal = Flat.maxAbs(g) <= toleranceGrad
                    if loss.isFinite { lowest = min(lowest, loss) }
                }
            }
            currentEvaluations += lineEvaluations
            evaluations += lineEvaluations
            if shouldStop?() == true { break }
            if n == maxIterations || currentEvaluations >= maxEvaluations || optimal { break }
            if Flat.maxAbs(direction) * abs(stepLength) <= toleranceChange { break }
            if abs(loss - previousLoss) < toleranceChange { break }
        }
        return originalLoss
    }

    /// The two-loop recursion: the inverse-Hessian approximation applied to -g.
    func twoLoop(_ g: [Double]) -> [Double] {
        var q = g.map { -$0 }
        var al = [Double](repeating: 0, count: oldDirections.count)
        for i in stride(from: oldDirections.count - 1, through: 0, by: -1) {
            al[i] = Flat.dot(oldSteps[i], q) * ro[i]
            for k in q.indices { q[k] -= al[i] * oldDirections[i][k] }
        }
        var r = q.map { $0 * hDiag }
        for i in oldDirections.indices {
            let be = Flat.dot(oldDirections[i], r) * ro[i]
            for k in r.indices { r[k] += (al[i] - be) * oldSteps[i][k] }
        }
        return r
    }
}
