public import StreamrunEngine
public import TopologyDSL

extension TopologyTestDriver {
    /// The records of `topic` appended since the last `readOutput` of it, in the order they were
    /// appended (across partitions), decoded with the topic's serdes; they count as read.
    public func readOutput(_ topic: String) throws -> [TestRecord] {
        let cursor = outputCursors[topic] ?? 0
        let records = try decode(topic, log.records(of: topic).filter { $0.record.sequence > cursor })
        if let last = log.records(of: topic).last { outputCursors[topic] = max(cursor, last.record.sequence) }
        return records
    }

    /// Every record `topic` holds now (what compaction and purges left), in append order; reads
    /// nothing. Of a changelog, the store's updates (its commit markers and fences left out).
    public func records(in topic: String) throws -> [TestRecord] {
        try decode(
            topic, log.records(of: topic).filter { !($0.record.key.map(DrivenInstance.isCommitMarker) ?? false) })
    }

    /// Every entry of `store` over all its tasks (uncommitted updates included, as interactive
    /// queries see them), ordered by instance, then task, then the key's bytes.
    public func store(_ name: String) throws -> [StoreEntry] {
        guard graph.store(name) != nil else { throw TestDriverError("unknown store '\(name)'") }
        var entries: [StoreEntry] = []
        for id in instances {
            guard let instance = running[id] else { continue }
            entries += try instance.entries(store: name).map { StoreEntry(key: $0.key, value: $0.value) }
        }
        return entries
    }

    /// The value of `key` in `store` (uncommitted updates included), nil when it is absent.
    public func lookup(store name: String, key: Value) throws -> Value? {
        for id in instances {
            guard let instance = running[id], let found = try instance.lookup(store: name, key: key) else { continue }
            return found
        }
        throw TestDriverError("no instance has the task of store '\(name)' for key \(ValueText.describe(key)) open")
    }

    /// Every record of the dead-letter topic, with its reason and origin.
    public func deadLetters() throws -> [DeadLetterRecord] {
        log.records(of: graph.deadLetterTopic).map { _, record in
            let headers = record.headers.map { TestHeader($0.0, $0.1) }
            func header(_ name: String) -> String? { headers.last { $0.name == name }?.text }
            var letter = DeadLetterRecord(
                reason: header("streamrun.error") ?? "", topic: header("streamrun.topic"),
                partition: header("streamrun.partition").flatMap { Int32($0) },
                offset: header("streamrun.offset").flatMap { Int64($0) }, sink: header("streamrun.sink"),
                keyBytes: record.key, valueBytes: record.value, timestamp: record.timestamp,
                headers: headers)
            if header("streamrun.format") == "json" {
                letter.key = record.key.flatMap { try? JSONReader.parse($0) }
                letter.value = record.value.flatMap { try? JSONReader.parse($0) } ?? .null
            } else if let topic = letter.topic, let serdes = try? topicSerdes(topic) {
                letter.key = record.key.map { try? serdes.key.deserialize($0) } ?? .null
                letter.value = record.value.map { try? serdes.value.deserialize($0) } ?? .null
            }
            return letter
        }
    }

    /// The rows an external sink step holds (the latest value per key, as an upserting table
    /// would), in the order keys were first written; external sinks are recorded by default.
    public func sinkRows(_ step: String) throws -> [StoreEntry] {
        let table = try recordedSink(step)
        return table.rows.map { StoreEntry(key: $0.key, value: $0.value) }
    }

    /// Every record an external sink step was given, in order (replays after a crash write again).
    public func sinkWrites(_ step: String) throws -> [SinkRecord] {
        let table = try recordedSink(step)
        return table.writes
    }

    /// The external sink steps the driver records.
    public var recordedSinks: [String] { sinks.tables.keys.sorted() }

    /// The recording table of sink step `step`: its name as `streamrun describe` prints it
    /// (`sellable-sqlite-sink`), or the name of the stream it ends when only one sink step does (`sellable`).
    func recordedSink(_ step: String) throws -> RecordingSinks.Table {
        if let table = sinks.tables[step] { return table }
        let named = sinks.tables.filter { $0.key.hasPrefix(step + "-") && $0.key.hasSuffix("-sink") }
        guard named.count == 1, let table = named.first?.value else {
            throw TestDriverError(
                "no recorded sink step '\(step)'; the recorded ones: \(recordedSinks.joined(separator: ", "))")
        }
        return table
    }

    /// The next input offset of every input partition of the open tasks.
    public var positions: [TopicPartition: Int64] {
        running.values.reduce(into: [:]) { all, instance in all.merge(instance.positions) { _, new in new } }
    }

    private func decode(_ topic: String, _ records: [(partition: Int32, record: LoggedRecord)]) throws -> [TestRecord] {
        let serdes = try topicSerdes(topic)
        return try records.map { partition, record in
            TestRecord(
                topic: topic, partition: partition, offset: record.offset,
                key: try record.key.map { try serdes.key.deserialize($0) } ?? .null,
                value: try record.value.map { try serdes.value.deserialize($0) } ?? .null,
                timestamp: record.timestamp, headers: record.headers.map { TestHeader($0.0, $0.1) })
        }
    }
}
