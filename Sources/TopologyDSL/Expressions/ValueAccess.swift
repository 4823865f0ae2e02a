/// Run-time field and index access used by compiled `a.b`, `a["b"]` and `a[0]`.
enum ValueAccess {
    /// The field `name` of a record (`.null` if absent); null stays null; other kinds are an error.
    /// `hint` is the field's position in the static type, tried before a scan.
    @inline(__always)
    static func field(_ base: Value, _ name: String, hint: Int?) throws(EvaluationError) -> Value {
        switch base {
        case .record(let fields):
            if let hint, hint < fields.count, fields.names[hint] == name { return fields.values[hint] }
            return fields[name] ?? .null
        case .null:
            return .null
        default:
            throw EvaluationError("cannot read field '\(name)' of \(ValueText.describe(base))", code: .typeMismatch)
        }
    }

    /// `base[index]`: list element by integer (out of range → null) or record field by string.
    static func index(_ base: Value, _ index: Value) throws(EvaluationError) -> Value {
        switch (base, index) {
        case (.list(let items), .int(let i)):
            return i >= 0 && i < Int64(items.count) ? items[Int(i)] : .null
        case (.record, .string(let name)):
            return try field(base, name, hint: nil)
        case (.null, _), (_, .null):
            return .null
        default:
            throw EvaluationError(
                "cannot index \(ValueText.describe(base)) with \(ValueText.describe(index))", code: .typeMismatch)
        }
    }
}
