/// Static typing rules shared by operators and functions: numeric promotion and branch unification.
enum TypeRules {
    /// The type of an integer literal: `int32` when it fits (so it adapts to int32 operands), else `int64`.
    static func literalType(_ value: Int64) -> ValueType {
        Int64(Int32.min)...Int64(Int32.max) ~= value ? .int32 : .int64
    }

    /// True for types whose values are only known at run time (`any`, `json`) or are `null`.
    static func isDynamic(_ type: ValueType) -> Bool { type.kind == .any || type.kind == .null }

    /// The result of arithmetic on two numeric types: double wins, then int64, else int32.
    static func promote(_ a: ValueType, _ b: ValueType) -> ValueType {
        if a.kind == .double || b.kind == .double { return .double }
        if a.kind == .int64 || b.kind == .int64 { return .int64 }
        return .int32
    }

    /// The type of a value that may come from either `a` or `b` (`??`, `?:`, `coalesce`),
    /// or nil when they are statically incompatible.
    static func unify(_ a: ValueType, _ b: ValueType) -> ValueType? {
        if a.kind == .null { return b }
        if b.kind == .null { return a }
        if a == b { return a }
        if a.kind == .any || b.kind == .any { return .any }
        if a.isNumeric && b.isNumeric { return promote(a, b) }
        if a.kind == .record && b.kind == .record {
            return a.fields == b.fields ? a : nil
        }
        return a.kind == b.kind ? a : nil
    }

    /// True when `type` may be a value of one of `kinds` (dynamic types may be anything).
    static func admits(_ type: ValueType, _ kinds: Set<ValueType.Kind>) -> Bool {
        isDynamic(type) || kinds.contains(type.kind)
    }

    /// True when values of `a` and `b` can be compared with `==` / `!=`.
    static func areEquatable(_ a: ValueType, _ b: ValueType) -> Bool {
        isDynamic(a) || isDynamic(b) || a.kind == b.kind || (a.isNumeric && b.isNumeric)
    }

    /// True when values of `a` and `b` can be ordered with `<`, `<=`, `>`, `>=`.
    static func areOrderable(_ a: ValueType, _ b: ValueType) -> Bool {
        let orderable: Set<ValueType.Kind> = [.int32, .int64, .double, .string]
        guard admits(a, orderable), admits(b, orderable) else { return false }
        return isDynamic(a) || isDynamic(b) || (a.isNumeric && b.isNumeric) || a.kind == b.kind
    }

    static let numericKinds: Set<ValueType.Kind> = [.int32, .int64, .double]
}
