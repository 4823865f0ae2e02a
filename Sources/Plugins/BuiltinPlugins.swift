// An app that imports `Plugins` sees the Avro serde and the SQLite sink too, as it did when they
// were part of this module.
@_exported public import StreamrunAvro
@_exported public import StreamrunSQLite
public import TopologyDSL

/// The built-in plugins (serdes, Avro, the `jsonl` file sink and source, the SQLite sink), registered
/// the same way a custom app registers its own. The PostgreSQL sink is in `StreamrunPostgres`, so
/// that an app links PostgresNIO only when it asks for it; `StreamrunPlugins` (in
/// `StreamrunCommands`) registers both.
public enum BuiltinPlugins {
    /// A registry holding every built-in serde; Avro schema ids are kept in this process.
    public static var registry: PluginRegistry { registry(schemaIds: LocalSchemaIds()) }

    /// A registry holding every built-in serde, with Avro schema ids from `schemaIds` (a schema registry).
    public static func registry(schemaIds: any SchemaIdProvider) -> PluginRegistry {
        var registry = PluginRegistry()
        register(into: &registry, schemaIds: schemaIds)
        return registry
    }

    /// Adds the built-in serdes to `registry`.
    public static func register(into registry: inout PluginRegistry, schemaIds: any SchemaIdProvider = LocalSchemaIds())
    {
        registry.register(serde: AvroSerdePlugin(schemas: .shared, ids: schemaIds))
        registry.register(serde: IntegerSerdePlugin(name: "int32", byteCount: 4))
        registry.register(serde: IntegerSerdePlugin(name: "int64", byteCount: 8))
        registry.register(serde: DoubleSerde())
        registry.register(serde: StringSerde())
        registry.register(serde: BytesSerde())
        registry.register(serde: JSONSerdePlugin())
        registry.register(sink: JSONLinesSinkPlugin())
        registry.register(sink: SQLiteSinkPlugin())
        registry.register(source: JSONLinesSourcePlugin())
    }
}
