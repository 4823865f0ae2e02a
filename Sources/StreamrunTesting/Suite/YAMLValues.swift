import Foundation
import TopologyDSL
import Yams

/// A value of a suite file that does not fit its declared type, with where it was written.
struct ConversionError: Error {
    var message: String
    var location: SourceLocation
}

/// YAML values as values of a topology's declared types: a record type takes a mapping of its
/// fields, an integer type an integer in its range, a string type any scalar's text (so `sku: 1`
/// is the string "1"), and `json` (or any other type without a fixed shape) YAML's own reading of
/// scalars, lists and mappings. A plain `null` or `~` is a missing value (a tombstone) whatever the type.
enum YAMLValues {
    static func convert(_ value: YAMLValue, to type: ValueType, file: String) throws(ConversionError) -> Value {
        try convert(value.node, to: type, file: file, path: "")
    }

    private static func location(_ node: Node, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["null", "Null", "NULL", "~", ""].contains(scalar.string)
    }

    private static func convert(_ node: Node, to type: ValueType, file: String, path: String) throws(ConversionError)
        -> Value
    {
        func fail(_ message: String) -> ConversionError {
            ConversionError(
                message: (path.isEmpty ? "" : "field '\(path)': ") + message, location: location(node, file))
        }
        if let scalar = node.scalar, isNull(scalar) { return .null }
        switch type.kind {
        case .record:
            guard case .mapping(let mapping) = node else {
                throw fail("a \(type.name) must be a mapping of its fields (\(fieldList(type)))")
            }
            var given: [String: Node] = [:]
            for (keyNode, valueNode) in mapping {
                guard let name = keyNode.scalar?.string, type.field(name) != nil else {
                    throw ConversionError(
                        message:
                            "\(type.name) has no field '\(keyNode.scalar?.string ?? "?")'; its fields: \(fieldList(type))",
                        location: location(keyNode, file))
                }
                given[name] = valueNode
            }
            var fields = Fields()
            for field in type.fields {
                let value =
                    try given[field.name].map { node throws(ConversionError) in
                        try convert(
                            node, to: field.type, file: file, path: path.isEmpty ? field.name : "\(path).\(field.name)")
                    } ?? .null
                fields.set(field.name, value)
            }
            return .record(fields)
        case .int32, .int64:
            guard let text = node.scalar?.string, let number = Int64(text) else {
                throw fail("\(type.name) must be an integer")
            }
            if type.kind == .int32, Int32(exactly: number) == nil { throw fail("\(number) is out of range for int32") }
            return .int(number)
        case .double:
            guard let text = node.scalar?.string, let number = Double(text) else {
                throw fail("double must be a number")
            }
            return .double(number)
        case .bool:
            switch node.scalar?.string.lowercased() {
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: throw fail("bool must be true or false")
            }
        case .string:
            guard let scalar = node.scalar else { throw fail("string must be a scalar") }
            return .string(scalar.string)
        case .bytes:
            guard let scalar = node.scalar else { throw fail("bytes must be a string (its UTF-8 bytes)") }
            return .bytes(Array(scalar.string.utf8))
        default:
            return natural(node)
        }
    }

    /// YAML's own reading: plain scalars as null, booleans, integers, doubles or strings; quoted ones as strings.
    static func natural(_ node: Node) -> Value {
        switch node {
        case .scalar(let scalar):
            if isNull(scalar) { return .null }
            guard scalar.style == .plain else { return .string(scalar.string) }
            if scalar.string == "true" { return .bool(true) }
            if scalar.string == "false" { return .bool(false) }
            if let int = Int64(scalar.string) { return .int(int) }
            if let double = Double(scalar.string), scalar.string.contains(where: { $0.isNumber }) {
                return .double(double)
            }
            return .string(scalar.string)
        case .mapping(let mapping):
            return .record(Fields(mapping.map { ($0.key.scalar?.string ?? "", natural($0.value)) }))
        case .sequence(let sequence):
            return .list(sequence.map(natural))
        case .alias:
            return .null
        }
    }

    private static func fieldList(_ type: ValueType) -> String { type.fields.map(\.name).joined(separator: ", ") }
}

/// Values as YAML flow text, for diffs: `{ location: STL, sku: "1" }`.
enum YAMLText {
    static func render(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let bool): bool ? "true" : "false"
        case .int(let int): String(int)
        case .double(let double):
            double.rounded() == double && abs(double) < 1e15 ? String(format: "%.1f", double) : "\(double)"
        case .string(let string): quotedIfNeeded(string)
        case .bytes(let bytes): "!!binary \(Data(bytes).base64EncodedString())"
        case .list(let items): "[" + items.map(render).joined(separator: ", ") + "]"
        case .record(let fields):
            fields.count == 0
                ? "{}" : "{ " + fields.map { "\(quotedIfNeeded($0.0)): \(render($0.1))" }.joined(separator: ", ") + " }"
        }
    }

    /// Plain when YAML would read the text back as the same string, else double-quoted.
    static func quotedIfNeeded(_ text: String) -> String {
        let plain =
            !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "_-./@".contains($0) }
            && !(text.first.map { $0.isNumber || "-.@".contains($0) } ?? true)
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(text.lowercased())
        guard !plain else { return text }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Equality of expected and actual values: records compare field by field whatever their order
/// (a JSON object's fields come in the order they were written).
enum ValueMatch {
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.record(let x), .record(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { name, value in y[name].map { same(value, $0) } ?? false }
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        default:
            return a == b
        }
    }
}
