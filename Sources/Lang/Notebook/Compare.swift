import Foundation

/// Compares a recorded output line with a replayed one: the text exactly, the numbers within a tolerance.
///
/// Two numbers match when they differ by at most the tolerance, or by at most one unit in the last
/// decimal the recorded number shows (a value rounded differently at the display's last digit).
public enum OutputComparison {
    /// A line cut into text and numbers.
    static func tokens(_ line: String) -> [(text: String, number: Double?, decimals: Int)] {
        var out: [(String, Double?, Int)] = []
        let s = Array(line.unicodeScalars)
        var k = 0
        var text = String.UnicodeScalarView()
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        while k < s.count {
            let startsNumber = isDigit(s[k]) || (s[k] == "-" && k + 1 < s.count && isDigit(s[k + 1]))
            let afterName = k > 0 && (s[k - 1].properties.isAlphabetic || s[k - 1] == "_" || isDigit(s[k - 1]))
            if startsNumber && !afterName {
                if !text.isEmpty { out.append((String(text), nil, 0)); text = .init() }
                var j = k + (s[k] == "-" ? 1 : 0)
                while j < s.count && isDigit(s[j]) { j += 1 }
                var decimals = 0
                if j + 1 < s.count && s[j] == "." && isDigit(s[j + 1]) {
                    j += 1
                    while j < s.count && isDigit(s[j]) { j += 1; decimals += 1 }
                }
                if j < s.count && (s[j] == "e" || s[j] == "E") {
                    var e = j + 1
                    if e < s.count && (s[e] == "+" || s[e] == "-") { e += 1 }
                    if e < s.count && isDigit(s[e]) { j = e; while j < s.count && isDigit(s[j]) { j += 1 } }
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: s[k ..< j])
                let word = String(view)
                out.append((word, Double(word), decimals))
                k = j
            } else {
                text.append(s[k])
                k += 1
            }
        }
        if !text.isEmpty { out.append((String(text), nil, 0)) }
        return out
    }

    /// Whether `replayed` matches `recorded`.
    public static func matches(recorded: String, replayed: String, tolerance: Double) -> Bool {
        if recorded == replayed { return true }
        let a = tokens(recorded), b = tokens(replayed)
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            switch (x.number, y.number) {
            case let (r?, p?):
                let unit = x.decimals > 0 ? pow(10, -Double(x.decimals)) : 0
                if abs(r - p) > max(tolerance, unit * 1.000001) { return false }
            case (nil, nil): if x.text != y.text { return false }
            default: return false
            }
        }
        return true
    }
}
