import TopologyDSL

/// The plugins streamrun ships, registered the same way a custom app registers its own.
public enum BuiltinPlugins {
    /// A registry holding every built-in serde.
    public static var registry: PluginRegistry {
        var registry = PluginRegistry()
        register(into: &registry)
        return registry
    }

    /// Adds the built-in serdes to `registry`.
    public static func register(into registry: inout PluginRegistry) {
        registry.register(serde: IntegerSerdePlugin(name: "int32", byteCount: 4))
        registry.register(serde: IntegerSerdePlugin(name: "int64", byteCount: 8))
        registry.register(serde: DoubleSerde())
        registry.register(serde: StringSerde())
        registry.register(serde: BytesSerde())
        registry.register(serde: JSONSerdePlugin())
    }
}
