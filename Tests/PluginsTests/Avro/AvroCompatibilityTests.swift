import Foundation
import Plugins
import Testing
import TopologyDSL

@Suite("Avro compatibility checks")
struct AvroCompatibilityTests {
    @Test("adding a field with a default is compatible both ways; without a default only forward")
    func addedField() throws {
        let v1 = try AvroSchema(json: AvroFixtures.locationSkuV1)
        let v2 = try AvroSchema(json: AvroFixtures.locationSkuV2)
        #expect(v2.canRead(dataWrittenWith: v1))
        #expect(v1.canRead(dataWrittenWith: v2))
        let strict = try AvroSchema(
            json: AvroFixtures.locationSkuV2.replacingOccurrences(of: #", "default": "unknown""#, with: ""))
        #expect(
            strict.incompatibilities(readingDataWrittenWith: v1) == [
                "field 'region': the reader's field has no default and the writer lacks it"
            ])
        #expect(v1.canRead(dataWrittenWith: strict))
    }

    @Test("every problem is listed with its field path")
    func severalProblems() throws {
        let writer = try AvroSchema(
            json: """
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "string"}, {"name": "u", "type": ["null", "string", "int"]},
                 {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["X", "Y", "Z"]}}, {"name": "xs", "type": {"type": "array", "items": "long"}}]}
                """)
        let reader = try AvroSchema(
            json: """
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "u", "type": ["null", "string"]},
                 {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["X"]}}, {"name": "xs", "type": {"type": "array", "items": "int"}},
                 {"name": "b", "type": "string"}]}
                """)
        #expect(
            reader.incompatibilities(readingDataWrittenWith: writer) == [
                "field 'a': the writer's string cannot be read as the reader's int",
                "field 'u': the writer's int matches no branch of the reader's union",
                "field 'e': the reader's enum E lacks the symbols Y, Z and has no default",
                "field 'xs[]': the writer's long cannot be read as the reader's int",
                "field 'b': the reader's field has no default and the writer lacks it",
            ])
    }
}
