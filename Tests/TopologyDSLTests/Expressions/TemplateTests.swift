import Testing

@testable import TopologyDSL

@Suite("String templates")
struct TemplateTests {
    let layout: ScopeLayout = ["topic": .string, "partition": .int32, "offset": .int64, "value": .json]

    func render(_ template: String, _ values: [Value]) throws -> String {
        try CompiledTemplate.compile(template, layout: layout).render(Scope(values))
    }

    @Test func replyTemplate() throws {
        let text = try render(
            "Updated Inventory [{topic}-{partition}@{offset}]", ["inventory_adjustment", 2, 17, .null])
        #expect(text == "Updated Inventory [inventory_adjustment-2@17]")
    }

    @Test func tripleBracesAreALiteralBraceAroundAHole() throws {
        let text = try render("Inventory Reservation requested on Partition {{{partition}}}", [.null, 2, .null, .null])
        #expect(text == "Inventory Reservation requested on Partition {2}")
    }

    @Test func doubledBracesAreLiteral() throws {
        let template = try CompiledTemplate.compile("{{literal}} and }}{{", layout: layout)
        #expect(template.isConstant)
        #expect(template.expressions.isEmpty)
        #expect(try template.render(Scope([])) == "{literal} and }{")
    }

    @Test func valuesRenderPlainly() throws {
        let record = ExpressionFixtures.record([("a", 1), ("b", .list(["x", .null]))])
        #expect(try render("[{value}]", [.null, .null, .null, record]) == #"[{"a":1,"b":["x",null]}]"#)
        #expect(try render("[{value}]", [.null, .null, .null, .null]) == "[null]")
        #expect(try render("[{value}]", [.null, .null, .null, 2.5]) == "[2.5]")
        #expect(try render("[{value}]", [.null, .null, .null, true]) == "[true]")
        #expect(try render("{topic}", ["say \"hi\""]) == "say \"hi\"")
    }

    @Test func holesMayContainBracesAndStrings() throws {
        #expect(try render("<{ {a: partition}.a }>", [.null, 3, .null, .null]) == "<3>")
        #expect(try render("{concat('}', topic)}", ["t", .null, .null, .null]) == "}t")
        #expect(try render("{partition > 1 ? 'many' : 'one'}", [.null, 2, .null, .null]) == "many")
    }

    @Test func templateIsCompiledOnceAndReused() throws {
        let template = try CompiledTemplate.compile("{topic}#{partition}", layout: layout)
        var scope = layout.makeScope()
        var rendered: [String] = []
        for p in 0..<3 {
            scope[0] = "t"
            scope[1] = .int(Int64(p))
            rendered.append(try template.render(scope))
        }
        #expect(rendered == ["t#0", "t#1", "t#2"])
    }

    @Test(arguments: [
        ("x {unknown} y", "unknown variable 'unknown'; known variables: topic, partition, offset, value", 3),
        ("a } b", "unmatched '}' in template; write '}}' for a literal brace", 2),
        ("a { b", "unclosed '{' in template; write '{{' for a literal brace", 2),
        ("a {} b", "empty '{}' in template; write '{{' and '}}' for literal braces", 2),
        ("ok {partition + 'x'}", "cannot add string to int32", 14),
        ("{'abc}", "unterminated string literal", 1),
    ])
    func templateErrorsAreLocatedInTheTemplate(template: String, message: String, offset: Int) {
        do throws(ExpressionError) {
            _ = try CompiledTemplate.compile(template, layout: layout)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == message)
            #expect(error.offset == offset)
        }
    }

    @Test func everyHoleErrorIsReported() {
        do throws(ExpressionError) {
            _ = try CompiledTemplate.compile("{nope} and {partition.x}", layout: layout)
            Issue.record("expected an error")
        } catch {
            #expect(error.allErrors.map(\.offset) == [1, 22])
        }
    }

    @Test func evaluationErrorsPropagate() throws {
        let template = try CompiledTemplate.compile("{int(value)}", layout: layout)
        #expect(throws: EvaluationError(#"expected an integer, got "x""#, code: .typeMismatch)) {
            try template.render(Scope([.null, .null, .null, "x"]))
        }
    }
}
