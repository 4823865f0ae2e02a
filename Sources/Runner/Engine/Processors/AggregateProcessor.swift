import StreamrunStores
import TopologyDSL

/// Reduce, aggregate and count: folds each record into the stored aggregate of its key and forwards
/// the change, timestamped with the newest record folded in (the record's or the aggregate's, as in
/// Kafka Streams). Records with a null key or value are skipped, as in Kafka Streams.
final class AggregateProcessor: KeyReadingProcessor {
    /// How a new value folds into a key's aggregate (nil: the key has none yet).
    typealias Fold = (_ key: Value, _ value: Value, _ aggregate: Value?) throws -> Value
    let store: StateStore
    private let fold: Fold

    init(node: GraphNode, context: TaskContext, store: StateStore, keySerde: any Serde, fold: @escaping Fold) {
        self.store = store
        self.fold = fold
        super.init(node: node, context: context, keySerde: keySerde)
    }

    override func process(_ record: TaskRecord) throws {
        var record = record
        guard !record.value.isNull, let keyBytes = try record.ensureKeyBytes(keySerde) else { return }
        let key = try functionKey(&record)
        let old = try store.getWithTimestamp(keyBytes)
        let new = try fold(key, record.value, old?.value)
        // Kafka Streams' rule: the aggregate is as new as the newest record folded into it.
        let timestamp = max(record.timestamp, old?.timestamp ?? record.timestamp)
        try store.put(keyBytes, new, timestamp: timestamp)
        record.oldValue = old?.value ?? .null
        record.value = new
        record.timestamp = timestamp
        try forward(record)
    }
}

extension AggregateProcessor {
    convenience init(node: GraphNode, build: TaskBuild, fold: @escaping Fold) throws {
        self.init(
            node: node, context: build.context, store: try build.store(node.store, for: node),
            keySerde: build.keySerde(of: node), fold: fold)
    }
}

extension ReduceSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        let reducer = reducer
        return try AggregateProcessor(node: node, build: build) { key, value, old in
            guard let old else { return value }
            return try reducer(key, value, old)
        }
    }
}

extension AggregateSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        let initializer = initializer
        let aggregator = aggregator
        return try AggregateProcessor(node: node, build: build) { key, value, old in
            try aggregator(key, value, try old ?? initializer())
        }
    }
}

extension CountSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        try AggregateProcessor(node: node, build: build) { _, _, old in .int((old?.intValue ?? 0) + 1) }
    }
}
