/// Compiling `a ?? b` and `c ? a : b`: unified branch types, integer branches widened to double if needed.
extension ExpressionCompiler {
    mutating func coalesce(_ lhs: TypedEvaluator, _ rhs: TypedEvaluator, at span: ExpressionSpan) -> TypedEvaluator {
        guard let type = TypeRules.unify(lhs.type, rhs.type) else {
            return report("'??' operands have incompatible types \(lhs.type) and \(rhs.type)", at: span)
        }
        let (l, r) = (lhs.converted(to: type).evaluate, rhs.converted(to: type).evaluate)
        return TypedEvaluator(type) { scope throws(EvaluationError) in
            let value = try l(scope)
            return value.isNull ? try r(scope) : value
        }
    }

    mutating func conditional(
        _ condition: TypedEvaluator, _ whenTrue: TypedEvaluator,
        _ whenFalse: TypedEvaluator, conditionSpan: ExpressionSpan,
        at span: ExpressionSpan
    ) -> TypedEvaluator {
        guard TypeRules.admits(condition.type, [.bool]) else {
            return report("condition must be a bool, got \(condition.type)", at: conditionSpan)
        }
        guard let type = TypeRules.unify(whenTrue.type, whenFalse.type) else {
            return report(
                "conditional branches have incompatible types \(whenTrue.type) and \(whenFalse.type)",
                at: span)
        }
        let c = condition.evaluate
        let (t, f) = (whenTrue.converted(to: type).evaluate, whenFalse.converted(to: type).evaluate)
        return TypedEvaluator(type) { scope throws(EvaluationError) in
            switch try c(scope) {
            case .bool(true): return try t(scope)
            case .bool(false), .null: return try f(scope)
            case let other:
                throw EvaluationError("condition must be a bool, got \(ValueText.describe(other))", code: .typeMismatch)
            }
        }
    }
}
