import Testing

@testable import TopologyDSL

@Suite("Object and list literals")
struct LiteralTests {
    @Test func objectLiteralKeepsWrittenOrder() throws {
        let layout: ScopeLayout = ["body": .json]
        let body = ExpressionFixtures.record([("sku", "S9"), ("locationId", "L1")])
        let value = try evalExpression("{location: body.locationId ?? body.location, sku: body.sku}", layout, [body])
        guard case .record(let fields) = value else {
            Issue.record("expected a record, got \(value)")
            return
        }
        #expect(fields.names == ["location", "sku"])
        #expect(fields.values == [.string("L1"), .string("S9")])
    }

    @Test func objectLiteralBuiltFreshPerEvaluation() throws {
        let expression = try CompiledExpression.compile("{n: n, twice: n * 2}", layout: ["n": .int32])
        var scope = Scope(layout: expression.layout)
        scope[0] = 1
        let first = try expression.evaluate(scope)
        scope[0] = 5
        let second = try expression.evaluate(scope)
        #expect(first == ExpressionFixtures.record([("n", 1), ("twice", 2)]))
        #expect(second == ExpressionFixtures.record([("n", 5), ("twice", 10)]))
    }

    @Test func stringKeysAndNesting() throws {
        let value = try evalExpression("{'a b': 1, \"c\": [1, {d: null}], e: {}}")
        #expect(
            value
                == ExpressionFixtures.record([
                    ("a b", 1), ("c", .list([1, ExpressionFixtures.record([("d", .null)])])), ("e", .record(Fields())),
                ]))
    }

    @Test func listLiterals() throws {
        #expect(try evalExpression("[1, 'a', null, 2.5, true]") == .list([1, "a", .null, 2.5, true]))
        #expect(try evalExpression("[]") == .list([]))
        #expect(try evalExpression("[1, 2,]") == .list([1, 2]), "trailing comma allowed")
        #expect(try evalExpression("[10, 20, 30][1]") == .int(20))
        #expect(try evalExpression("[[1, 2], [3]][0][1]") == .int(2))
        #expect(try evalExpression("{a: [1, 2]}.a[1]") == .int(2))
        #expect(try evalExpression("{a: 1}['a']") == .int(1))
    }
}
