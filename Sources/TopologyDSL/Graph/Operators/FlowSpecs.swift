/// Turns a table's updates into a stream (the old values are dropped).
public struct ToStreamSpec: OperatorSpec {
    public var kind: OperatorKind { .toStream }
    public init() {}
}

/// Forwards the records of all its parents.
public struct MergeSpec: OperatorSpec {
    public var kind: OperatorKind { .merge }
    public init() {}
}

/// Writes to the node's topic.
public struct SinkSpec: OperatorSpec {
    public var kind: OperatorKind { .sink }
    public init() {}
}

/// Writes into an external system through a sink plugin.
public struct ExternalSinkSpec: OperatorSpec {
    public var kind: OperatorKind { .externalSink }
    public let plugin: PluginReference
    public init(plugin: PluginReference) { self.plugin = plugin }
}
