import TopologyDSL

/// Something a task flushes at every commit, before the log is flushed and the state written.
protocol CommitFlushing: AnyObject {
    func flush() throws
    func close()
}

/// Writes records through a sink plugin at each commit (below a table, only the latest per key),
/// so they are written at least once, before the offsets that produced them are committed.
final class ExternalSinkProcessor: KeyReadingProcessor, CommitFlushing {
    let sink: any RecordSink
    let compacting: Bool
    private var pending: [SinkRecord] = []
    private var latest: [StoreKey: SinkRecord] = [:]

    init(node: GraphNode, context: TaskContext, keySerde: any Serde, sink: any RecordSink, compacting: Bool) {
        self.sink = sink
        self.compacting = compacting
        super.init(node: node, context: context, keySerde: keySerde)
    }

    override func process(_ record: Record) throws {
        var record = record
        let key = try decodedKey(&record, serde: keySerde)
        let out = SinkRecord(key: key, value: record.value, timestamp: record.timestamp)
        if compacting, let bytes = try record.ensureKeyBytes(keySerde) { latest[StoreKey(bytes)] = out } else { pending.append(out) }
    }

    func flush() throws {
        let batch = pending + latest.values
        pending.removeAll(keepingCapacity: true)
        latest.removeAll(keepingCapacity: true)
        try sink.write(batch)
    }

    func close() { sink.close() }
}

extension SinkProcessor: CommitFlushing {
    func close() {}
}
