/// Run-time arithmetic on values: Int64 with overflow checks, doubles, string `+`, and null propagation.
enum ValueArithmetic {
    @inline(__always)
    static func add(_ l: Value, _ r: Value) throws(EvaluationError) -> Value {
        if case .string(let a) = l, case .string(let b) = r { return .string(a + b) }
        return try numeric(l, r, "+", { $0.addingReportingOverflow($1) }, { $0 + $1 })
    }

    @inline(__always)
    static func subtract(_ l: Value, _ r: Value) throws(EvaluationError) -> Value {
        try numeric(l, r, "-", { $0.subtractingReportingOverflow($1) }, { $0 - $1 })
    }

    @inline(__always)
    static func multiply(_ l: Value, _ r: Value) throws(EvaluationError) -> Value {
        try numeric(l, r, "*", { $0.multipliedReportingOverflow(by: $1) }, { $0 * $1 })
    }

    @inline(__always)
    static func divide(_ l: Value, _ r: Value) throws(EvaluationError) -> Value {
        if isZero(r), !l.isNull { throw EvaluationError("division by zero", code: .arithmetic) }
        return try numeric(l, r, "/", { $0.dividedReportingOverflow(by: $1) }, { $0 / $1 })
    }

    @inline(__always)
    static func remainder(_ l: Value, _ r: Value) throws(EvaluationError) -> Value {
        if isZero(r), !l.isNull { throw EvaluationError("division by zero in '%'", code: .arithmetic) }
        return try numeric(
            l, r, "%", { $0.remainderReportingOverflow(dividingBy: $1) },
            { $0.truncatingRemainder(dividingBy: $1) })
    }

    static func negate(_ v: Value) throws(EvaluationError) -> Value {
        switch v {
        case .int(let i):
            guard i != .min else { throw EvaluationError("integer overflow in -(\(i))", code: .arithmetic) }
            return .int(-i)
        case .double(let d): return .double(-d)
        case .null: return .null
        default: throw EvaluationError("cannot negate \(ValueText.describe(v))", code: .typeMismatch)
        }
    }

    private static func isZero(_ v: Value) -> Bool {
        switch v {
        case .int(let i): i == 0
        case .double(let d): d == 0
        default: false
        }
    }

    @inline(__always)
    private static func numeric(
        _ l: Value, _ r: Value, _ symbol: String,
        _ intOp: (Int64, Int64) -> (partialValue: Int64, overflow: Bool),
        _ doubleOp: (Double, Double) -> Double
    ) throws(EvaluationError) -> Value {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            let (result, overflow) = intOp(a, b)
            if overflow { throw EvaluationError("integer overflow in \(a) \(symbol) \(b)", code: .arithmetic) }
            return .int(result)
        case (.double(let a), .double(let b)): return .double(doubleOp(a, b))
        case (.int(let a), .double(let b)): return .double(doubleOp(Double(a), b))
        case (.double(let a), .int(let b)): return .double(doubleOp(a, Double(b)))
        case (.null, _), (_, .null): return .null
        default:
            throw EvaluationError(
                "cannot compute \(ValueText.describe(l)) \(symbol) \(ValueText.describe(r))", code: .typeMismatch)
        }
    }
}
