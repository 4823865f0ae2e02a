public import Plugins
import StreamrunPostgres
public import TopologyDSL

/// Every plugin streamrun ships: `BuiltinPlugins` and the PostgreSQL sink. The `streamrun` command
/// runs with these; an app built on `StreamrunCommands` starts from them too.
public enum StreamrunPlugins {
    /// Every shipped plugin; Avro schema ids are kept in this process.
    public static var registry: PluginRegistry { registry(schemaIds: LocalSchemaIds()) }

    /// Every shipped plugin, with Avro schema ids from `schemaIds` (a schema registry).
    public static func registry(schemaIds: any SchemaIdProvider) -> PluginRegistry {
        var registry = BuiltinPlugins.registry(schemaIds: schemaIds)
        registry.register(sink: PostgresSinkPlugin())
        return registry
    }
}
