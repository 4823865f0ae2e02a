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

    public func contribute(to context: TopologyContext) {
        let node = node
        context.onGraph { _ = $0.ref(node) }
    }
}
