import Testing

@testable import TopologyDSL

@Suite("Expression parsing and precedence")
struct ParserTests {
    @Test(
        arguments: [
            ("1 + 2 * 3", Value.int(7)),
            ("(1 + 2) * 3", 9),
            ("10 - 4 - 3", 3),
            ("100 / 10 / 5", 2),
            ("1 + 2 * 3 - 4 / 2", 5),
            ("-2 * 3", -6),
            ("- -2", 2),
            ("-(2 + 3)", -5),
            ("1 + 2 == 3", true),
            ("1 < 2 == true", true),
            ("true || false && false", true),
            ("false && true || true", true),
            ("!true || true", true),
            ("not false and true", true),
            ("1 < 2 and 3 > 2 or false", true),
            ("null ?? 1 + 2", 3),
            ("true ? 1 : 2 ?? 3", 1),
            ("false ? 1 : true ? 2 : 3", 2),
            ("null ?? null ?? 5", 5),
            ("false || true ? 10 : 20", 10),
            ("null ?? false ? 1 : 2", 2),
        ] as [(String, Value)])
    func precedence(source: String, expected: Value) throws {
        #expect(try evalExpression(source) == expected)
    }

    @Test func literals() throws {
        #expect(try evalExpression("42") == .int(42))
        #expect(try evalExpression("2.5") == .double(2.5))
        #expect(try evalExpression("1.5e2") == .double(150))
        #expect(try evalExpression("-9223372036854775808") == .int(.min))
        #expect(try evalExpression("9223372036854775807") == .int(.max))
        #expect(try evalExpression("true") == .bool(true))
        #expect(try evalExpression("false") == .bool(false))
        #expect(try evalExpression("null") == .null)
        #expect(try evalExpression(#""a\"b\\c\nd""#) == .string("a\"b\\c\nd"))
        #expect(try evalExpression(#"'it\'s "quoted"'"#) == .string("it's \"quoted\""))
        #expect(try evalExpression("'héllo 🌍'") == .string("héllo 🌍"))
    }

    @Test(arguments: [
        ("1 +", "expected an expression, found end of expression", 3),
        ("(1 + 2", "expected ')' to close '(', found end of expression", 6),
        ("1 2", "expected an operator or end of expression, found '2'", 2),
        ("1 = 1", "unexpected character '='; did you mean '=='?", 2),
        ("1 & 1", "unexpected character '&'; did you mean '&&'?", 2),
        ("x # y", "unexpected character '#'", 2),
        ("\"abc", "unterminated string literal", 0),
        ("'a\\qb'", "unknown escape sequence '\\q' in string literal", 2),
        ("9223372036854775808", "integer literal 9223372036854775808 is too large for int64", 0),
        ("{a: 1, a: 2}", "duplicate field 'a' in object literal", 7),
        ("lower('a')('b')", "only named functions can be called, e.g. lower(x)", 10),
        ("[1, 2", "expected ']' to close the list, found end of expression", 5),
        ("a.", "expected a field name after '.', found end of expression", 2),
        ("1 and", "expected an expression, found end of expression", 5),
        ("and", "expected an operand, found 'and'", 0),
        ("true ? 1", "expected ':' in conditional expression 'condition ? a : b', found end of expression", 8),
    ])
    func syntaxErrors(source: String, message: String, offset: Int) {
        let error = expressionCompileError(source, ["a": .json])
        #expect(error?.message == message)
        #expect(error?.offset == offset)
    }

    @Test func offsetsCountCharactersNotBytes() {
        let error = expressionCompileError("'é🌍' + #")
        #expect(error?.offset == 7)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(expressionCompileError(deep)?.message == "expression is nested too deeply")
        let negations = String(repeating: "!", count: 10_000) + "true"
        #expect(expressionCompileError(negations)?.message == "expression is nested too deeply")
        let longChain = "1" + String(repeating: " + 1", count: 10_000)
        #expect(expressionCompileError(longChain)?.message == "expression is nested too deeply")
        let coalesceChain = String(repeating: "null ?? ", count: 10_000) + "1"
        #expect(expressionCompileError(coalesceChain)?.message == "expression is nested too deeply")
        #expect(try evalExpression("1" + String(repeating: " + 1", count: 99)) == .int(100))
        let moderate = String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
        #expect(expressionCompileError(moderate) == nil)
    }

    @Test func keywordsAreFieldAndKeyNames() throws {
        let body = ExpressionFixtures.record([("null", 1), ("and", 2)])
        #expect(try evalExpression("body.null + body.and", ["body": .json], [body]) == .int(3))
        let object = try evalExpression("{not: 1, 'or': 2}")
        #expect(object == ExpressionFixtures.record([("not", 1), ("or", 2)]))
    }
}
