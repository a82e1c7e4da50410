/// The strong-Wolfe line search of PyTorch's LBFGS (after Nocedal & Wright, algorithms 3.5 and 3.6):
/// bracket a step satisfying sufficient decrease (c1 = 1e-4) and the curvature condition (c2 = 0.9),
/// then zoom in by cubic interpolation, at most 25 evaluations.
enum StrongWolfe {
    struct Point {
        var t: Double
        var f: Double
        var g: [Double]
        var gtd: Double
    }

    /// The minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), held to `bounds`.
    static func cubicMinimum(_ x1: Double, _ f1: Double, _ g1: Double, _ x2: Double, _ f2: Double, _ g2: Double,
                             bounds: (Double, Double)? = nil) -> Double {
        let (lo, hi) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1))
        let d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
        let d2Square = d1 * d1 - g1 * g2
        guard d2Square >= 0 else { return (lo + hi) / 2 }
        let d2 = d2Square.squareRoot()
        let m = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                         : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(m, lo), hi)
    }

    static func search(t start: Double, d: [Double], f: Double, g: [Double], gtd: Double, toleranceChange: Double,
                       c1: Double = 1e-4, c2: Double = 0.9, maxSteps: Int = 25, shouldStop: (@Sendable () -> Bool)? = nil,
                       evaluate: (Double) -> (loss: Double, gradient: [Double])) -> (f: Double, g: [Double], t: Double, evaluations: Int) {
        let dNorm = Flat.maxAbs(d)
        var t = start
        var (fNew, gNew) = evaluate(t)
        var evaluations = 1
        var gtdNew = Flat.dot(gNew, d)
        var previous = Point(t: 0, f: f, g: g, gtd: gtd)
        var done = false
        var steps = 0
        var bracket: [Point] = []
        while steps < maxSteps && shouldStop?() != true {
            let here = Point(t: t, f: fNew, g: gNew, gtd: gtdNew)
            if fNew > f + c1 * t * gtd || (steps > 1 && fNew >= previous.f) { bracket = [previous, here]; break }
            if abs(gtdNew) <= -c2 * gtd { bracket = [here]; done = true; break }
            if gtdNew >= 0 { bracket = [previous, here]; break }
            let next = cubicMinimum(previous.t, previous.f, previous.gtd, t, fNew, gtdNew,
                                    bounds: (t + 0.01 * (t - previous.t), t * 10))
            previous = here
            t = next
            (fNew, gNew) = evaluate(t)
            evaluations += 1
            gtdNew = Flat.dot(gNew, d)
            steps += 1
        }
        if steps == maxSteps { bracket = [Point(t: 0, f: f, g: g, gtd: gtd), Point(t: t, f: fNew, g: gNew, gtd: gtdNew)] }
        // Stopped from outside (Ctrl-C) before a bracket was found: the last point is the answer (the caller discards it).
        if bracket.isEmpty { bracket = [Point(t: t, f: fNew, g: gNew, gtd: gtdNew)] }
        // Zoom: shrink the bracket until a point satisfies both conditions.
        var insufficientProgress = false
        var (low, high) = bracket.count > 1 && bracket[0].f > bracket[1].f ? (1, 0) : (0, 1)
        while !done && steps < maxSteps && shouldStop?() != true {
            if abs(bracket[1].t - bracket[0].t) * dNorm < toleranceChange { break }
            t = cubicMinimum(bracket[0].t, bracket[0].f, bracket[0].gtd, bracket[1].t, bracket[1].f, bracket[1].gtd)
            let top = max(bracket[0].t, bracket[1].t), bottom = min(bracket[0].t, bracket[1].t)
            let eps = 0.1 * (top - bottom)
            if min(top - t, t - bottom) < eps {
                if insufficientProgress || t >= top || t <= bottom {
                    t = abs(t - top) < abs(t - bottom) ? top - eps : bottom + eps
                    insufficientProgress = false
                } else {
                    insufficientProgress = true
                }
            } else {
                insufficientProgress = false
            }
            (fNew, gNew) = evaluate(t)
            evaluations += 1
            gtdNew = Flat.dot(gNew, d)
            steps += 1
            let here = Point(t: t, f: fNew, g: gNew, gtd: gtdNew)
            if fNew > f + c1 * t * gtd || fNew >= bracket[low].f {
                bracket[high] = here
                (low, high) = bracket[0].f <= bracket[1].f ? (0, 1) : (1, 0)
            } else {
                if abs(gtdNew) <= -c2 * gtd {
                    done = true
                } else if gtdNew * (bracket[high].t - bracket[low].t) >= 0 {
                    bracket[high] = bracket[low]
                }
                bracket[low] = here
            }
        }
        let best = bracket[bracket.count > 1 ? low : 0]
        return (best.f, best.g, best.t, evaluations)
    }
}
