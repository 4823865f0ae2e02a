/// Strict run-time conversions used by `int()`, `double()`, `bool()` and string functions.
enum ValueConversion {
    /// An Int64 from an int, a finite double (truncated) or a numeric string like `" 42 "`.
    static func integer(_ value: Value) throws(EvaluationError) -> Int64 {
        switch value {
        case .int(let i): return i
        case .double(let d):
            if let i = Int64(exactly: d.rounded(.towardZero)) { return i }
        case .string(let s):
            if let i = Int64(s) ?? Int64(trimmed(s)) { return i }
        default: break
        }
        throw EvaluationError("expected an integer, got \(ValueText.describe(value))", code: .typeMismatch)
    }

    /// A Double from an int, a double or a numeric string; non-finite results are rejected.
    static func double(_ value: Value) throws(EvaluationError) -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s):
            if let d = Double(s) ?? Double(trimmed(s)), d.isFinite { return d }
        default: break
        }
        throw EvaluationError("expected a number, got \(ValueText.describe(value))", code: .typeMismatch)
    }

    /// A Bool from a bool, an int (non-zero is true) or the strings `true` / `false` (any case).
    static func bool(_ value: Value) throws(EvaluationError) -> Bool {
        switch value {
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .string(let s):
            switch trimmed(s).lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        default: break
        }
        throw EvaluationError("expected a boolean, got \(ValueText.describe(value))", code: .typeMismatch)
    }

    /// The string payload, or an error naming `function` when the value is not a string.
    @inline(__always)
    static func string(_ value: Value, for function: String) throws(EvaluationError) -> String {
        if case .string(let s) = value { return s }
        throw EvaluationError("\(function)() expected a string, got \(ValueText.describe(value))", code: .typeMismatch)
    }

    /// `s` without leading and trailing whitespace.
    static func trimmed(_ s: String) -> Substring {
        guard let first = s.firstIndex(where: { !$0.isWhitespace }),
            let last = s.lastIndex(where: { !$0.isWhitespace })
        else { return s[s.endIndex...] }
        return s[first...last]
    }
}
