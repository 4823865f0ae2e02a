/// Compiles the expressions of a topology file, turning their errors into positioned diagnostics.
struct ExpressionCompilation {
    let functions: ExpressionFunctions

    /// The compiled expression, or nil after reporting every error at its line and column.
    func compile(_ source: Located<String>, _ layout: ScopeLayout, reader: inout YAMLReader) -> CompiledExpression? {
        report(source, reader: &reader) { () throws(ExpressionError) in
            try CompiledExpression.compile(source.value, layout: layout, functions: functions)
        }
    }

    /// The compiled template, or nil after reporting its errors.
    func template(_ source: Located<String>, _ layout: ScopeLayout, reader: inout YAMLReader) -> CompiledTemplate? {
        report(source, reader: &reader) { () throws(ExpressionError) in
            try CompiledTemplate.compile(source.value, layout: layout, functions: functions)
        }
    }

    private func report<T>(
        _ source: Located<String>, reader: inout YAMLReader,
        _ compile: () throws(ExpressionError) -> T
    ) -> T? {
        do {
            return try compile()
        } catch {
            for e in error.allErrors { reader.error(e.message, at: source.location(atOffset: e.offset)) }
            return nil
        }
    }
}

/// Adapts compiled expressions to the closure shapes graph nodes take.
enum ExpressionClosures {
    static func evaluate(_ expression: CompiledExpression, _ a: Value, _ b: Value) throws -> Value {
        var scope = Scope(slotCount: 2)
        scope[0] = a
        scope[1] = b
        return try expression.evaluate(scope)
    }

    /// `(key, value) -> Value` over a layout [key, value].
    static func mapper(_ expression: CompiledExpression) -> RecordMapper {
        { key, value in try evaluate(expression, key, value) }
    }

    /// `(key, value) -> Bool` over a layout [key, value]; null counts as false.
    static func predicate(_ expression: CompiledExpression) -> RecordPredicate {
        { key, value in
            switch try evaluate(expression, key, value) {
            case .bool(let b): return b
            case .null: return false
            case let other: throw EvaluationError("a condition gave \(other.kindName), not bool", code: .typeMismatch)
            }
        }
    }

    /// `(left, right) -> Value` over a layout [left, right].
    static func joiner(_ expression: CompiledExpression) -> Joiner {
        { left, right in try evaluate(expression, left, right) }
    }

    /// `(key, value, aggregate) -> Value` over a layout [aggregate, value, key].
    static func aggregator(_ expression: CompiledExpression) -> Aggregator {
        { key, value, aggregate in
            var scope = Scope(slotCount: 3)
            scope[0] = aggregate
            scope[1] = value
            scope[2] = key
            return try expression.evaluate(scope)
        }
    }

    /// An integer as a double where the type is `double` (an integer expression widened into a
    /// double aggregate), so the value is the same before and after it is stored.
    static func widened(_ value: Value, to type: ValueType) -> Value {
        guard type.kind == .double, case .int(let i) = value else { return value }
        return .double(Double(i))
    }
}
