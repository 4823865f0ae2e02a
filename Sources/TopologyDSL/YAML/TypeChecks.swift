/// The static checks of where an expression's result goes (an aggregate, a declared type, a topic's
/// key or value, a store's key, a condition), each reported at the expression's line and column.
/// What is only known at run time (`any`, `json`) passes here and is checked where it is computed.
extension TopologyCompiler {
    /// Reports when `expr` (compiled from `source`) gives values that can never fit `target`:
    /// "<subject> gives double, but <destination> int32; convert it with int(...)".
    mutating func expect(
        _ expr: CompiledExpression, at source: Located<String>, fits target: ValueType,
        subject: String, destination: String, otherwise: String? = nil
    ) {
        let found: Set<ValueType.Kind>
        if TypeRules.isDynamic(expr.type) {
            guard let kinds = expr.possibleKinds, !TypeRules.mayFit(kinds, into: target) else { return }
            found = kinds
        } else {
            guard !TypeRules.fits(expr.type, into: target) else { return }
            found = [expr.type.kind]
        }
        let hints = [TypeRules.conversionHint(from: found, to: target), otherwise].compactMap { $0 }
        let hint = hints.isEmpty ? "" : "; " + hints.joined(separator: ", or ")
        reader.error(
            "\(subject) gives \(Self.describe(expr)), but \(destination) \(target)\(hint)",
            at: source.location(atOffset: 0))
    }

    /// Reports when `expr` can never be a bool (a filter or branch condition; null counts as false).
    mutating func expectCondition(_ expr: CompiledExpression, at source: Located<String>, of subject: String) {
        let bool = ValueType.bool
        if TypeRules.isDynamic(expr.type) {
            guard let kinds = expr.possibleKinds, !TypeRules.mayFit(kinds, into: bool) else { return }
        } else if expr.type.kind == .bool {
            return
        }
        reader.error(
            "the condition of \(subject) must be a bool, but '\(expr.source)' gives \(Self.describe(expr))",
            at: source.location(atOffset: 0))
    }

    /// The type of `expr` as a message says it: its name, or what a dynamic result can be.
    private static func describe(_ expr: CompiledExpression) -> String {
        guard TypeRules.isDynamic(expr.type), let kinds = expr.possibleKinds else { return expr.type.name }
        let numeric = kinds.isSuperset(of: TypeRules.numericKinds)
        if numeric && kinds.contains(.string) { return "a number or a string" }
        if numeric { return "a number" }
        return kinds.map(\.name).sorted().joined(separator: " or ")
    }
}
