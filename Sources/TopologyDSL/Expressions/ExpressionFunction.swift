/// A function callable from expressions: its arity, accepted argument kinds, result type rule and body.
public struct ExpressionFunction: Sendable {
    /// How the function computes its result; fixed-arity bodies avoid allocating an argument array.
    public enum Body: Sendable {
        case unary(@Sendable (Value) throws(EvaluationError) -> Value)
        case binary(@Sendable (Value, Value) throws(EvaluationError) -> Value)
        /// Receives the argument evaluators, so it can evaluate lazily (e.g. `coalesce`).
        case evaluators(
            @Sendable (_ arguments: [ExpressionEvaluator], _ scope: borrowing Scope) throws(EvaluationError) -> Value)
    }

    public let name: String
    /// How many arguments the function takes (`1...Int.max` for variadic functions).
    public let arity: ClosedRange<Int>
    /// Accepted static kinds per argument; the last entry applies to any further arguments;
    /// `nil` accepts anything. `any`/`null`-typed arguments are always accepted and checked at run time.
    public let accepts: [Set<ValueType.Kind>?]
    /// The static result type given the argument types, or a message when they do not fit together.
    public let resultType: @Sendable (_ argumentTypes: [ValueType]) -> Result<ValueType, ArgumentTypeError>
    public let body: Body

    public init(
        _ name: String, arity: ClosedRange<Int>, accepts: [Set<ValueType.Kind>?] = [],
        resultType: @escaping @Sendable ([ValueType]) -> Result<ValueType, ArgumentTypeError>,
        body: Body
    ) {
        switch body {
        case .unary: precondition(arity == 1...1, "\(name): a unary body needs arity 1...1")
        case .binary: precondition(arity == 2...2, "\(name): a binary body needs arity 2...2")
        case .evaluators: break
        }
        self.name = name
        self.arity = arity
        self.accepts = accepts
        self.resultType = resultType
        self.body = body
    }

    /// A function whose result type does not depend on its arguments.
    public init(
        _ name: String, arity: ClosedRange<Int>, accepts: [Set<ValueType.Kind>?] = [],
        returns type: ValueType, body: Body
    ) {
        self.init(name, arity: arity, accepts: accepts, resultType: { _ in .success(type) }, body: body)
    }

    /// The accepted kinds for argument `index`.
    func accepted(at index: Int) -> Set<ValueType.Kind>? {
        accepts.isEmpty ? nil : accepts[min(index, accepts.count - 1)]
    }

    /// "1 argument", "2 arguments", "at least 1 argument".
    var arityDescription: String {
        let (low, high) = (arity.lowerBound, arity.upperBound)
        let count = high == Int.max ? "at least \(low)" : low == high ? "\(low)" : "\(low) to \(high)"
        return count + (low == 1 && (high == 1 || high == Int.max) ? " argument" : " arguments")
    }
}

/// Why a function's argument types do not fit, naming the offending argument (0-based) if known.
public struct ArgumentTypeError: Error, Sendable, Hashable {
    public var message: String
    public var argument: Int?
    public init(_ message: String, argument: Int? = nil) {
        self.message = message
        self.argument = argument
    }
}
