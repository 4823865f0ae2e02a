import Testing

@testable import TopologyDSL

@Suite("Static typing and compile errors")
struct TypeInferenceTests {
    let sku = ExpressionFixtures.locationSku

    @Test func reducerOnInt32StaysInt32() throws {
        let expression = try CompiledExpression.compile(
            "aggregate + value", layout: ["aggregate": .int32, "value": .int32])
        #expect(expression.type == .int32)
        #expect(try expression.evaluate(Scope([3, 4])) == .int(7))
    }

    @Test func leftJoinerWithCoalesceStaysInt32() throws {
        #expect(try expressionType("left - (right ?? 0)", ["left": .int32, "right": .int32]) == .int32)
        #expect(try expressionType("left - (right ?? 0)", ["left": .int64, "right": .int64]) == .int64)
    }

    @Test(arguments: [
        ("a + b", ValueType.int64),
        ("a + 1", .int32),
        ("b + 1", .int64),
        ("a + 3000000000", .int64),
        ("a * 1.5", .double),
        ("a + d", .double),
        ("-a", .int32),
        ("a % 2", .int32),
        ("s + s", .string),
        ("a < d", .bool),
        ("s == 'x'", .bool),
        ("!flag", .bool),
        ("a ?? b", .int64),
        ("null ?? s", .string),
        ("s ?? null", .string),
        ("null + a", .int32),
        ("flag ? a : b", .int64),
        ("[a, s]", .list),
        ("body", .json),
        ("body.anything", .any),
        ("body[0]", .any),
        ("int(s)", .int32),
        ("long(s)", .int64),
        ("double(a)", .double),
        ("string(a)", .string),
        ("len(s)", .int32),
        ("abs(b)", .int64),
        ("max(a, b)", .int64),
        ("min(a, d)", .double),
        ("coalesce(a, 0)", .int32),
        ("key.sku", .string),
        ("key['location']", .string),
    ])
    func inference(source: String, expected: ValueType) throws {
        let layout: ScopeLayout = [
            "a": .int32, "b": .int64, "d": .double, "s": .string, "flag": .bool, "body": .json,
            "key": ExpressionFixtures.locationSku,
        ]
        #expect(try expressionType(source, layout) == expected)
    }

    @Test func objectLiteralTypeListsFields() throws {
        let type = try expressionType("{location: key.location, sku: 'X', n: 1}", ["key": sku])
        #expect(type.kind == .record)
        #expect(type.fields == [.init("location", .string), .init("sku", .string), .init("n", .int32)])
        #expect(type.name == "{location: string, sku: string, n: int32}")
        #expect(try expressionType("{a: 1}.a") == .int32)
    }

    @Test func misspelledRecordFieldPointsAtTheField() {
        let error = expressionCompileError("key.locaton", ["key": sku])
        #expect(error?.message == "LocationSku has no field 'locaton'; fields: location, sku")
        #expect(error?.offset == 4)
        #expect(error?.length == 7)
        let subscripted = expressionCompileError("value + key['skew']", ["key": sku, "value": .json])
        #expect(subscripted?.message == "LocationSku has no field 'skew'; fields: location, sku")
        #expect(subscripted?.offset == 12)
        #expect(subscripted?.length == 6)
    }

    @Test func unknownVariableListsKnownNames() {
        let error = expressionCompileError("valeu + 1", ["key": sku, "value": .int32])
        #expect(error?.message == "unknown variable 'valeu'; known variables: key, value")
        #expect(error?.offset == 0)
        #expect(error?.length == 5)
        #expect(expressionCompileError("x")?.message == "unknown variable 'x'; no variables are available here")
    }

    @Test func allErrorsAreReported() {
        let error = expressionCompileError("valeu + key.locaton + lower(1)", ["key": sku, "value": .int32])
        let all = error?.allErrors ?? []
        #expect(all.map(\.offset) == [0, 12, 28])
        #expect(
            all.map(\.message) == [
                "unknown variable 'valeu'; known variables: key, value",
                "LocationSku has no field 'locaton'; fields: location, sku",
                "lower() expects string for argument 1, got int32",
            ])
    }

    @Test(arguments: [
        ("value - 'x'", "cannot subtract string from int32", 6),
        ("'a' + value", "cannot add int32 to string", 4),
        ("value * key", "cannot multiply int32 by LocationSku", 6),
        ("value / true", "cannot divide int32 by bool", 6),
        ("-'x'", "cannot negate a value of type string", 0),
        ("!value", "'!' expects a bool, got int32", 0),
        ("value && true", "'&&' expects bool operands, got int32 and bool", 6),
        ("value or true", "'||' expects bool operands, got int32 and bool", 6),
        ("value == 'x'", "cannot compare int32 with string", 6),
        ("value < 'x'", "cannot compare int32 with string using '<'", 6),
        ("key < key", "cannot compare LocationSku with LocationSku using '<'", 4),
        ("value ? 1 : 2", "condition must be a bool, got int32", 0),
        ("true ? 1 : 'x'", "conditional branches have incompatible types int32 and string", 0),
        ("value ?? 'x'", "'??' operands have incompatible types int32 and string", 0),
        ("value.x", "cannot access field 'x' on a value of type int32", 6),
        ("value[0]", "cannot index a value of type int32", 6),
        ("[1][key]", "index must be an integer, got LocationSku", 4),
    ])
    func staticTypeErrors(source: String, message: String, offset: Int) {
        let error = expressionCompileError(source, ["key": sku, "value": .int32])
        #expect(error?.message == message)
        #expect(error?.offset == offset)
    }

    @Test func dynamicFieldAccessOnAny() throws {
        let layout: ScopeLayout = ["body": .json]
        let body = ExpressionFixtures.record([
            ("x", 5), ("nested", ExpressionFixtures.record([("y", "deep")])), ("items", .list([1, 2, 3])),
        ])
        #expect(try evalExpression("body.x", layout, [body]) == .int(5))
        #expect(try evalExpression("body.missing", layout, [body]) == .null)
        #expect(try evalExpression("body.nested.y", layout, [body]) == .string("deep"))
        #expect(try evalExpression("body['nested']['y']", layout, [body]) == .string("deep"))
        #expect(try evalExpression("body.missing.y", layout, [body]) == .null)
        #expect(try evalExpression("body.items[1]", layout, [body]) == .int(2))
        #expect(try evalExpression("body.items[7]", layout, [body]) == .null)
        #expect(try evalExpression("body.items[-1]", layout, [body]) == .null)
        #expect(try evalExpression("body.x", layout, [.null]) == .null)
        #expect(try expressionEvaluationError("body.x", layout, [5])?.message == "cannot read field 'x' of 5")
        #expect(
            try expressionEvaluationError("body.items['a']", layout, [body])?.message
                == "cannot read field 'a' of [1,2,3]")
        #expect(
            try expressionEvaluationError("body.items[body.nested]", layout, [body])?.message
                == #"cannot index [1,2,3] with {"y":"deep"}"#)
    }

    @Test func recordFieldsAreFoundEvenOutOfDeclaredOrder() throws {
        let layout: ScopeLayout = ["key": ExpressionFixtures.locationSku]
        let reordered = ExpressionFixtures.record([("sku", "S1"), ("location", "L1")])
        #expect(try evalExpression("key.location + '/' + key.sku", layout, [reordered]) == .string("L1/S1"))
    }
}
