import TopologyDSL

/// Reduce, aggregate and count: folds each record into the stored aggregate of its key and forwards
/// the change. Records with a null key or value are skipped, as in Kafka Streams.
final class AggregateProcessor: KeyReadingProcessor {
    let store: StateStore

    init(node: GraphNode, context: TaskContext, store: StateStore, keySerde: any Serde) {
        self.store = store
        super.init(node: node, context: context, keySerde: keySerde)
    }

    override func process(_ record: Record) throws {
        var record = record
        guard !record.value.isNull, let keyBytes = try record.ensureKeyBytes(keySerde) else { return }
        let key = try functionKey(&record)
        let old = try store.get(keyBytes)
        let aggregator = node.functions.aggregator
        let new: Value
        if node.kind == .reduce {
            if let old, let aggregator { new = try aggregator(key, record.value, old) } else { new = record.value }
        } else {
            let base = try old ?? node.functions.initializer?() ?? .null
            new = try aggregator?(key, record.value, base) ?? base
        }
        try store.put(keyBytes, new)
        record.oldValue = old ?? .null
        record.value = new
        try forward(record)
    }
}

/// A table read straight from a topic: a null value deletes the key.
final class TableSourceProcessor: ForwardingProcessor {
    let store: StateStore

    init(node: GraphNode, context: TaskContext, store: StateStore) {
        self.store = store
        super.init(node: node, context: context)
    }

    override func process(_ record: Record) throws {
        guard let keyBytes = record.keyBytes else { return }
        var record = record
        let old = try store.get(keyBytes)
        if record.value.isNull && old == nil { return }
        try store.put(keyBytes, record.value.isNull ? nil : record.value)
        record.oldValue = old ?? .null
        try forward(record)
    }
}
