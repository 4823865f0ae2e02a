/// Numeric and null-handling functions: `abs`, `min`, `max`, `coalesce`.
extension StandardFunctions {
    static let numeric: [ExpressionFunction] = [
        ExpressionFunction(
            "abs", arity: 1...1, accepts: [numericKinds],
            resultType: { .success(TypeRules.isDynamic($0[0]) ? .any : $0[0]) },
            body: .unary { v throws(EvaluationError) in
                switch v {
                case .int(let i):
                    guard i != .min else { throw EvaluationError("integer overflow in abs(\(i))", code: .arithmetic) }
                    return .int(Swift.abs(i))
                case .double(let d): return .double(Swift.abs(d))
                case .null: return .null
                default:
                    throw EvaluationError("abs() expected a number, got \(ValueText.describe(v))", code: .typeMismatch)
                }
            }),
        extremum("min", pickLeftWhen: { $0 <= 0 }),
        extremum("max", pickLeftWhen: { $0 >= 0 }),
        ExpressionFunction(
            "coalesce", arity: 1...Int.max, resultType: unifyAll,
            body: .evaluators {
                arguments, scope throws(EvaluationError) in
                for argument in arguments {
                    let v = try argument(scope)
                    if !v.isNull { return v }
                }
                return .null
            }),
    ]

    /// `min` / `max` of two numbers or two strings; null if either is null.
    private static func extremum(
        _ name: String, pickLeftWhen: @escaping @Sendable (Int) -> Bool
    ) -> ExpressionFunction {
        ExpressionFunction(
            name, arity: 2...2, accepts: [numericOrString],
            resultType: { types in
                let (a, b) = (types[0], types[1])
                if a.isNumeric && b.isNumeric { return .success(TypeRules.promote(a, b)) }
                if let unified = TypeRules.unify(a, b) { return .success(unified) }
                return .failure(ArgumentTypeError("\(name)() cannot compare \(a) with \(b)", argument: 1))
            },
            body: .binary { l, r throws(EvaluationError) in
                guard let order = try ValueComparison.compare(l, r) else { return .null }
                let picked = pickLeftWhen(order) ? l : r
                // Mixed int/double arguments give a double, matching the static type.
                if case .int(let i) = picked, case .double = (pickLeftWhen(order) ? r : l) { return .double(Double(i)) }
                return picked
            })
    }

    /// The unified type of all arguments, or an error at the first that does not fit.
    private static func unifyAll(_ types: [ValueType]) -> Result<ValueType, ArgumentTypeError> {
        var result = types[0]
        for (i, type) in types.enumerated().dropFirst() {
            guard let unified = TypeRules.unify(result, type) else {
                return .failure(ArgumentTypeError("coalesce() mixes \(result) and \(type)", argument: i))
            }
            result = unified
        }
        return .success(result)
    }
}
