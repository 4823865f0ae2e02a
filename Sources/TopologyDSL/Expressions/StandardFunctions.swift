/// The built-in expression functions, grouped by theme; conversions live here.
enum StandardFunctions {
    static let numericKinds: Set<ValueType.Kind> = [.int32, .int64, .double]
    static let numericOrString: Set<ValueType.Kind> = numericKinds.union([.string])

    /// `int`, `long`, `double`, `string`, `bool`: strict conversions that reject null and junk.
    static let conversions: [ExpressionFunction] = [
        ExpressionFunction(
            "int", arity: 1...1, accepts: [numericOrString], returns: .int32,
            body: .unary {
                v throws(EvaluationError) in
                let i = try ValueConversion.integer(v)
                guard let narrow = Int32(exactly: i) else {
                    throw EvaluationError("integer \(i) does not fit in int32; use long()", code: .typeMismatch)
                }
                return .int(Int64(narrow))
            }),
        ExpressionFunction(
            "long", arity: 1...1, accepts: [numericOrString], returns: .int64,
            body: .unary {
                v throws(EvaluationError) in .int(try ValueConversion.integer(v))
            }),
        ExpressionFunction(
            "double", arity: 1...1, accepts: [numericOrString], returns: .double,
            body: .unary {
                v throws(EvaluationError) in .double(try ValueConversion.double(v))
            }),
        ExpressionFunction(
            "bool", arity: 1...1, accepts: [[.bool, .string, .int32, .int64]], returns: .bool,
            body: .unary { v throws(EvaluationError) in .bool(try ValueConversion.bool(v)) }),
        ExpressionFunction(
            "string", arity: 1...1, returns: .string,
            body: .unary {
                v throws(EvaluationError) in
                if case .string = v { return v }
                if v.isNull { throw EvaluationError("string() expected a value, got null", code: .typeMismatch) }
                return .string(ValueText.plain(v))
            }),
    ]
}
