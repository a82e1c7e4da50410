/// How close two names are, for "did you mean" (names, fields, functions, commands) and for the checker's
/// warnings about near-identical names.
public enum Spelling {
    /// The number of single-character insertions, deletions, substitutions and swaps of two neighbours that
    /// turn `a` into `b` (optimal string alignment), over Unicode scalars so `C̃` counts as written.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    /// Whether two different names are the same but for letter case (`b_F`, `b_f`).
    static func differOnlyInCase(_ a: String, _ b: String) -> Bool { a != b && a.lowercased() == b.lowercased() }

    /// The candidate a mistyped `name` most likely meant: the same but for case, else the one nearest within
    /// one edit per three characters (at least one) — only when it is the single nearest, since `W_x` is as
    /// near to `W_f` as to `W_i` and naming either would mislead; nil when nothing is that close.
    public static func suggestion(for name: String, among candidates: [String]) -> String? {
        if let same = candidates.sorted().first(where: { differOnlyInCase($0, name) }) { return same }
        let limit = max(1, name.unicodeScalars.count / 3)
        let scored = Set(candidates).filter { $0 != name }.map { ($0, distance($0, name)) }.filter { $0.1 <= limit }
        guard let best = scored.map(\.1).min() else { return nil }
        let nearest = scored.filter { $0.1 == best }
        return nearest.count == 1 ? nearest[0].0 : nil
    }
}
