/// The `sink` operator, Kafka Streams' `KStream.to`: a stream (or a table's changes) written to a
/// topic.
///
/// Writes to the node's topic.
public struct SinkSpec: OperatorSpec {
    public var kind: OperatorKind { .sink }
    public init() {}
}

extension GraphBuilder {
    /// Writes `input` to `topic` (the node `name`, `<owner>-sink`).
    @discardableResult
    public mutating func sink(
        _ input: StreamRef, to topic: TopicDeclaration, named name: String,
        location: SourceLocation? = nil
    ) -> StreamRef {
        let id = add(
            name, SinkSpec(), parents: [input.id], keyType: topic.keyType, valueType: topic.valueType,
            topic: topic.name, location: location)
        return StreamRef(id: id, isTable: false, keyType: topic.keyType, valueType: topic.valueType, keyChanged: false)
    }
}

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
    public func to(
        _ topic: Topic<K, V>, named: String? = nil,
        file: String = #fileID, line: Int = #line, column: Int = #column
    ) -> Sink {
        let parent = node
        let declaration = topic.declaration
        let location = SourceLocation(file, line, column)
        let nodeName = named ?? "\(name)-sink"
        return Sink(
            node: DSLNode(location) { context in
                guard let input = context.ref(parent) else { return nil }
                context.declare(declaration, at: location)
                return context.builder.sink(input, to: declaration, named: nodeName, location: location)
            })
    }
}

/// Writing a table's changes to a topic.
extension KTable {
    /// Writes the table's changes to `topic`: `toStream().to(topic)`, the nodes `<name>-to-stream`
    /// and `<name>-sink` (YAML's `to:` of a table).
    public func to(
        _ topic: Topic<K, V>, named: String? = nil,
        file: String = #fileID, line: Int = #line, column: Int = #column
    ) -> Sink {
        toStream(file: file, line: line, column: column).to(topic, named: named, file: file, line: line, column: column)
    }
}
