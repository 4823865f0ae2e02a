import Testing

@testable import TopologyDSL

@Suite("Operators, null propagation and runtime errors")
struct OperatorTests {
    @Test(
        arguments: [
            ("7 / 2", Value.int(3)),
            ("-7 / 2", -3),
            ("7 % 4", 3),
            ("-7 % 3", -1),
            ("7.0 / 2", 3.5),
            ("7.5 % 2", 1.5),
            ("1 + 2.5", 3.5),
            ("2.5 * 2", 5.0),
            ("10 - 0.5", 9.5),
            ("'foo' + 'bar'", "foobar"),
            ("1 == 1.0", true),
            ("2 > 1.5", true),
            ("1.5 < 1", false),
            ("'a' < 'b'", true),
            ("'b' <= 'a'", false),
            ("1 != 2", true),
            ("1 <= 1", true),
            ("2 >= 3", false),
            ("null == null", true),
            ("null == 1", false),
            ("null != 1", true),
            ("[1, 2] == [1, 2.0]", true),
            ("[1, 2] == [2, 1]", false),
            ("{a: 1, b: 'x'} == {a: 1.0, b: 'x'}", true),
            ("{a: 1, b: 'x'} == {b: 'x', a: 1}", false),
            ("'a' == 'a'", true),
        ] as [(String, Value)])
    func operators(source: String, expected: Value) throws {
        #expect(try evalExpression(source) == expected)
    }

    @Test func nullPropagatesThroughArithmeticAndOrdering() throws {
        let layout: ScopeLayout = ["a": .int32, "b": .int32]
        #expect(try evalExpression("null + 1", layout) == .null)
        #expect(try evalExpression("a - b", layout, [5, .null]) == .null)
        #expect(try evalExpression("a * b", layout, [.null, 5]) == .null)
        #expect(try evalExpression("a / b", layout, [.null, 0]) == .null)
        #expect(try evalExpression("-a", layout, [.null, .null]) == .null)
        #expect(try evalExpression("a < 1", layout, [.null, .null]) == .null)
        #expect(try evalExpression("!(a == 1) ", layout, [.null, .null]) == .bool(true))
        #expect(try evalExpression("abs(a)", layout, [.null, .null]) == .null)
    }

    @Test func nullCoalescing() throws {
        let layout: ScopeLayout = ["left": .int32, "right": .int32]
        let expression = try CompiledExpression.compile("left - (right ?? 0)", layout: layout)
        #expect(try expression.evaluate(Scope([10, .null])) == .int(10))
        #expect(try expression.evaluate(Scope([10, 3])) == .int(7))
        #expect(try expression.evaluate(Scope([.null, 3])) == .null)
        #expect(try evalExpression("left ?? right ?? 9", layout, [.null, .null]) == .int(9))
        #expect(try evalExpression("left ?? right ?? 9", layout, [.null, 4]) == .int(4))
        #expect(try evalExpression("left ?? 1 / 0", layout, [2, .null]) == .int(2), "right side is lazy")
    }

    @Test func threeValuedLogicShortCircuits() throws {
        let layout: ScopeLayout = ["a": .bool]
        #expect(try evalExpression("a && false", layout, [.null]) == .bool(false))
        #expect(try evalExpression("a && true", layout, [.null]) == .null)
        #expect(try evalExpression("a || true", layout, [.null]) == .bool(true))
        #expect(try evalExpression("a || false", layout, [.null]) == .null)
        #expect(try evalExpression("!a", layout, [.null]) == .null)
        #expect(try evalExpression("false && 1 / 0 == 1") == .bool(false))
        #expect(try evalExpression("true || 1 / 0 == 1") == .bool(true))
        #expect(try evalExpression("a and not a", layout, [true]) == .bool(false))
        #expect(try evalExpression("a or not a", layout, [false]) == .bool(true))
    }

    @Test func conditional() throws {
        let layout: ScopeLayout = ["n": .int32]
        #expect(try evalExpression("n > 10 ? 'big' : 'small'", layout, [11]) == .string("big"))
        #expect(try evalExpression("n > 10 ? 'big' : 'small'", layout, [3]) == .string("small"))
        #expect(try evalExpression("n > 10 ? 'big' : 'small'", layout, [.null]) == .string("small"), "null is not true")
        let mixed = try CompiledExpression.compile("n > 0 ? n : 0.5", layout: layout)
        #expect(mixed.type == .double)
        #expect(try mixed.evaluate(Scope([2])) == .double(2), "int branch widened to the double type")
        #expect(try evalExpression("n ?? 1.5", layout, [4]) == .double(4))
    }

    @Test func integerOverflowIsAnError() throws {
        let layout: ScopeLayout = ["a": .int64]
        #expect(
            try expressionEvaluationError("a + 1", layout, [.int(.max)])?.message
                == "integer overflow in 9223372036854775807 + 1")
        #expect(try expressionEvaluationError("a - 1", layout, [.int(.min)])?.message.contains("overflow") == true)
        #expect(
            try expressionEvaluationError("a * 2", layout, [.int(.max / 2 + 1)])?.message
                .contains("overflow") == true)
        #expect(try expressionEvaluationError("a / -1", layout, [.int(.min)])?.message.contains("overflow") == true)
        #expect(try expressionEvaluationError("-a", layout, [.int(.min)])?.message.contains("overflow") == true)
        #expect(try expressionEvaluationError("abs(a)", layout, [.int(.min)])?.message.contains("overflow") == true)
        #expect(try evalExpression("a + 1", layout, [.int(.max - 1)]) == .int(.max))
    }

    @Test func divisionByZeroIsAnError() throws {
        let layout: ScopeLayout = ["a": .int32, "b": .double]
        #expect(try expressionEvaluationError("a / 0", layout, [1, .null])?.message == "division by zero")
        #expect(try expressionEvaluationError("a / 0", layout, [1, .null])?.code == .arithmetic)
        #expect(try expressionEvaluationError("a % 0", layout, [1, .null])?.message == "division by zero in '%'")
        #expect(try expressionEvaluationError("b / 0", layout, [.null, 1.5])?.message == "division by zero")
        #expect(try expressionEvaluationError("b / 0.0", layout, [.null, 1.5])?.message == "division by zero")
        #expect(try evalExpression("a / 2", layout, [9, .null]) == .int(4))
    }

    @Test func dynamicOperandsAreCheckedAtRunTime() throws {
        let layout: ScopeLayout = ["body": .json]
        let (hi, x, three) = (
            ExpressionFixtures.record([("s", "hi")]), ExpressionFixtures.record([("s", "x")]),
            ExpressionFixtures.record([("s", 3)])
        )
        #expect(try expressionType("body.n + 1", layout) == .any)
        #expect(try evalExpression("body.n + 1", layout, [ExpressionFixtures.record([("n", 41)])]) == .int(42))
        #expect(try evalExpression("body.s + '!'", layout, [hi]) == .string("hi!"))
        #expect(
            try expressionEvaluationError("body.s + 1", layout, [x])?.message
                == #"cannot compute "x" + 1"#)
        #expect(
            try expressionEvaluationError("body.s < 1", layout, [x])?.message
                == #"cannot compare "x" with 1"#)
        #expect(
            try expressionEvaluationError("body.s && true", layout, [x])?.message
                == #"'&&' expected a bool, got "x""#)
        #expect(
            try expressionEvaluationError("body.s ? 1 : 2", layout, [three])?.message
                == "condition must be a bool, got 3")
    }

    @Test func theOperatorsOfAYAMLTopologyKeepTheCodeAndFieldOfWhatTheirExpressionsThrow() throws {
        let mapper = ExpressionClosures.mapper(
            try CompiledExpression.compile("value / 0", layout: ["key": .string, "value": .int32]))
        #expect(throws: EvaluationError("division by zero", code: .arithmetic)) { try mapper("k", 1) }
        let predicate = ExpressionClosures.predicate(
            try CompiledExpression.compile("value", layout: ["key": .string, "value": .int32]))
        #expect {
            try predicate("k", 1)
        } throws: { ($0 as? EvaluationError)?.code == .typeMismatch }
    }
}
