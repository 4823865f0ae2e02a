/// A typed table (Kafka Streams' `KTable`): the latest value per key, materialized in a named store
/// that queries read and a changelog topic backs.
public struct KTable<K: StreamValue, V: StreamValue>: TopologyComponent {
    let node: DSLNode
    /// The table's name: its nodes are `<name>-reduce`, `<name>-left-join`, `<name>-to-stream`, ...
    public let name: String
    /// The store it is materialized in (`<application>-<store>-changelog` logs it).
    public let storeName: String
    /// The table's changes as a stream (`<name>-to-stream`), shared by every `toStream()` and `to(_:)`.
    let changes: DSLNode

    init(node: DSLNode, name: String, storeName: String) {
        self.node = node
        self.name = name
        self.storeName = storeName
        changes = Self.toStreamNode(after: node, named: "\(name)-to-stream", at: node.location)
    }

    private static func toStreamNode(after parent: DSLNode, named nodeName: String, at location: SourceLocation) -> DSLNode {
        DSLNode(location) { context in
            guard let table = context.ref(parent) else { return nil }
            return context.builder.toStream(table, named: nodeName, location: location)
        }
    }

    public func contribute(to context: TopologyContext) {
        let node = node
        context.onGraph { _ = $0.ref(node) }
    }

    /// The table's changes as a stream: the node `<name>-to-stream` (one per table however often it
    /// is asked for), or a node of its own named `named`. Its steps are named after the table.
    public func toStream(named: String? = nil,
                         file: String = #fileID, line: Int = #line, column: Int = #column) -> KStream<K, V> {
        guard let named else { return KStream(node: changes, name: name, stepCount: 0) }
        return KStream(node: Self.toStreamNode(after: node, named: named, at: SourceLocation(file, line, column)),
                       name: name, stepCount: 0)
    }

    /// Writes the table's changes to `topic`: `toStream().to(topic)`, the nodes `<name>-to-stream`
    /// and `<name>-sink` (YAML's `to:` of a table).
    public func to(_ topic: Topic<K, V>, named: String? = nil,
                   file: String = #fileID, line: Int = #line, column: Int = #column) -> Sink {
        toStream(file: file, line: line, column: column).to(topic, named: named, file: file, line: line, column: column)
    }
}
