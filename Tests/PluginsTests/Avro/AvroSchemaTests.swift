import Plugins
import Testing
import TopologyDSL

@Suite("Avro schemas")
struct AvroSchemaTests {
    @Test("inventory.avsc parses: a union of one named record, split into a standalone schema")
    func inventoryAvsc() throws {
        let file = try AvroSchema(json: AvroFixtures.inventoryAvsc)
        #expect(file.fullName == nil)
        let schemas = try file.namedSchemas()
        #expect(schemas.count == 1)
        let schema = try #require(schemas.first)
        #expect(schema.fullName == "io.welflex.examples.inventory.LocationSku")
        #expect(schema.name == "LocationSku")
        #expect(
            schema.canonicalForm
                == #"{"name":"io.welflex.examples.inventory.LocationSku","type":"record","fields":[{"name":"location","type":"string"},{"name":"sku","type":"string"}]}"#
        )
        #expect(schema.isSameSchema(as: try AvroSchema(json: AvroFixtures.locationSkuV1)))
    }

    @Test("the canonical form strips docs, defaults and aliases, uses full names and drops whitespace")
    func canonicalForm() throws {
        let schema = try AvroSchema(
            json: """
                {"type": "record", "name": "R", "namespace": "a.b", "doc": "x", "aliases": ["Old"],
                 "fields": [{"name": "f", "type": {"type": "int"}, "default": 3, "doc": "y"},
                            {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["X", "Y"], "default": "X"}},
                            {"name": "g", "type": ["null", "E", {"type": "fixed", "name": "c.F", "size": 2}]},
                            {"name": "m", "type": {"type": "map", "values": {"type": "array", "items": "R"}}}]}
                """)
        #expect(
            schema.canonicalForm
                == #"{"name":"a.b.R","type":"record","fields":[{"name":"f","type":"int"},{"name":"e","type":{"name":"a.b.E","type":"enum","symbols":["X","Y"]}},{"name":"g","type":["null","a.b.E",{"name":"c.F","type":"fixed","size":2}]},{"name":"m","type":{"type":"map","values":{"type":"array","items":"a.b.R"}}}]}"#
        )
        #expect(schema.fingerprint == AvroFingerprint.rabin64(schema.canonicalForm.utf8))
    }

    @Test("CRC-64-AVRO of a primitive matches the specification's algorithm")
    func fingerprint() throws {
        // Avro's test vectors for "int" and "string" (fastavro prints the same, little-endian).
        #expect(AvroFingerprint.rabin64(#""int""#.utf8) == 0x7275_d51a_3f39_5c8f)
        #expect(try AvroSchema(json: #""string""#).fingerprint == 0x8f01_4872_6345_03c7)
    }

    @Test("record types map to ValueType records with serde avro and primitive field types")
    func valueTypeMapping() throws {
        let schema = try AvroSchema(json: AvroFixtures.everything)
        let type = schema.valueType
        #expect(type.name == "Everything")
        #expect(type.kind == .record)
        #expect(type.serde == "avro")
        let expected: [(String, ValueType.Kind)] = [
            ("b", .bool), ("i", .int32), ("l", .int64), ("f", .double), ("d", .double), ("s", .string),
            ("raw", .bytes), ("opt", .string), ("color", .string), ("hash", .bytes), ("tags", .list),
            ("counts", .any), ("inner", .record), ("either", .any),
        ]
        #expect(type.fields.map(\.name) == expected.map(\.0))
        for (name, kind) in expected { #expect(type.field(name)?.kind == kind, "field \(name)") }
        #expect(type.field("inner")?.serde == "avro")
        #expect(type.field("inner")?.fields.map(\.name) == ["n"])
        #expect(schema.valueType(named: "Thing").name == "Thing")

        let key = try AvroSchema(json: AvroFixtures.locationSkuV1).valueType
        #expect(key == .record("LocationSku", [.init("location", .string), .init("sku", .string)], serde: "avro"))
    }

    @Test("recursive records parse and map their inner occurrence to any")
    func recursive() throws {
        let schema = try AvroSchema(
            json: """
                {"type": "record", "name": "Node", "fields": [{"name": "v", "type": "int"},
                 {"name": "next", "type": ["null", "Node"], "default": null}]}
                """)
        #expect(schema.valueType.field("next")?.kind == .any)
        #expect(
            schema.canonicalForm
                == #"{"name":"Node","type":"record","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}"#
        )
    }

    @Test(
        "bad schemas give clear errors",
        arguments: [
            ("{", "invalid Avro schema JSON"),
            (
                #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Nope"}]}"#,
                "unknown Avro type 'Nope'"
            ),
            (#"{"type": "record", "name": "R"}"#, "needs \"fields\""),
            (
                #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": "x"}]}"#,
                "bad default"
            ),
            (
                #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]}"#,
                "repeats the field 'a'"
            ),
            (#"{"type": "enum", "name": "E", "symbols": ["A", "A"]}"#, "repeats the symbol"),
            (#"{"type": "record", "name": "1R", "fields": []}"#, "not a valid Avro name"),
            (#"[["int"]]"#, "may not directly contain another union"),
            ("42", "must be a type name"),
        ])
    func badSchemas(json: String, message: String) {
        #expect {
            _ = try AvroSchema(json: json)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("a full-form text of a named branch keeps defaults and namespaces and parses back the same")
    func namedBranchJSON() throws {
        let file = try AvroSchema(
            json: """
                [{"type": "record", "name": "A", "namespace": "n", "fields": [{"name": "x", "type": "int", "default": 1}]},
                 {"type": "record", "name": "B", "namespace": "n", "fields": [{"name": "a", "type": "A"}]}]
                """)
        let schemas = try file.namedSchemas()
        #expect(schemas.map { $0.fullName } == ["n.A", "n.B"])
        // B refers to A, defined in another branch: its standalone text must define A inline.
        let b = try AvroSchema(json: schemas[1].json)
        #expect(b.isSameSchema(as: schemas[1]))
        #expect(b.canonicalForm.contains(#""name":"n.A","type":"record""#))
        #expect(schemas[0].json.contains(#""default":1"#))
    }
}
