import Plugins
import Testing
import TopologyDSL

@Suite("Avro schema evolution")
struct AvroEvolutionTests {
    /// One id space with v1 and v2 of LocationSku; a writer serde for `writer`, a reader serde for `reader`.
    private func pair(writer: String, reader: String) throws -> (AvroSerde, AvroSerde) {
        let ids = LocalSchemaIds()
        return (
            try AvroFixtures.serde(writer, ids: ids, subject: "t-key"),
            try AvroFixtures.serde(reader, ids: ids, subject: "t-key")
        )
    }

    @Test("v1 data read with v2 gets the new field's default")
    func addedFieldWithDefault() throws {
        let (writer, reader) = try pair(writer: AvroFixtures.locationSkuV1, reader: AvroFixtures.locationSkuV2)
        let bytes = try writer.serialize(AvroFixtures.locationSku("STL", "123123"))
        #expect(bytes.prefix(5) == [0, 0, 0, 0, 1])
        let value = try reader.deserialize(bytes)
        #expect(value == .record(Fields([("location", "STL"), ("sku", "123123"), ("region", "unknown")])))
        #expect(try reader.writerId() == 2, "the reader's own schema gets its own id")
    }

    @Test("v2 data read with v1 drops the field v1 does not know")
    func droppedField() throws {
        let (writer, reader) = try pair(writer: AvroFixtures.locationSkuV2, reader: AvroFixtures.locationSkuV1)
        let bytes = try writer.serialize(.record(Fields([("location", "STL"), ("sku", "1"), ("region", "EU")])))
        #expect(try reader.deserialize(bytes) == AvroFixtures.locationSku("STL", "1"))
    }

    @Test("promotions, renamed fields by alias, enum defaults and optional fields")
    func promotions() throws {
        let writer = """
            {"type": "record", "name": "M", "fields": [{"name": "n", "type": "int"}, {"name": "old", "type": "string"},
             {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}}, {"name": "s", "type": "string"},
             {"name": "xs", "type": {"type": "array", "items": "int"}}]}
            """
        let reader = """
            {"type": "record", "name": "M", "fields": [{"name": "n", "type": "long"}, {"name": "new", "aliases": ["old"], "type": "string"},
             {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "Z"], "default": "Z"}}, {"name": "s", "type": ["null", "string"]},
             {"name": "xs", "type": {"type": "array", "items": "double"}}, {"name": "opt", "type": ["null", "int"], "default": null}]}
            """
        let (w, r) = try pair(writer: writer, reader: reader)
        let bytes = try w.serialize(
            .record(Fields([("n", 5), ("old", "o"), ("e", "C"), ("s", "x"), ("xs", .list([1, 2]))])))
        #expect(
            try r.deserialize(bytes)
                == .record(
                    Fields([
                        ("n", 5), ("new", "o"), ("e", "Z"), ("s", "x"), ("xs", .list([1.0, 2.0])), ("opt", .null),
                    ])))
    }

    @Test(
        "an incompatible writer schema is a clear error naming the field",
        arguments: [
            (
                #"{"type": "record", "name": "LocationSku", "namespace": "io.welflex.examples.inventory", "fields": [{"name": "location", "type": "string"}]}"#,
                "field 'sku' of LocationSku has no default"
            ),
            (
                #"{"type": "record", "name": "Other", "fields": [{"name": "location", "type": "string"}, {"name": "sku", "type": "string"}]}"#,
                "does not match the reader's record"
            ),
            (
                #"{"type": "record", "name": "LocationSku", "fields": [{"name": "location", "type": "int"}, {"name": "sku", "type": "string"}]}"#,
                "the writer's int cannot be read as the reader's string"
            ),
        ])
    func incompatible(writer: String, message: String) throws {
        let (w, r) = try pair(writer: writer, reader: AvroFixtures.locationSkuV1)
        let bytes = try w.serialize(
            .record(Fields([("location", writer.contains("\"int\"") ? 1 : "x"), ("sku", "y")])))
        #expect {
            _ = try r.deserialize(bytes)
        } throws: { error in
            "\(error)".contains(message) && "\(error)".contains("schema id 1")
        }
    }
}
