/// The end of a stream written to a topic (Kafka Streams' `to`); list it in a `Topology` body.
public struct Sink: TopologyComponent {
    let node: DSLNode

    public func contribute(to context: TopologyContext) {
        let node = node
        context.onGraph { _ = $0.ref(node) }
    }
}

/// Writing a stream to a topic.
extension KStream {
    /// Writes the stream to `topic`, whose key and value types must be the stream's: the node
    /// `<name>-sink`, or `named`.
    public func to(_ topic: Topic<K, V>, named: String? = nil,
                   file: String = #fileID, line: Int = #line, column: Int = #column) -> Sink {
        let parent = node, declaration = topic.declaration, location = SourceLocation(file, line, column)
        let nodeName = named ?? "\(name)-sink"
        return Sink(node: DSLNode(location) { context in
            guard let input = context.ref(parent) else { return nil }
            context.declare(declaration, at: location)
            return context.builder.sink(input, to: declaration, named: nodeName, location: location)
        })
    }
}
