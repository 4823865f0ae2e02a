/// A compiled expression node: reads slots of the scope and produces a value, never re-parsing.
public typealias ExpressionEvaluator = @Sendable (borrowing Scope) throws(EvaluationError) -> Value

/// An evaluator together with the static type the compiler inferred for it.
struct TypedEvaluator: Sendable {
    var type: ValueType
    var evaluate: ExpressionEvaluator
    /// The value, when the node is a literal (lets the compiler fold and check keys statically).
    var constant: Value?
    /// When `type` is dynamic, the kinds its non-null values can have at run time if the
    /// operators tell (`body.n + 1` is a number); nil when they could be anything.
    var possibleKinds: Set<ValueType.Kind>?

    init(_ type: ValueType, constant: Value? = nil, _ evaluate: @escaping ExpressionEvaluator) {
        self.type = type
        self.evaluate = evaluate
        self.constant = constant
    }

    /// A constant node.
    static func literal(_ value: Value, _ type: ValueType) -> TypedEvaluator {
        TypedEvaluator(type, constant: value) { _ in value }
    }

    /// The stand-in for a node that failed to compile; typed `any` so it causes no follow-on errors.
    static let invalid = TypedEvaluator(.any) { _ throws(EvaluationError) in
        throw EvaluationError("expression failed to compile")
    }

    /// This evaluator, converting integer results to doubles when `target` is `double`.
    func converted(to target: ValueType) -> TypedEvaluator {
        guard target.kind == .double, type.isInteger else {
            return TypedEvaluator(target, constant: constant, evaluate)
        }
        let inner = evaluate
        return TypedEvaluator(target) { scope throws(EvaluationError) in
            let value = try inner(scope)
            if case .int(let i) = value { return .double(Double(i)) }
            return value
        }
    }
}
