import Foundation
import Runner
import Testing

/// The registry's store on the embedded log: ids, versions, compatibility, persistence.
@Suite struct SchemaRegistryStoreTests {
    static func schema(_ extra: String = "") -> String {
        #"{"type":"record","name":"LocationSku","namespace":"io.welflex.examples.inventory","fields":["#
            + #"{"name":"location","type":"string"},{"name":"sku","type":"string"}\#(extra)]}"#
    }

    @Test func registersChecksCompatibilityAndPersists() async throws {
        let directory = TemporaryDirectory.make()
        var log = try EmbeddedLog(directory: directory)
        var store = try SchemaRegistryStore(transport: log, checker: AvroSchemaChecker())
        let first = try await store.register(Self.schema(), subject: "t-key")
        #expect(first.id == 1 && first.version == 1)
        // The same schema again (written differently) is the same version; under another subject, the same id.
        let spaced = Self.schema().replacingOccurrences(of: ",", with: ", ")
        #expect(try await store.register(spaced, subject: "t-key") == first)
        #expect(try await store.register(Self.schema(), subject: "other-key").id == 1)
        // BACKWARD: a new field without a default cannot read old data; with a default it can.
        await #expect(throws: RegistryError.self) {
            try await store.register(Self.schema(#",{"name":"region","type":"string"}"#), subject: "t-key")
        }
        let second = try await store.register(
            Self.schema(#",{"name":"region","type":"string","default":"unknown"}"#),
            subject: "t-key")
        #expect(second.id == 2 && second.version == 2)
        #expect(try await store.version("latest", of: "t-key") == second)
        await #expect(throws: RegistryError.self) { try await store.schema(id: 99) }
        await #expect(throws: RegistryError.self) { try await store.register("{not a schema", subject: "t-key") }
        log.close()

        log = try EmbeddedLog(directory: directory)
        store = try SchemaRegistryStore(transport: log, checker: AvroSchemaChecker())
        try await store.load()
        #expect(await store.subjects == ["other-key", "t-key"])
        #expect(try await store.versions(of: "t-key").map(\.id) == [1, 2])
        #expect(try await store.schema(id: 2).schema.contains("region"))
        log.close()
    }

    @Test func compatibilityNoneAcceptsAnything() async throws {
        let log = try EmbeddedLog(directory: TemporaryDirectory.make())
        defer { log.close() }
        let store = try SchemaRegistryStore(transport: log, checker: AvroSchemaChecker())
        _ = try await store.register(Self.schema(), subject: "s")
        try await store.setCompatibility(.none, for: "s")
        let breaking = try await store.register(Self.schema(#",{"name":"region","type":"string"}"#), subject: "s")
        #expect(breaking.version == 2)
        #expect(await store.compatibility(of: "s") == .none)
        #expect(await store.compatibility(of: "elsewhere") == .backward)
    }
}
