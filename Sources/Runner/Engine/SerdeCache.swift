import TopologyDSL

/// The serde of every type in a graph, made once from the plugin registry.
final class SerdeCache: @unchecked Sendable {
    private var serdes: [ValueType: any Serde] = [:]

    init(graph: TopologyGraph, plugins: PluginRegistry) throws {
        var types = graph.topics.flatMap { [$0.keyType, $0.valueType] }
        types += graph.nodes.flatMap { [$0.keyType, $0.valueType] }
        types += graph.stores.flatMap { [$0.keyType, $0.valueType] }
        for type in types where serdes[type] == nil {
            serdes[type] = try plugins.serde(for: type)
        }
    }

    /// The serde of `type` (every type of the graph is present).
    func serde(_ type: ValueType) -> any Serde {
        guard let serde = serdes[type] else { preconditionFailure("no serde for \(type.name)") }
        return serde
    }
}
