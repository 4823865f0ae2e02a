import TopologyDSL

/// Reads a topic's records into the task: deserializes the value, and the key when an operator
/// reads it (otherwise the key is only checked and travels as bytes).
final class SourceProcessor: ForwardingProcessor {
    let keySerde: any Serde
    let valueSerde: any Serde
    let decodeKey: Bool

    init(node: GraphNode, context: TaskContext, decodeKey: Bool) {
        let topic = node.topic.flatMap { context.serdes.serdes(topic: $0) }
        keySerde = topic?.key ?? context.serdes.serde(node.keyType)
        valueSerde = topic?.value ?? context.serdes.serde(node.valueType)
        self.decodeKey = decodeKey
        super.init(node: node, context: context)
    }

    /// Processes one consumed record; a record that cannot be read throws a `SerdeError`, or
    /// `InputUnavailable` (before anything was forwarded) when a serde cannot reach what it needs.
    func ingest(_ view: ConsumedRecordView) throws {
        let record: Record
        do { record = try read(view) } catch {
            guard error.code == .unavailable else { throw error }
            throw InputUnavailable(description: error.description)
        }
        try forward(record)
    }

    /// The record with its value (and the key, if an operator reads it) deserialized.
    private func read(_ view: ConsumedRecordView) throws(SerdeError) -> Record {
        var record = Record(keyBytes: view.key.map { Array($0) }, value: .null, timestamp: view.timestamp)
        if let value = view.value { record.value = try valueSerde.deserialize(value) }
        if let key = view.key {
            if decodeKey { record.key = try keySerde.deserialize(key) } else { try keySerde.validate(key) }
        }
        return record
    }
}
