/// Text functions `lower`, `upper`, `trim`, `len`, `contains`, `startsWith` (null in, null out) and `concat`.
extension StandardFunctions {
    static let text: [ExpressionFunction] = [
        stringFunction("lower") { $0.lowercased() },
        stringFunction("upper") { $0.uppercased() },
        stringFunction("trim") { String(ValueConversion.trimmed($0)) },
        ExpressionFunction(
            "len", arity: 1...1, accepts: [[.string, .list, .record, .bytes]], returns: .int32,
            body: .unary { v throws(EvaluationError) in
                switch v {
                case .string(let s): return .int(Int64(s.count))
                case .list(let items): return .int(Int64(items.count))
                case .record(let fields): return .int(Int64(fields.count))
                case .bytes(let bytes): return .int(Int64(bytes.count))
                case .null: return .null
                default:
                    throw EvaluationError(
                        "len() expected a string, list or record, got \(ValueText.describe(v))", code: .typeMismatch)
                }
            }),
        ExpressionFunction(
            "contains", arity: 2...2, accepts: [[.string, .list], nil], returns: .bool,
            body: .binary { haystack, needle throws(EvaluationError) in
                switch (haystack, needle) {
                case (.null, _), (_, .null): return .null
                case (.list(let items), _): return .bool(items.contains { ValueComparison.equal($0, needle) })
                default:
                    let s = try ValueConversion.string(haystack, for: "contains")
                    return .bool(s.contains(try ValueConversion.string(needle, for: "contains")))
                }
            }),
        ExpressionFunction(
            "startsWith", arity: 2...2, accepts: [[.string]], returns: .bool,
            body: .binary { s, prefix throws(EvaluationError) in
                if s.isNull || prefix.isNull { return .null }
                return .bool(
                    try ValueConversion.string(s, for: "startsWith")
                        .hasPrefix(try ValueConversion.string(prefix, for: "startsWith")))
            }),
        ExpressionFunction(
            "concat", arity: 1...Int.max, returns: .string,
            body: .evaluators {
                arguments, scope throws(EvaluationError) in
                var out = ""
                for argument in arguments {
                    let v = try argument(scope)
                    if case .string(let s) = v { out += s } else if !v.isNull { out += ValueText.plain(v) }
                }
                return .string(out)
            }),
    ]

    /// A one-string-argument function mapping strings to strings.
    private static func stringFunction(
        _ name: String, _ transform: @escaping @Sendable (String) -> String
    ) -> ExpressionFunction {
        ExpressionFunction(
            name, arity: 1...1, accepts: [[.string]], returns: .string,
            body: .unary {
                v throws(EvaluationError) in
                if v.isNull { return .null }
                return .string(transform(try ValueConversion.string(v, for: name)))
            })
    }
}
