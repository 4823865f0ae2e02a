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

    /// Whether a value of static type `source` may go where `target` is declared (a topic's key or
    /// value, an aggregate, a store's key, a declared `type:`), as ksqlDB's implicit casts: the same
    /// kind, or an integer widened to `int64` or `double`; never a narrowing (`double` or `int64`
    /// into `int32`) and never a change of kind. A record fits a record type with the same field
    /// names, in order, whose every field fits. Dynamic values (`any`, `json`, `null`) fit anything
    /// and are checked at run time, as is anything written where the target is dynamic.
    static func fits(_ source: ValueType, into target: ValueType) -> Bool {
        if isDynamic(source) || target.kind == .any { return true }
        guard kindFits(source.kind, into: target.kind) else { return false }
        guard target.kind == .record else { return true }
        guard source.fields.map(\.name) == target.fields.map(\.name) else { return false }
        return zip(source.fields, target.fields).allSatisfy { fits($0.type, into: $1.type) }
    }

    /// Whether a value that may be of any of `kinds` at run time (a dynamic expression narrowed by
    /// its operators, e.g. `body.n + 1` is a number) can fit `target`: true when at least one can.
    static func mayFit(_ kinds: Set<ValueType.Kind>, into target: ValueType) -> Bool {
        target.kind == .any || kinds.contains { kindFits($0, into: target.kind) }
    }

    /// The kind rule of `fits`: equal kinds, or integer widening (`int32` into `int64`, any integer into `double`).
    private static func kindFits(_ source: ValueType.Kind, into target: ValueType.Kind) -> Bool {
        if source == target { return true }
        if target == .int64 { return source == .int32 }
        if target == .double { return source == .int32 || source == .int64 }
        return false
    }

    /// How to write explicitly what `fits` refuses, when there is a conversion function for it.
    static func conversionHint(from source: Set<ValueType.Kind>, to target: ValueType) -> String? {
        let numeric = !source.isEmpty && source.isSubset(of: numericKinds)
        if target.kind == .int32, numeric || source == [.string] {
            return "convert it with int(...) (a value past int32 then goes to the dead-letter topic)"
        }
        if target.kind == .int64, numeric || source == [.string] { return "convert it with long(...)" }
        if target.kind == .double, source == [.string] { return "convert it with double(...)" }
        if target.kind == .string, numeric || source == [.bool] { return "convert it with string(...)" }
        return nil
    }

    /// The kinds an arithmetic result whose static type is dynamic can have at run time: numbers,
    /// or for `+` strings too (strings add only to strings), narrowed by a statically known operand.
    static func arithmeticKinds(isAddition: Bool, _ a: ValueType, _ b: ValueType) -> Set<ValueType.Kind> {
        guard isAddition else { return numericKinds }
        if a.isNumeric || b.isNumeric { return numericKinds }
        if a.kind == .string || b.kind == .string { return [.string] }
        return numericKinds.union([.string])
    }
}
