/// The `external-sink` operator (YAML's `to: { sink: NAME }`), which Kafka Streams does not have (a
/// Kafka Connect sink connector does it there): the YAML compiler adds its node with
/// `GraphBuilder.add` (`TopologyCompiler.swift`); the Swift DSL has no method for it.
///
/// Writes into an external system through a sink plugin.
public struct ExternalSinkSpec: OperatorSpec {
    public var kind: OperatorKind { .externalSink }
    public let plugin: PluginReference
    public init(plugin: PluginReference) { self.plugin = plugin }
}
