/// Run-time equality and ordering of values; ints and doubles compare numerically.
enum ValueComparison {
    /// Equality for `==`: numeric across int/double, structural for lists and records, `null == null`.
    static func equal(_ l: Value, _ r: Value) -> Bool {
        switch (l, r) {
        case (.int(let a), .int(let b)): return a == b
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.record(let a), .record(let b)):
            return a.names == b.names && zip(a.values, b.values).allSatisfy { equal($0, $1) }
        default: return l == r
        }
    }

    /// Ordering for `<` and friends, `min` and `max`: negative, zero or positive;
    /// nil when either side is null. Throws for kinds that do not order (or mismatch).
    static func compare(_ l: Value, _ r: Value) throws(EvaluationError) -> Int? {
        switch (l, r) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.double(let a), .double(let b)): return order(a, b)
        case (.int(let a), .double(let b)): return order(Double(a), b)
        case (.double(let a), .int(let b)): return order(a, Double(b))
        case (.string(let a), .string(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.null, _), (_, .null): return nil
        default:
            throw EvaluationError(
                "cannot compare \(ValueText.describe(l)) with \(ValueText.describe(r))", code: .typeMismatch)
        }
    }

    private static func order(_ a: Double, _ b: Double) -> Int {
        a < b ? -1 : (a == b ? 0 : 1)
    }
}
