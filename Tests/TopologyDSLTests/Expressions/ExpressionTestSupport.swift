import Testing

@testable import TopologyDSL

/// Shared fixtures and helpers for the expression-language tests.
enum ExpressionFixtures {
    static let locationSku = ValueType.record("LocationSku", [.init("location", .string), .init("sku", .string)])

    static func record(_ pairs: [(String, Value)]) -> Value { .record(Fields(pairs)) }
}

/// Compiles `source` against `layout` and evaluates it with `values` in slot order.
func evalExpression(_ source: String, _ layout: ScopeLayout = [:], _ values: [Value] = []) throws -> Value {
    let expression = try CompiledExpression.compile(source, layout: layout)
    return try expression.evaluate(Scope(values))
}

/// The static type inferred for `source`.
func expressionType(_ source: String, _ layout: ScopeLayout = [:]) throws -> ValueType {
    try CompiledExpression.compile(source, layout: layout).type
}

/// The compile error for `source`, or nil if it compiles.
func expressionCompileError(_ source: String, _ layout: ScopeLayout = [:]) -> ExpressionError? {
    do throws(ExpressionError) {
        _ = try CompiledExpression.compile(source, layout: layout)
        return nil
    } catch {
        return error
    }
}

/// The evaluation error for `source`, or nil if it evaluates (compile errors fail the test).
func expressionEvaluationError(_ source: String, _ layout: ScopeLayout = [:], _ values: [Value] = []) throws
    -> EvaluationError?
{
    let expression = try CompiledExpression.compile(source, layout: layout)
    do throws(EvaluationError) {
        _ = try expression.evaluate(Scope(values))
        return nil
    } catch {
        return error
    }
}
