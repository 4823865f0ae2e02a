/// Compiling prefix and infix operators: static type rules plus one specialised closure per operator.
extension ExpressionCompiler {
    mutating func unary(
        _ op: ExpressionPrefixOperator, _ operand: TypedEvaluator,
        at span: ExpressionSpan
    ) -> TypedEvaluator {
        let evaluate = operand.evaluate
        switch op {
        case .negate:
            guard TypeRules.admits(operand.type, TypeRules.numericKinds) else {
                return report("cannot negate a value of type \(operand.type)", at: span)
            }
            var result = TypedEvaluator(operand.type) { scope throws(EvaluationError) in
                try ValueArithmetic.negate(try evaluate(scope))
            }
            if operand.type.kind == .any { result.possibleKinds = TypeRules.numericKinds }
            return result
        case .not:
            guard TypeRules.admits(operand.type, [.bool]) else {
                return report("'!' expects a bool, got \(operand.type)", at: span)
            }
            return TypedEvaluator(.bool) { scope throws(EvaluationError) in
                switch try evaluate(scope) {
                case .bool(let b): return .bool(!b)
                case .null: return .null
                case let other:
                    throw EvaluationError("'!' expected a bool, got \(ValueText.describe(other))", code: .typeMismatch)
                }
            }
        }
    }

    mutating func binary(
        _ op: ExpressionInfixOperator, _ lhs: TypedEvaluator, _ rhs: TypedEvaluator,
        at span: ExpressionSpan
    ) -> TypedEvaluator {
        let (l, r) = (lhs.evaluate, rhs.evaluate)
        let (a, b) = (lhs.type, rhs.type)
        if op.isArithmetic {
            guard let type = arithmeticType(op, a, b) else {
                return report(arithmeticMismatch(op, a, b), at: span)
            }
            var result = TypedEvaluator(type, arithmetic(op, l, r))
            if type.kind == .any { result.possibleKinds = TypeRules.arithmeticKinds(isAddition: op == .add, a, b) }
            return result
        }
        switch op {
        case .equal, .notEqual:
            guard TypeRules.areEquatable(a, b) else { return report("cannot compare \(a) with \(b)", at: span) }
            let negated = op == .notEqual
            return TypedEvaluator(.bool) { scope throws(EvaluationError) in
                .bool(ValueComparison.equal(try l(scope), try r(scope)) != negated)
            }
        case .and, .or:
            guard TypeRules.admits(a, [.bool]), TypeRules.admits(b, [.bool]) else {
                return report("'\(op.rawValue)' expects bool operands, got \(a) and \(b)", at: span)
            }
            return TypedEvaluator(.bool, Self.logic(isAnd: op == .and, l, r))
        default:
            guard TypeRules.areOrderable(a, b) else {
                return report("cannot compare \(a) with \(b) using '\(op.rawValue)'", at: span)
            }
            let test: @Sendable (Int) -> Bool =
                switch op {
                case .less: { $0 < 0 }
                case .lessOrEqual: { $0 <= 0 }
                case .greater: { $0 > 0 }
                default: { $0 >= 0 }
                }
            return TypedEvaluator(.bool) { scope throws(EvaluationError) in
                guard let order = try ValueComparison.compare(try l(scope), try r(scope)) else { return .null }
                return .bool(test(order))
            }
        }
    }

    /// The static result of `a op b`, or nil for a type error. `null` operands take the other side's type.
    private func arithmeticType(_ op: ExpressionInfixOperator, _ a: ValueType, _ b: ValueType) -> ValueType? {
        let allowed = op == .add ? TypeRules.numericKinds.union([.string]) : TypeRules.numericKinds
        guard TypeRules.admits(a, allowed), TypeRules.admits(b, allowed) else { return nil }
        if a.kind == .null { return b }
        if b.kind == .null { return a }
        if a.kind == .any || b.kind == .any { return .any }
        if a.isNumeric && b.isNumeric { return TypeRules.promote(a, b) }
        return a.kind == .string && b.kind == .string ? .string : nil
    }

    private func arithmeticMismatch(_ op: ExpressionInfixOperator, _ a: ValueType, _ b: ValueType) -> String {
        switch op {
        case .add: "cannot add \(b) to \(a)"
        case .subtract: "cannot subtract \(b) from \(a)"
        case .multiply: "cannot multiply \(a) by \(b)"
        case .divide: "cannot divide \(a) by \(b)"
        default: "cannot compute the remainder of \(a) divided by \(b)"
        }
    }

    private func arithmetic(
        _ op: ExpressionInfixOperator, _ l: @escaping ExpressionEvaluator,
        _ r: @escaping ExpressionEvaluator
    ) -> ExpressionEvaluator {
        switch op {
        case .add: { s throws(EvaluationError) in try ValueArithmetic.add(try l(s), try r(s)) }
        case .subtract: { s throws(EvaluationError) in try ValueArithmetic.subtract(try l(s), try r(s)) }
        case .multiply: { s throws(EvaluationError) in try ValueArithmetic.multiply(try l(s), try r(s)) }
        case .divide: { s throws(EvaluationError) in try ValueArithmetic.divide(try l(s), try r(s)) }
        default: { s throws(EvaluationError) in try ValueArithmetic.remainder(try l(s), try r(s)) }
        }
    }

    /// Short-circuit three-valued `&&` / `||` (null means unknown, as in SQL).
    private static func logic(
        isAnd: Bool, _ l: @escaping ExpressionEvaluator,
        _ r: @escaping ExpressionEvaluator
    ) -> ExpressionEvaluator {
        { scope throws(EvaluationError) in
            let left = try truth(try l(scope), isAnd ? "&&" : "||")
            if left == !isAnd { return .bool(!isAnd) }
            let right = try truth(try r(scope), isAnd ? "&&" : "||")
            if right == !isAnd { return .bool(!isAnd) }
            return left == nil || right == nil ? .null : .bool(isAnd)
        }
    }

    private static func truth(_ value: Value, _ op: String) throws(EvaluationError) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .null: return nil
        default: throw EvaluationError("'\(op)' expected a bool, got \(ValueText.describe(value))", code: .typeMismatch)
        }
    }
}
