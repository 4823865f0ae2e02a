import Foundation
import TopologyDSL

/// A registry with stand-ins for the built-in serde names (TopologyDSL tests do not link Plugins).
enum TestPlugins {
    struct NamedSerde: SerdePlugin, Serde {
        let name: String
        func makeSerde(for type: ValueType) throws(SerdeError) -> any Serde { self }

        /// For `avro`: reads a record of string fields from an .avsc file (enough for these tests).
        func loadType(named typeName: String, file: String) throws -> ValueType? {
            guard name == "avro", let data = FileManager.default.contents(atPath: file) else { return nil }
            var schema = try JSONReader.parse(Array(data))
            if case .list(let items) = schema {
                schema = items.first { $0[field: "name"] == .string(typeName) } ?? .null
            }
            guard case .list(let fields) = schema[field: "fields"] else { return nil }
            return .record(
                typeName, fields.compactMap { $0[field: "name"].stringValue.map { ValueType.Field($0, .string) } },
                serde: "avro")
        }
        func serialize(_ value: Value, into out: inout [UInt8]) throws(SerdeError) { out += JSONWriter.encode(value) }
        func deserialize(_ bytes: UnsafeRawBufferPointer) throws(SerdeError) -> Value {
            do { return try JSONReader.parse(bytes) } catch { throw SerdeError("\(error)") }
        }
    }

    static var registry: PluginRegistry {
        var registry = PluginRegistry()
        for name in ["int32", "int64", "double", "string", "bytes", "json", "bool", "avro"] {
            registry.register(serde: NamedSerde(name: name))
        }
        return registry
    }

    static func load(_ yaml: String) throws(TopologyErrors) -> TopologyGraph {
        try TopologyLoader(plugins: registry).load(yaml: yaml, file: "test.yaml")
    }

    /// The diagnostics of a topology expected to fail.
    static func errors(_ yaml: String) -> [Diagnostic] {
        do {
            _ = try load(yaml)
            return []
        } catch {
            return error.diagnostics
        }
    }

    static var sellablePath: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("topologies/sellable.yaml").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return "topologies/sellable.yaml"
    }
}
