/// How close two names are, for "did you mean" and for the checker's warnings about near-identical names.
enum Spelling {
    /// The number of single-character insertions, deletions and substitutions that turn `a` into `b`
    /// (Levenshtein), over Unicode scalars so `C̃` counts as written.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count), current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Whether two different names are the same but for letter case (`b_F`, `b_f`).
    static func differOnlyInCase(_ a: String, _ b: String) -> Bool { a != b && a.lowercased() == b.lowercased() }

    /// The candidate a mistyped `name` most likely meant: the same but for case, else the one nearest within
    /// one edit per three characters (at least one) — only when it is the single nearest, since `W_x` is as
    /// near to `W_f` as to `W_i` and naming either would mislead; nil when nothing is that close.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        if let same = candidates.sorted().first(where: { differOnlyInCase($0, name) }) { return same }
        let limit = max(1, name.unicodeScalars.count / 3)
        let scored = Set(candidates).filter { $0 != name }.map { ($0, distance($0, name)) }.filter { $0.1 <= limit }
        guard let best = scored.map(\.1).min() else { return nil }
        let nearest = scored.filter { $0.1 == best }
        return nearest.count == 1 ? nearest[0].0 : nil
    }
}
