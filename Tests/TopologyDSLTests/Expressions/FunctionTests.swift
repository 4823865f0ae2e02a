import Testing

@testable import TopologyDSL

@Suite("Standard and registered functions")
struct FunctionTests {
    @Test(
        arguments: [
            ("int('100')", Value.int(100)),
            ("int(' 42 ')", 42),
            ("int('-7')", -7),
            ("int(3.9)", 3),
            ("int(-3.9)", -3),
            ("int(7)", 7),
            ("long('5000000000')", 5_000_000_000),
            ("long(2.5)", 2),
            ("double('1.5')", 1.5),
            ("double(2)", 2.0),
            ("double(' 3 ')", 3.0),
            ("string(42)", "42"),
            ("string(1.5)", "1.5"),
            ("string(true)", "true"),
            ("string('x')", "x"),
            ("string([1, 'a', null])", #"[1,"a",null]"#),
            ("string({a: 1, b: {c: 'd'}})", #"{"a":1,"b":{"c":"d"}}"#),
            ("bool('true')", true),
            ("bool(' FALSE ')", false),
            ("bool(0)", false),
            ("bool(3)", true),
            ("bool(false)", false),
            ("lower('AbC')", "abc"),
            ("upper('AbC')", "ABC"),
            ("trim('  hi \\n')", "hi"),
            ("trim('   ')", ""),
            ("lower(null)", .null),
            ("len('héllo')", 5),
            ("len([1, 2, 3])", 3),
            ("len({a: 1})", 1),
            ("len(null)", .null),
            ("abs(-5)", 5),
            ("abs(-2.5)", 2.5),
            ("min(3, 5)", 3),
            ("max(3, 5)", 5),
            ("max(3, 5.5)", 5.5),
            ("min(3, 5.5)", 3.0),
            ("min('b', 'a')", "a"),
            ("max(null, 1)", .null),
            ("coalesce(null, null, 3)", 3),
            ("coalesce(null)", .null),
            ("coalesce(1, 1 / 0)", 1),
            ("contains('hello', 'ell')", true),
            ("contains('hello', 'xyz')", false),
            ("contains([1, 2], 2.0)", true),
            ("contains(null, 'x')", .null),
            ("startsWith('hello', 'he')", true),
            ("startsWith('hello', 'lo')", false),
            ("concat('a', 1, null, true, 2.5)", "a1true2.5"),
            ("concat('only')", "only"),
        ] as [(String, Value)])
    func standardFunctions(source: String, expected: Value) throws {
        #expect(try evalExpression(source) == expected)
    }

    @Test func minOfIntAndDoubleIsADouble() throws {
        let value = try evalExpression("min(3, 5.5)")
        #expect(value == .double(3.0))
    }

    @Test(arguments: [
        ("int('abc')", #"expected an integer, got "abc""#),
        ("int('1.5')", #"expected an integer, got "1.5""#),
        ("int(body.missing)", "expected an integer, got null"),
        ("int('5000000000')", "integer 5000000000 does not fit in int32; use long()"),
        ("int(body.list)", "expected an integer, got [1]"),
        ("long(1e300)", "expected an integer, got 1e+300"),
        ("double('x')", #"expected a number, got "x""#),
        ("bool('yes')", #"expected a boolean, got "yes""#),
        ("string(null)", "string() expected a value, got null"),
        ("lower(body.n)", "lower() expected a string, got 5"),
        ("len(body.n)", "len() expected a string, list or record, got 5"),
        ("abs(body.s)", #"abs() expected a number, got "s""#),
        ("min(body.s, 1)", #"cannot compare "s" with 1"#),
        ("startsWith(body.n, 'x')", "startsWith() expected a string, got 5"),
    ])
    func evaluationErrors(source: String, message: String) throws {
        let body = ExpressionFixtures.record([("n", 5), ("s", "s"), ("list", .list([1]))])
        #expect(try expressionEvaluationError(source, ["body": .json], [body])?.message == message)
    }

    @Test(arguments: [
        ("int(true)", "int() expects double or int32 or int64 or string for argument 1, got bool", 4),
        ("lower(1)", "lower() expects string for argument 1, got int32", 6),
        ("len(5)", "len() expects bytes or list or record or string for argument 1, got int32", 4),
        ("lower('a', 'b')", "lower() takes 1 argument, got 2", 0),
        ("min(1)", "min() takes 2 arguments, got 1", 0),
        ("concat()", "concat() takes at least 1 argument, got 0", 0),
        ("min(1, 'a')", "min() cannot compare int32 with string", 7),
        ("coalesce(1, 'a', 2)", "coalesce() mixes int32 and string", 12),
        ("startsWith('a', 1)", "startsWith() expects string for argument 2, got int32", 16),
    ])
    func compileErrors(source: String, message: String, offset: Int) {
        let error = expressionCompileError(source)
        #expect(error?.message == message)
        #expect(error?.offset == offset)
    }

    @Test func unknownFunctionListsAvailableOnes() {
        let error = expressionCompileError("lenght('abc')")
        #expect(error?.message.hasPrefix("unknown function 'lenght'; available: abs, bool, coalesce,") == true)
        #expect(error?.message.contains("len,") == true)
        #expect(error?.offset == 0)
        #expect(error?.length == 6)
    }

    @Test func standardRegistryHasEveryDocumentedFunction() {
        #expect(
            ExpressionFunctions.standard.names == [
                "abs", "bool", "coalesce", "concat", "contains", "double", "int", "len", "long", "lower",
                "max", "min", "startsWith", "string", "trim", "upper",
            ])
    }

    @Test func userFunctionsCanBeRegistered() throws {
        var functions = ExpressionFunctions.standard
        functions.register(
            ExpressionFunction(
                "twice", arity: 1...1, accepts: [[.int32, .int64]],
                resultType: { .success($0[0].kind == .any ? .any : $0[0]) },
                body: .unary { v throws(EvaluationError) in
                    guard case .int(let i) = v else { throw EvaluationError("twice() needs an int") }
                    return .int(i * 2)
                }))
        let expression = try CompiledExpression.compile(
            "twice(value) + 1", layout: ["value": .int32],
            functions: functions)
        #expect(expression.type == .int32)
        #expect(try expression.evaluate(Scope([20])) == .int(41))
        #expect(
            expressionCompileError("twice(1)")?.message.hasPrefix("unknown function 'twice'") == true,
            "the standard registry is unchanged")
        do throws(ExpressionError) {
            _ = try CompiledExpression.compile("twice('x')", layout: [:], functions: functions)
            Issue.record("expected a compile error")
        } catch {
            #expect(error.message == "twice() expects int32 or int64 for argument 1, got string")
        }
    }

    @Test func variadicUserFunctionReceivesEvaluators() throws {
        let functions = ExpressionFunctions.standard.registering(
            ExpressionFunction(
                "firstPositive", arity: 1...Int.max, returns: .any,
                body: .evaluators { arguments, scope throws(EvaluationError) in
                    for argument in arguments {
                        if case .int(let i) = try argument(scope), i > 0 { return .int(i) }
                    }
                    return .null
                }))
        let expression = try CompiledExpression.compile(
            "firstPositive(a, b, 7)", layout: ["a": .int32, "b": .int32], functions: functions)
        #expect(try expression.evaluate(Scope([-1, 3])) == .int(3))
        #expect(try expression.evaluate(Scope([0, 0])) == .int(7))
    }
}
