/// The serdes, operators, sinks, sources and store backends a topology may name; a custom app fills it before loading topologies.
public struct PluginRegistry: Sendable {
    public private(set) var serdes: [String: any SerdePlugin] = [:]
    public private(set) var operators: [String: any OperatorPlugin] = [:]
    public private(set) var sinks: [String: any SinkPlugin] = [:]
    public private(set) var sources: [String: any SourcePlugin] = [:]
    public private(set) var processors: [String: any ProcessorPlugin] = [:]
    public private(set) var storeBackends: [String: any StoreBackendPlugin] = [:]

    public init() {}

    /// Adds (or replaces) a serde plugin under its name.
    public mutating func register(serde plugin: any SerdePlugin) {
        serdes[plugin.name] = plugin
    }

    /// Adds (or replaces) an operator plugin under its name.
    public mutating func register(operator plugin: any OperatorPlugin) {
        operators[plugin.name] = plugin
    }

    /// Adds (or replaces) a Processor API plugin under its name (`process:` steps find it as they
    /// find operator plugins).
    public mutating func register(processor plugin: any ProcessorPlugin) { processors[plugin.name] = plugin }

    /// Adds (or replaces) a sink plugin under its name.
    public mutating func register(sink plugin: any SinkPlugin) { sinks[plugin.name] = plugin }

    /// Adds (or replaces) a source plugin under its name.
    public mutating func register(source plugin: any SourcePlugin) { sources[plugin.name] = plugin }

    /// Adds (or replaces) a store backend plugin under its name (a `store-type`); the built-in
    /// `rocksdb` and `memory` cannot be replaced.
    public mutating func register(storeBackend plugin: any StoreBackendPlugin) {
        precondition(
            !StoreKind.builtin.map(\.name).contains(plugin.name), "store-type '\(plugin.name)' is built in")
        storeBackends[plugin.name] = plugin
    }

    /// Every store-type a topology may name: the built-in ones, then the plugins', sorted.
    public var storeKinds: [StoreKind] { StoreKind.builtin + storeBackends.keys.sorted().map(StoreKind.init) }

    /// The serde for `type`, made by the plugin its `serde` names.
    public func serde(for type: ValueType) throws(SerdeError) -> any Serde {
        guard let plugin = serdes[type.serde] else {
            throw SerdeError(
                "unknown serde '\(type.serde)' for type \(type.name); known: \(serdes.keys.sorted().joined(separator: ", "))"
            )
        }
        return try plugin.makeSerde(for: type)
    }

    /// The serde for the keys (`isKey`) or values of `topic`, whose type is `type`.
    public func serde(for type: ValueType, topic: String, isKey: Bool) throws(SerdeError) -> any Serde {
        guard let plugin = serdes[type.serde] else { return try serde(for: type) }
        return try plugin.makeSerde(for: type, topic: topic, isKey: isKey)
    }

    /// The names of the registered serdes, sorted.
    public var serdeNames: [String] { serdes.keys.sorted() }

    /// The names of the registered operators, sorted.
    public var operatorNames: [String] { (Array(operators.keys) + Array(processors.keys)).sorted() }
}
