/// The `source` operator, Kafka Streams' `StreamsBuilder.stream`: a topic read as a stream.
///
/// Reads the node's topic as a stream; records get their timestamps from `timestamp` (nil: the
/// records' own).
public struct SourceSpec: OperatorSpec {
    public var kind: OperatorKind { .source }
    public let timestamp: TimestampExtractor?
    public var readsKey: Bool { timestamp?.readsKey ?? false }
    public init(timestamp: TimestampExtractor? = nil) { self.timestamp = timestamp }
}

extension GraphBuilder {
    /// The stream of `topic`: its node `<topic>-source`, one per topic however often it is read.
    public mutating func stream(
        _ topic: TopicDeclaration, timestamp: TimestampExtractor? = nil,
        location: SourceLocation? = nil
    ) -> StreamRef {
        if let existing = topicSources[topic.name] { return existing }
        let id = add(
            "\(topic.name)-source", SourceSpec(timestamp: timestamp), parents: [], keyType: topic.keyType,
            valueType: topic.valueType, topic: topic.name, detail: timestamp?.detail, location: location)
        let ref = StreamRef(
            id: id, isTable: false, keyType: topic.keyType, valueType: topic.valueType, keyChanged: false)
        topicSources[topic.name] = ref
        return ref
    }
}

extension Topic {
    /// The topic's records as a stream (the node `<topic>-source`); its steps are named after
    /// `named`, or after the topic.
    public func stream(
        named name: String? = nil,
        file: String = #fileID, line: Int = #line, column: Int = #column
    ) -> KStream<K, V> {
        let declaration = declaration
        let timestamp = timestamp
        let node = DSLNode(SourceLocation(file, line, column)) { context in
            context.topicSource(declaration, timestamp: timestamp, at: SourceLocation(file, line, column))
        }
        return KStream(node: node, name: name ?? self.name, stepCount: 0)
    }
}
