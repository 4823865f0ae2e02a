/// Checks a value computed from a request against the declared type, converting where it is safe.
enum ValueConformance {
    /// `value` as a value of `type`; throws naming `field` when it is missing or of the wrong kind.
    static func conform(_ value: Value, to type: ValueType, field: String) throws -> Value {
        if case .null = value, type.kind != .any, type.kind != .null {
            throw EvaluationError("missing field '\(field)'", field: field, code: .missingField)
        }
        switch type.kind {
        case .int32, .int64:
            guard case .int(let i) = value else {
                throw EvaluationError(
                    "field '\(field)' must be an integer, got \(value.kindName)", field: field, code: .typeMismatch)
            }
            if type.kind == .int32, Int32(exactly: i) == nil {
                throw EvaluationError(
                    "field '\(field)' is out of range for int32: \(i)", field: field, code: .typeMismatch)
            }
            return value
        case .double:
            if case .int(let i) = value { return .double(Double(i)) }
            guard case .double = value else {
                throw EvaluationError(
                    "field '\(field)' must be a number, got \(value.kindName)", field: field, code: .typeMismatch)
            }
            return value
        case .string:
            guard case .string = value else {
                throw EvaluationError(
                    "field '\(field)' must be a string, got \(value.kindName)", field: field, code: .typeMismatch)
            }
            return value
        case .bool:
            guard case .bool = value else {
                throw EvaluationError(
                    "field '\(field)' must be true or false, got \(value.kindName)", field: field, code: .typeMismatch)
            }
            return value
        case .record:
            guard case .record(let fields) = value else {
                throw EvaluationError(
                    "field '\(field)' must be an object, got \(value.kindName)", field: field, code: .typeMismatch)
            }
            var out = Fields()
            for declared in type.fields {
                out.set(
                    declared.name, try conform(fields[declared.name] ?? .null, to: declared.type, field: declared.name))
            }
            return .record(out)
        default:
            return value
        }
    }
}
