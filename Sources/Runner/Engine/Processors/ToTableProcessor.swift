import TopologyDSL

/// Keeps each key's latest value of a stream in the store and forwards the change with the
/// value it replaced; a null value deletes the key (and is forwarded only if there was one).
final class ToTableProcessor: ForwardingProcessor {
    let store: StateStore
    let keySerde: any Serde

    init(node: GraphNode, context: TaskContext, store: StateStore, keySerde: any Serde) {
        self.store = store
        self.keySerde = keySerde
        super.init(node: node, context: context)
    }

    override func process(_ record: TaskRecord) throws {
        var record = record
        guard let keyBytes = try record.ensureKeyBytes(keySerde) else { return }
        let old = try store.get(keyBytes)
        if record.value.isNull && old == nil { return }
        try store.put(keyBytes, record.value.isNull ? nil : record.value, timestamp: record.timestamp)
        record.oldValue = old ?? .null
        try forward(record)
    }
}

extension ToTableSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        ToTableProcessor(
            node: node, context: build.context, store: try build.store(node.store, for: node),
            keySerde: build.keySerde(of: node))
    }
}
