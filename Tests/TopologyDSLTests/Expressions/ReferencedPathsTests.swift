import Testing

@testable import TopologyDSL

@Suite("Referenced paths and variable use")
struct ReferencedPathsTests {
    let layout: ScopeLayout = ["body": .json, "path": .json, "key": ExpressionFixtures.locationSku]

    func compile(_ source: String) throws -> CompiledExpression {
        try CompiledExpression.compile(source, layout: layout)
    }

    @Test func coalescedAlternatives() throws {
        let expression = try compile("body.locationId ?? body.location")
        #expect(expression.referencedPaths(of: "body") == [["locationId"], ["location"]])
        #expect(expression.usesVariable("body"))
        #expect(!expression.usesVariable("path"))
        #expect(expression.referencedPaths(of: "path") == [])
    }

    @Test func nestedSubscriptsAndDynamicIndexes() throws {
        let expression = try compile("body['a'].b + body.items[0].x + len(path.sku)")
        #expect(expression.referencedPaths(of: "body") == [["a", "b"], ["items"]])
        #expect(expression.referencedPaths(of: "path") == [["sku"]])
    }

    @Test func wholeVariableAndDuplicates() throws {
        #expect(try compile("body").referencedPaths(of: "body") == [[]])
        #expect(try compile("body.a + body.a").referencedPaths(of: "body") == [["a"]])
        #expect(try compile("int(body.count)").referencedPaths(of: "body") == [["count"]])
        #expect(try compile("body[path.i]").referencedPaths(of: "body") == [[]])
        #expect(try compile("body[path.i]").referencedPaths(of: "path") == [["i"]])
    }

    @Test func objectLiteralKeyExpression() throws {
        let expression = try compile("{location: body.locationId ?? body.location, sku: body.sku, k: key.sku}")
        #expect(expression.referencedPaths(of: "body") == [["locationId"], ["location"], ["sku"]])
        #expect(expression.referencedPaths(of: "key") == [["sku"]])
        #expect(expression.usesVariable("key"))
    }

    @Test func literalsReferenceNothing() throws {
        let expression = try compile("1 + 2")
        #expect(!expression.usesVariable("body"))
    }
}
