import Foundation
import Kernel

/// Reading a weights file or a time-sequence dump, and saying exactly what is wrong with one that is neither:
/// the place in the JSON (line and column, or the path to the field) and the value found there.
extension WeightsFile {
    /// What a file held.
    enum Contents {
        case weights(WeightsFile)
        case dump(TorchDump)
    }

    /// The versions of the format this build reads.
    static let versionsRead = [1]

    /// The file's weights or dump, or why it is neither, in words.
    static func decode(_ bytes: Data) throws(Problem) -> Contents {
        let (tree, top) = try object(bytes)
        do {
            if let format = top["format"] {
                guard format as? String == "lstm-weights" else {
                    throw Problem("its format is \(Self.describe(format)), not \"lstm-weights\"")
                }
                guard let version = top["version"] as? Int, Self.versionsRead.contains(version) else {
                    let said = top["version"].map { "it is version \($0) of the weights format" } ?? "it does not say its version"
                    throw Problem(said + "; this lstm reads "
                        + "version " + Self.versionsRead.map(String.init).joined(separator: ", "))
                }
                return .weights(try JSONDecoder().decode(WeightsFile.self, from: bytes))
            }
            if top["lstm1"] != nil { return .dump(try JSONDecoder().decode(TorchDump.self, from: bytes)) }
        } catch let problem as Problem {
            throw problem
        } catch let error as DecodingError {
            throw Problem(Self.explain(error, in: tree))
        } catch {
            throw Problem(error.localizedDescription)
        }
        throw Problem("it is neither a weights file (no \"format\") nor a time-sequence dump (no \"lstm1\")")
    }

    /// The file's JSON, which must be an object.
    static func object(_ bytes: Data) throws(Problem) -> (tree: Any, top: [String: Any]) {
        let tree: Any
        do { tree = try JSONSerialization.jsonObject(with: bytes) } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String
            throw Problem("it is not JSON" + (detail.map { ": " + Self.lineAndColumn($0, in: bytes) } ?? ""))
        }
        guard let top = tree as? [String: Any] else { throw Problem("it holds \(Self.describe(tree)), not an object") }
        return (tree, top)
    }

    /// The `data` matrix of a JSON object (a dump, or any object with "data": rows of numbers of one length).
    static func dataMatrix(_ bytes: Data) throws(Problem) -> Matrix {
        struct DataOnly: Decodable { var data: [[Double]] }
        let (tree, top) = try object(bytes)
        guard top["data"] != nil else { throw Problem("it has no \"data\"") }
        let rows: [[Double]]
        do { rows = try JSONDecoder().decode(DataOnly.self, from: bytes).data } catch let error as DecodingError {
            throw Problem(Self.explain(error, in: tree))
        } catch { throw Problem(error.localizedDescription) }
        guard let first = rows.first, !first.isEmpty else { throw Problem("its data has no numbers") }
        if let k = rows.firstIndex(where: { $0.count != first.count }) {
            throw Problem("data[\(k)] has \(rows[k].count.counting("number")); data[0] has \(first.count)")
        }
        return Matrix(rows)
    }

    /// Why a file could not be read, in words.
    struct Problem: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// A decoding error as the place in the file and what was found there.
    static func explain(_ error: DecodingError, in tree: Any) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "\(place(context.codingPath)) should be \(words(type)); it is \(describe(value(at: context.codingPath, in: tree)))"
        case .valueNotFound(let type, let context):
            return "\(place(context.codingPath)) should be \(words(type)); it is null"
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath)) has no \"\(key.stringValue)\""
        case .dataCorrupted(let context):
            return "\(place(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return error.localizedDescription
        }
    }

    /// A path in the file as it would be written in JavaScript: `layers[0].parameters.W_f`.
    static func place(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "the file" }
        return path.enumerated().map { k, key in
            key.intValue.map { "[\($0)]" } ?? (k == 0 ? key.stringValue : "." + key.stringValue)
        }.joined()
    }

    /// The JSON value at `path` (nil when the path leads nowhere).
    static func value(at path: [any CodingKey], in tree: Any) -> Any? {
        var here: Any? = tree
        for key in path {
            if let index = key.intValue, let list = here as? [Any] {
                here = list.indices.contains(index) ? list[index] : nil
            } else {
                here = (here as? [String: Any])?[key.stringValue]
            }
        }
        return here
    }

    /// A JSON value in a few words, short enough for a message.
    static func describe(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "null"
        case let text as String: return "the text \"\(text.count > 30 ? text.prefix(30) + "…" : text)\""
        case let number as NSNumber where String(cString: number.objCType) == "c": return number.boolValue ? "true" : "false"
        case let number as NSNumber: return "the number \(number)"
        case let list as [Any]: return "a list of \(list.count)"
        case is [String: Any]: return "an object"
        default: return "\(value!)"
        }
    }

    /// A Swift type as a reader of the file knows it.
    static func words(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is String.Type: return "text"
        case is [Double].Type, is [[Double]].Type: return "a list of numbers"
        case is [Any].Type: return "a list"
        case is [String: Any].Type: return "an object"
        default: return type == [Layer].self ? "a list of layers" : "\(type)"
        }
    }

    /// Foundation's "around character N" as a line and a column of the file.
    static func lineAndColumn(_ detail: String, in bytes: Data) -> String {
        guard let range = detail.range(of: #"character \d+"#, options: .regularExpression),
              let offset = Int(detail[range].dropFirst("character ".count)) else { return detail }
        let before = bytes.prefix(offset)
        let line = before.filter { $0 == 10 }.count + 1
        let column = before.count - (before.lastIndex(of: 10).map { $0 + 1 } ?? 0) + 1
        let what = detail[..<range.lowerBound].replacingOccurrences(of: "around ", with: "").trimmingCharacters(in: .whitespaces)
        return "\(what.prefix(1).lowercased() + what.dropFirst()) at line \(line), column \(column)"
    }
}
