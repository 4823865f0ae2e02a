import TopologyDSL

/// A processor whose functions may read the incoming record's key, decoded on demand.
class KeyReadingProcessor: ForwardingProcessor {
    let keySerde: any Serde
    private let readsKey: Bool

    init(node: GraphNode, context: TaskContext, keySerde: any Serde) {
        self.keySerde = keySerde
        readsKey = node.spec.readsKey
        super.init(node: node, context: context)
    }

    /// The key the node's functions see: decoded if they read it, else whatever the record holds.
    final func functionKey(_ record: inout TaskRecord) throws -> Value {
        readsKey ? try decodedKey(&record, serde: keySerde) : record.key
    }
}
