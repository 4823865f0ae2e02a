import TopologyDSL

/// Runs a Processor API processor in a task: hands it decoded records, gives it its stores, its
/// task's time and punctuation, and forwards what it forwards to the node's children.
final class CustomProcessorNode: KeyReadingProcessor, ProcessorContext {
    private let processor: any RecordProcessor
    private let declaredStores: [String: ProcessorKeyValueStore]
    /// The time of what the processor handles now (the record, or the punctuation): what its store
    /// writes are timestamped with, as Kafka Streams' record context.
    private let now: ProcessorTime

    init(
        node: GraphNode, context: TaskContext, keySerde: any Serde, processor: any RecordProcessor,
        stores: [String: ProcessorKeyValueStore], now: ProcessorTime
    ) {
        self.processor = processor
        declaredStores = stores
        self.now = now
        super.init(node: node, context: context, keySerde: keySerde)
    }

    /// Initializes the processor (once its task is built, before its first record).
    func start() throws { try processor.initialize(self) }

    func stop() { processor.close() }

    override func process(_ record: TaskRecord) throws {
        var record = record
        let key = try functionKey(&record)
        now.timestamp = record.timestamp
        try processor.process(ProcessorRecord(key: key, value: record.value, timestamp: record.timestamp))
    }

    // MARK: ProcessorContext

    var taskId: String { context.taskId.description }
    var streamTime: Int64 { context.streamTime }
    var wallClockTime: Int64 { context.clock() }

    func store(_ name: String) throws -> any KeyValueStore {
        guard let store = declaredStores[name] else {
            throw EvaluationError(
                "processor '\(node.name)' did not declare a store '\(name)'; it declared "
                    + declaredStores.keys.sorted().joined(separator: ", "))
        }
        return store
    }

    func forward(_ record: ProcessorRecord) throws {
        try forward(TaskRecord(key: record.key, keyBytes: nil, value: record.value, timestamp: record.timestamp))
    }

    @discardableResult
    func schedule(
        every intervalMs: Int64, _ type: PunctuationType,
        _ punctuate: @escaping (Int64) throws -> Void
    ) -> any Cancellable {
        context.schedule(every: intervalMs, type) { [now] time in
            now.timestamp = time
            try punctuate(time)
        }
    }
}

/// The timestamp a custom processor's store writes carry, shared by the node and its stores.
final class ProcessorTime {
    var timestamp: Int64 = -1
}

/// A store as a custom processor sees it: keys and values decoded, over the task's `StateStore`.
final class ProcessorKeyValueStore: KeyValueStore {
    private let store: StateStore
    private let keySerde: any Serde
    private let now: ProcessorTime

    init(store: StateStore, keySerde: any Serde, now: ProcessorTime) {
        self.store = store
        self.keySerde = keySerde
        self.now = now
    }

    func get(_ key: Value) throws -> Value? { try store.get(try keySerde.serialize(key)) }
    func put(_ key: Value, _ value: Value) throws {
        try store.put(try keySerde.serialize(key), value, timestamp: now.timestamp)
    }
    func delete(_ key: Value) throws { try store.put(try keySerde.serialize(key), nil, timestamp: now.timestamp) }

    func forEach(_ body: (Value, Value) throws -> Void) throws {
        for key in try store.keys() {
            guard let value = try store.read(key) else { continue }  // a sweep does not fill the cache
            try body(try keySerde.deserialize(key), value)
        }
    }
}

extension CustomProcessorSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        var declared: [String: ProcessorKeyValueStore] = [:]
        let now = ProcessorTime()
        for name in stores {
            let store = try build.store(name, for: node)
            declared[name] = ProcessorKeyValueStore(
                store: store, keySerde: build.context.serdes.serde(store.declaration.keyType),
                now: now)
        }
        let processor = CustomProcessorNode(
            node: node, context: build.context, keySerde: build.inputKeySerde(of: node),
            processor: try make(), stores: declared, now: now)
        build.starting.append(processor)
        return processor
    }
}
