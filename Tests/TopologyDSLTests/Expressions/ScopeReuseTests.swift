import Testing

@testable import TopologyDSL

@Suite("Scope reuse and the evaluation hot path")
struct ScopeReuseTests {
    @Test func layoutAssignsSlotsInOrder() {
        var layout: ScopeLayout = ["aggregate": .int32, "value": .int32]
        #expect(layout.names == ["aggregate", "value"])
        #expect(layout.slot(of: "value") == 1)
        #expect(layout.slot(of: "nope") == nil)
        #expect(layout.append("extra", .string) == 2)
        #expect(layout.append("value", .int64) == 1, "re-declaring keeps the slot")
        #expect(layout.variables[1].type == .int64)
        #expect(layout.makeScope().slots == [.null, .null, .null])
        #expect(ScopeLayout([]).count == 0)
        #expect(ScopeLayout([("a", .int32), ("b", .string)]) == ["a": .int32, "b": .string])
        #expect(ScopeLayout(variables: [.init("a", .int32)]).names == ["a"])
    }

    @Test func constantExpressionWithEmptyLayout() throws {
        let initial = try CompiledExpression.compile("0", layout: ScopeLayout([]))
        #expect(initial.type == .int32)
        #expect(try initial.evaluate(Scope(slotCount: 0)) == .int(0))
    }

    /// A reused scope is updated in place: its storage never moves while slots are reassigned.
    @Test func reusedScopeDoesNotReallocate() throws {
        let reducer = try CompiledExpression.compile(
            "aggregate + value", layout: ["aggregate": .int32, "value": .int32])
        var scope = reducer.layout.makeScope()
        let storage = scope.slots.withUnsafeBufferPointer { $0.baseAddress }
        var aggregate: Value = 0
        for value in 1...1_000 {
            scope[0] = aggregate
            scope[1] = .int(Int64(value))
            aggregate = try reducer.evaluate(scope)
        }
        #expect(aggregate == .int(500_500))
        #expect(scope.slots.withUnsafeBufferPointer { $0.baseAddress } == storage)
    }

    @Test func compiledExpressionsAreSendable() async throws {
        let filter = try CompiledExpression.compile(
            "value % 2 == 0 && key.sku != 'X'",
            layout: ["key": ExpressionFixtures.locationSku, "value": .int32])
        let evens = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var scope = filter.layout.makeScope()
                    scope[0] = ExpressionFixtures.record([("location", "L"), ("sku", "S")])
                    var count = 0
                    for n in stride(from: worker, to: 1_000, by: 4) {
                        scope[1] = .int(Int64(n))
                        if try filter.evaluate(scope) == .bool(true) { count += 1 }
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(evens == 500)
    }

    /// A rough, untimed micro-check: the HTTP key expression over many records.
    @Test func manyEvaluationsOfAKeyExpression() throws {
        let key = try CompiledExpression.compile(
            "{location: body.locationId ?? body.location, sku: body.sku}",
            layout: ["body": .json])
        var scope = Scope(layout: key.layout)
        var last: Value = .null
        for i in 0..<10_000 {
            scope[0] = ExpressionFixtures.record([("location", .string("L\(i % 7)")), ("sku", "S")])
            last = try key.evaluate(scope)
        }
        #expect(last == ExpressionFixtures.record([("location", "L3"), ("sku", "S")]))
    }
}
