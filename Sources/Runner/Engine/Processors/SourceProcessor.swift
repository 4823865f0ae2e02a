import TopologyDSL

/// Reads a topic's records into the task: deserializes the value, and the key when an operator
/// reads it (otherwise the key is only checked and travels as bytes).
final class SourceProcessor: ForwardingProcessor {
    let keySerde: any Serde
    let valueSerde: any Serde
    let decodeKey: Bool
    private let timestamp: TimestampExtractor?

    init(node: GraphNode, context: TaskContext, decodeKey: Bool, timestamp: TimestampExtractor?) {
        self.timestamp = timestamp
        let topic = node.topic.flatMap { context.serdes.serdes(topic: $0) }
        keySerde = topic?.key ?? context.serdes.serde(node.keyType)
        valueSerde = topic?.value ?? context.serdes.serde(node.valueType)
        self.decodeKey = decodeKey
        super.init(node: node, context: context)
    }

    /// Processes one consumed record; a record that cannot be read throws a `SerdeError`, or a
    /// `StreamrunError` of code `inputUnavailable` (before anything was forwarded) when a serde cannot reach what it needs.
    func ingest(_ view: ConsumedRecordView) throws {
        var record: TaskRecord
        do { record = try read(view) } catch {
            guard error.isRetriable else { throw error }
            throw StreamrunError(error.description, code: .inputUnavailable)
        }
        // A tombstone has no value to take a timestamp from: it keeps its own (and still deletes).
        if let timestamp, !record.value.isNull {
            record.timestamp = try timestamp.timestamp(
                key: record.key, value: record.value, recordTimestamp: view.timestamp)
        }
        context.observe(timestamp: record.timestamp)
        try forward(record)
    }

    /// The record with its value (and the key, if an operator reads it) deserialized.
    private func read(_ view: ConsumedRecordView) throws(SerdeError) -> TaskRecord {
        var record = TaskRecord(keyBytes: view.key.map { Array($0) }, value: .null, timestamp: view.timestamp)
        if let value = view.value { record.value = try valueSerde.deserialize(value) }
        if let key = view.key {
            if decodeKey { record.key = try keySerde.deserialize(key) } else { try keySerde.validate(key) }
        }
        return record
    }
}

extension SourceSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        let source = SourceProcessor(
            node: node, context: build.context, decodeKey: build.decodeKey, timestamp: timestamp)
        build.sources[node.topic ?? ""] = source
        return source
    }
}

extension TableSourceSpec: ProcessorSupplier {
    /// The table is the source's only child: the topic's records enter through the source, and
    /// each key keeps its latest value as with a stream read as a table.
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        let source = SourceProcessor(
            node: node, context: build.context, decodeKey: build.decodeKey, timestamp: timestamp)
        let table = ToTableProcessor(
            node: node, context: build.context, store: try build.store(node.store, for: node),
            keySerde: build.keySerde(of: node))
        source.children.append(table)
        build.sources[node.topic ?? ""] = source
        return table
    }
}
