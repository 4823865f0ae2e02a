import Logging
import TopologyDSL

/// Something a task flushes at every commit, before the log is flushed and the state written.
protocol CommitFlushing: AnyObject {
    func flush() throws
    func close()
}

/// Writes records through a sink plugin at each commit (below a table, only the latest per key),
/// so they are written at least once, before the offsets that produced them are committed. Rows
/// the sink refuses for good (`SinkError` `.rejected`) go to the dead-letter topic with the
/// reason and the commit goes on; any other failure fails the commit.
final class ExternalSinkProcessor: KeyReadingProcessor, CommitFlushing {
    let sink: any RecordSink
    let compacting: Bool
    let deadLetterTopic: String
    private let pluginName: String
    private let valueSerde: any Serde
    private var pending: [Row] = []
    private var latest: [StoreKey: Row] = [:]

    /// A record for the sink and the input record that produced it (for its dead letter).
    private struct Row {
        var record: SinkRecord
        var keyBytes: [UInt8]?
        var source: [UInt8]
        var offset: Int64
    }

    init(
        node: GraphNode, context: TaskContext, keySerde: any Serde, sink: any RecordSink, pluginName: String,
        compacting: Bool, deadLetterTopic: String
    ) {
        self.sink = sink
        self.pluginName = pluginName
        self.compacting = compacting
        self.deadLetterTopic = deadLetterTopic
        valueSerde = context.serdes.serde(node.valueType)
        super.init(node: node, context: context, keySerde: keySerde)
    }

    override func process(_ record: TaskRecord) throws {
        var record = record
        let key = try decodedKey(&record, serde: keySerde)
        let out = SinkRecord(key: key, value: record.value, timestamp: record.timestamp)
        let bytes = compacting ? try record.ensureKeyBytes(keySerde) : record.keyBytes
        let row = Row(record: out, keyBytes: bytes, source: context.originSource, offset: context.originOffset)
        if compacting, let bytes { latest[StoreKey(bytes)] = row } else { pending.append(row) }
    }

    func flush() throws {
        let batch = pending + latest.values
        pending.removeAll(keepingCapacity: true)
        latest.removeAll(keepingCapacity: true)
        do {
            try sink.write(batch.map(\.record))
        } catch let error as SinkError where error.code == .rejected {
            guard !error.rejections.isEmpty, error.rejections.allSatisfy({ batch.indices.contains($0.index) }) else {
                throw SinkError(
                    .failed,
                    "sink '\(node.name)' reported refused records that are not in its batch of \(batch.count): \(error)"
                )
            }
            for rejection in error.rejections { deadLetter(batch[rejection.index], reason: rejection.reason) }
        }
    }

    /// Sends a row the sink refused to the dead-letter topic, in the stream's serdes (JSON text if
    /// they cannot write it), and logs it.
    private func deadLetter(_ row: Row, reason: String) {
        let sinkName = "\(pluginName) '\(node.name)'"
        let input = DeadLetter.Input(source: row.source, offset: row.offset)
        let origin = input.map { " (last changed by \($0.topic)-\($0.partition)@\($0.offset))" } ?? ""
        context.logger.warning("a row refused by \(sinkName)\(origin) sent to \(deadLetterTopic): \(reason)")
        var letter = DeadLetter(timestamp: row.record.timestamp, reason: reason, input: input, sink: sinkName)
        do {
            letter.key = try row.keyBytes ?? (row.record.key.isNull ? nil : keySerde.serialize(row.record.key))
            letter.value = row.record.value.isNull ? nil : try valueSerde.serialize(row.record.value)
        } catch {
            letter.key = row.record.key.isNull ? nil : Array(JSONWriter.string(row.record.key).utf8)
            letter.value = Array(JSONWriter.string(row.record.value).utf8)
            letter.isJSON = true
        }
        context.send(letter, to: deadLetterTopic)
    }

    func close() { sink.close() }
}

extension SinkProcessor: CommitFlushing {
    func close() {}
}

extension ExternalSinkSpec: ProcessorSupplier {
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        guard let factory = build.context.plugins.sinks[plugin.name] else {
            throw TopologyErrors(
                "operator '\(node.name)' names a sink plugin that is not registered", at: node.location)
        }
        let sink = try factory.makeSink(
            parameters: plugin.parameters, keyType: node.keyType, valueType: node.valueType,
            task: build.context.taskId.description)
        let processor = ExternalSinkProcessor(
            node: node, context: build.context, keySerde: build.inputKeySerde(of: node),
            sink: sink, pluginName: plugin.name, compacting: build.readsTable(node),
            deadLetterTopic: build.graph.deadLetterTopic)
        build.flushing.append(processor)
        return processor
    }
}
