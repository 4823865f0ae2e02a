import Foundation
import Plugins
import Testing
import TopologyDSL

@Suite("Avro serde plugin")
struct AvroSerdePluginTests {
    @discardableResult
    private func withSchemaFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("avro-\(UUID().uuidString).avsc").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @Test("an .avsc file loads under its short and full names; its type is an avro record usable in expressions")
    func loadFile() throws {
        let schemas = AvroSchemas()
        let loaded = try withSchemaFile(AvroFixtures.inventoryAvsc) { try schemas.load(file: $0) }
        #expect(loaded.map(\.fullName) == ["io.welflex.examples.inventory.LocationSku"])
        #expect(schemas.typeNames == ["LocationSku", "io.welflex.examples.inventory.LocationSku"])
        let type = try #require(schemas.valueType(named: "LocationSku"))
        #expect(type == .record("LocationSku", [.init("location", .string), .init("sku", .string)], serde: "avro"))

        var registry = PluginRegistry()
        registry.register(serde: AvroSerdePlugin(schemas: schemas))
        let serde = try registry.serde(for: type)
        let value = try serde.deserialize(try serde.serialize(AvroFixtures.locationSku("STL", "123123")))
        #expect(value[field: "location"] == "STL")
    }

    @Test("loading errors name the file and say whether it is unreadable or invalid")
    func loadErrors() throws {
        let schemas = AvroSchemas()
        #expect { try schemas.load(file: "/nonexistent/x.avsc") } throws: {
            "\($0)".contains("/nonexistent/x.avsc") && ($0 as? AvroError)?.code == .unreadable
        }
        try withSchemaFile(#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Missing"}]}"#) { path in
            #expect { try schemas.load(file: path) } throws: {
                "\($0)".contains(path) && "\($0)".contains("unknown Avro type 'Missing'")
                    && ($0 as? AvroError)?.code == .invalid
            }
        }
        #expect { try schemas.load(json: #""string""#) } throws: { "\($0)".contains("no named type") }
    }

    @Test("makeSerde: default subject is the type name, a topic subject can be given, serdes are shared")
    func subjects() throws {
        let schemas = AvroSchemas()
        try schemas.load(json: AvroFixtures.locationSkuV1)
        let ids = LocalSchemaIds()
        let plugin = AvroSerdePlugin(schemas: schemas, ids: ids)
        let type = try #require(schemas.valueType(named: "LocationSku"))

        let byType = try plugin.makeSerde(for: type, subject: nil)
        #expect(byType.subject == "LocationSku")
        let byTopic = try plugin.makeSerde(
            for: type, subject: AvroSerdePlugin.subject(topic: "inventory_adjustment", isKey: true))
        #expect(byTopic.subject == "inventory_adjustment-key")
        #expect(AvroSerdePlugin.subject(topic: "t", isKey: false) == "t-value")
        #expect(try plugin.makeSerde(for: type, subject: "inventory_adjustment-key") === byTopic)

        _ = try byTopic.serialize(AvroFixtures.locationSku("a", "b"))
        _ = try byType.serialize(AvroFixtures.locationSku("a", "b"))
        #expect(ids.ids(subject: "inventory_adjustment-key") == [1])
        #expect(ids.ids(subject: "LocationSku") == [1])
    }

    @Test("a type registered under another name, a missing schema and a non-avro type")
    func lookups() throws {
        let schemas = AvroSchemas()
        let plugin = AvroSerdePlugin(schemas: schemas)
        let key = try AvroSchema(json: AvroFixtures.locationSkuV1)
        schemas.register(key, as: "InventoryKey")
        let type = try #require(schemas.valueType(named: "InventoryKey"))
        #expect(type.name == "InventoryKey")
        #expect(try plugin.makeSerde(for: type, subject: nil).typeName == "InventoryKey")

        #expect {
            _ = try plugin.makeSerde(for: .record("Nope", [], serde: "avro"))
        } throws: { "\($0)".contains("no Avro schema is loaded for type 'Nope'; loaded: InventoryKey") }
        #expect {
            _ = try plugin.makeSerde(for: .int32)
        } throws: { "\($0)".contains("whose serde is 'int32'") }
    }

    @Test("a provider that fails gives SerdeErrors, not crashes")
    func failingProvider() throws {
        struct Down: SchemaIdProvider {
            func id(for schema: AvroSchema, subject: String) throws -> Int32 {
                throw AvroError("registry unreachable", code: .refused)
            }
            func schema(id: Int32) throws -> AvroSchema { throw AvroError("registry unreachable", code: .refused) }
        }
        let serde = try AvroSerde(schema: try AvroSchema(json: AvroFixtures.locationSkuV1), subject: "s", ids: Down())
        #expect { _ = try serde.serialize(AvroFixtures.locationSku("a", "b")) } throws: {
            ($0 as? SerdeError)?.description.contains("registry unreachable") == true
        }
        #expect { _ = try serde.deserialize([0, 0, 0, 0, 7, 2, 65, 2, 66]) } throws: {
            ($0 as? SerdeError)?.description.contains("unknown schema id 7") == true
        }
    }
}
