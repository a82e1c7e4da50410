/// Warnings for parameters that look like typos: a free name in a cell's equations becomes a learned
/// parameter, so `b_F` beside `b_f` would silently add a bias nobody meant.
///
/// A parameter is warned about when it differs from another name of the cell only in letter case, or by one
/// character when the other follows the course's convention and it does not: a subscript naming one of the
/// cell's values, in either case (`W_f`, `b_f` for the gate `f`; seed 002's `W_g` for `G`). So `W_f`, `W_i`
/// and `b_f` sit together quietly, while `b_g` beside `b_f` in a cell with no `g` is flagged.
extension EquationChecker {
    func similarNameWarnings() -> [Diagnostic] {
        let values = Set(variables.map { $0.lowercased() })
        func followsConvention(_ name: String) -> Bool {
            guard let bar = name.lastIndex(of: "_") else { return false }
            return values.contains(String(name[name.index(after: bar)...]).lowercased())
        }
        let assigned = equations.map { ($0.name, $0.nameRange) }
        var warnings: [Diagnostic] = []
        for (k, p) in parameters.enumerated() {
            // Against the cell's values and the parameters met before this one (one warning per pair).
            let earlier = parameters[..<k].map { ($0.name, $0.firstUse) }
            let caseTwin = (assigned + earlier).first { Spelling.differOnlyInCase(p.name, $0.0) }
            let oneOff = caseTwin != nil || p.name.count < 3 || followsConvention(p.name) ? nil
                : (earlier + parameters[(k + 1)...].map { ($0.name, $0.firstUse) })
                    .first { followsConvention($0.0) && Spelling.distance(p.name, $0.0) == 1 }
            guard let (other, range) = caseTwin ?? oneOff else { continue }
            let (line, column) = file.location(of: range.start)
            warnings.append(Diagnostic(.similarNames(p.name, other, caseOnly: caseTwin != nil), at: p.firstUse, in: file,
                                       notes: [.init("\(other) is at \(line):\(column); if you meant it, write \(other) here too")],
                                       severity: .warning))
        }
        return warnings
    }
}
