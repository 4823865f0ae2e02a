/// The fields of a request's body, path or query, with typed getters. A getter takes the field's
/// name and alternatives (`string("locationId", or: "location")`: the first present one is used) and
/// throws `EvaluationError` naming the field when it is missing or has the wrong type.
public struct RequestFields: Sendable {
    /// The whole record (or `.null` when there is none).
    public let value: Value

    public init(_ value: Value) { self.value = value }

    /// The raw value of a field, or `.null`.
    public subscript(name: String) -> Value { value[field: name] }

    /// Whether the field is present and not null.
    public func has(_ name: String) -> Bool { !value[field: name].isNull }

    /// A string field; numbers are not strings.
    public func string(_ name: String, or alternatives: String...) throws(EvaluationError) -> String {
        let (field, found) = try lookup(name, alternatives)
        guard case .string(let s) = found else { throw Self.wrongType(field, "a string", found) }
        return s
    }

    /// A 32-bit integer field: a JSON number or a numeric string (`"100"`), as YAML's `int()`.
    public func int32(_ name: String, or alternatives: String...) throws(EvaluationError) -> Int32 {
        let (field, found) = try lookup(name, alternatives)
        let i = try Self.integer(field, found)
        guard let exact = Int32(exactly: i) else {
            throw EvaluationError("field '\(field)' is out of range for int32: \(i)", field: field, code: .typeMismatch)
        }
        return exact
    }

    /// A 64-bit integer field: a JSON number or a numeric string.
    public func int64(_ name: String, or alternatives: String...) throws(EvaluationError) -> Int64 {
        let (field, found) = try lookup(name, alternatives)
        return try Self.integer(field, found)
    }

    /// An `Int` field: a JSON number or a numeric string.
    public func int(_ name: String, or alternatives: String...) throws(EvaluationError) -> Int {
        let (field, found) = try lookup(name, alternatives)
        return Int(try Self.integer(field, found))
    }

    /// A number field: a JSON number or a numeric string.
    public func double(_ name: String, or alternatives: String...) throws(EvaluationError) -> Double {
        let (field, found) = try lookup(name, alternatives)
        do { return try ValueConversion.double(found) } catch { throw Self.wrongType(field, "a number", found) }
    }

    /// A boolean field: `true`/`false`, as JSON or as a string, or a number (non-zero is true).
    public func bool(_ name: String, or alternatives: String...) throws(EvaluationError) -> Bool {
        let (field, found) = try lookup(name, alternatives)
        do { return try ValueConversion.bool(found) } catch { throw Self.wrongType(field, "true or false", found) }
    }

    /// A field read as any `StreamValue` (a nested record, a list, ...).
    public func decode<T: StreamValue>(_ type: T.Type, field name: String, or alternatives: String...)
        throws(EvaluationError) -> T
    {
        let (field, found) = try lookup(name, alternatives)
        do { return try T(streamValue: found) } catch {
            let path = (error as? EvaluationError)?.field.map { "\(field).\($0)" } ?? field
            throw EvaluationError.rewording(
                error, as: "field '\(field)': \(error)", field: path, otherwise: .typeMismatch)
        }
    }

    /// The whole body (or path, or query) read as a record type; a missing or mistyped field is named.
    public func decode<T: StreamValue>(_ type: T.Type) throws(EvaluationError) -> T {
        do { return try T(streamValue: value) } catch {
            throw EvaluationError.rewording(error, as: "\(error)", otherwise: .typeMismatch)
        }
    }

    // MARK: helpers

    private func lookup(_ name: String, _ alternatives: [String]) throws(EvaluationError) -> (String, Value) {
        for field in [name] + alternatives {
            let found = value[field: field]
            if !found.isNull { return (field, found) }
        }
        let others = alternatives.isEmpty ? "" : " (or " + alternatives.map { "'\($0)'" }.joined(separator: ", ") + ")"
        throw EvaluationError("missing field '\(name)'\(others)", field: name, code: .missingField)
    }

    private static func integer(_ field: String, _ value: Value) throws(EvaluationError) -> Int64 {
        do { return try ValueConversion.integer(value) } catch { throw wrongType(field, "an integer", value) }
    }

    private static func wrongType(_ field: String, _ expected: String, _ value: Value) -> EvaluationError {
        EvaluationError(
            "field '\(field)' must be \(expected), got \(ValueText.describe(value))", field: field, code: .typeMismatch)
    }
}
