/// The loss and its gradient at a point of parameter space.
public typealias Objective = ([Double]) -> (loss: Double, gradient: [Double])

/// An optimizer over a flat parameter vector; one `step` may evaluate the objective several times.
public protocol Optimizer: Sendable {
    /// Moves `x`; returns the loss at the point it started from.
    mutating func step(_ x: inout [Double], _ objective: Objective) -> Double
    /// The most times one step evaluates the objective.
    var evaluationsPerStep: Int { get }
}

extension Optimizer {
    public var evaluationsPerStep: Int { 1 }
}

/// Stochastic gradient descent with momentum, as PyTorch's SGD (no dampening, no Nesterov):
/// `v = μ·v + g` (v = g on the first step), `x -= lr·v`.
public struct SGD: Optimizer {
    public var lr: Double
    public var momentum: Double
    var velocity: [Double]? = nil

    public init(lr: Double, momentum: Double = 0) {
        self.lr = lr
        self.momentum = momentum
    }

    public mutating func step(_ x: inout [Double], _ objective: Objective) -> Double {
        let (loss, g) = objective(x)
        var v = g
        if momentum != 0, let old = velocity { for k in v.indices { v[k] = momentum * old[k] + g[k] } }
        velocity = v
        for k in x.indices { x[k] -= lr * v[k] }
        return loss
    }
}

/// Adam (Kingma & Ba), as PyTorch computes it: moments m and v, bias corrections 1 - β^t,
/// `x -= (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + ε)`.
public struct Adam: Optimizer {
    public var lr: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    var m: [Double] = [], v: [Double] = []
    var t = 0

    public init(lr: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public mutating func step(_ x: inout [Double], _ objective: Objective) -> Double {
        let (loss, g) = objective(x)
        if m.isEmpty { m = Array(repeating: 0, count: x.count); v = m }
        t += 1
        let c1 = 1 - Platform.pow(beta1, Double(t)), c2 = 1 - Platform.pow(beta2, Double(t))
        for k in x.indices {
            m[k] = beta1 * m[k] + (1 - beta1) * g[k]
            v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k]
            x[k] -= (lr / c1) * m[k] / (v[k].squareRoot() / c2.squareRoot() + epsilon)
        }
        return loss
    }
}

/// Vector helpers for the optimizers.
enum Flat {
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for k in a.indices { s += a[k] * b[k] }
        return s
    }

    static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }

    static func sumAbs(_ a: [Double]) -> Double { a.reduce(0) { $0 + abs($1) } }

    /// `x + t·d`.
    static func moved(_ x: [Double], _ t: Double, _ d: [Double]) -> [Double] {
        var out = x
        for k in out.indices { out[k] += t * d[k] }
        return out
    }
}

