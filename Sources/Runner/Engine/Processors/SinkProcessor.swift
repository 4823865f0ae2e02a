import TopologyDSL

/// Writes records to a topic. Below a table it keeps only the latest record per key until the
/// commit, so the topic gets one record per key per commit, as with Kafka Streams' record cache.
final class SinkProcessor: ForwardingProcessor {
    let topic: String
    let inputKeySerde: any Serde
    let keySerde: any Serde
    let valueSerde: any Serde
    let compacting: Bool
    /// Records for a repartition topic carry their origin, so the reading task can skip a replay's duplicates.
    let carriesOrigin: Bool
    private var originSerial: UInt64 = 0
    private var originIndex: Int32 = 0
    /// The incoming key bytes are already in the topic's key format.
    let reusesKeyBytes: Bool
    private var pending: [StoreKey: (value: [UInt8]?, timestamp: Int64)] = [:]
    private var buffer: [UInt8] = []

    init(node: GraphNode, context: TaskContext, inputKeySerde: any Serde, compacting: Bool, carriesOrigin: Bool) {
        self.carriesOrigin = carriesOrigin
        topic = node.topic ?? ""
        self.inputKeySerde = inputKeySerde
        let topic = context.serdes.serdes(topic: node.topic ?? "")
        let keySerde = topic?.key ?? context.serdes.serde(node.keyType)
        self.keySerde = keySerde
        valueSerde = topic?.value ?? context.serdes.serde(node.valueType)
        self.compacting = compacting
        reusesKeyBytes = ObjectIdentifier(type(of: inputKeySerde)) == ObjectIdentifier(type(of: keySerde))
        super.init(node: node, context: context)
    }

    override func process(_ record: TaskRecord) throws {
        var record = record
        let keyBytes: [UInt8]?
        if reusesKeyBytes, let existing = record.keyBytes {
            keyBytes = existing
        } else {
            if record.key.isNull, let bytes = record.keyBytes { record.key = try inputKeySerde.deserialize(bytes) }
            keyBytes = record.key.isNull ? nil : try keySerde.serialize(record.key)
        }
        var value: [UInt8]?
        if !record.value.isNull {
            buffer.removeAll(keepingCapacity: true)
            try valueSerde.serialize(record.value, into: &buffer)
            value = buffer
        }
        let origin = carriesOrigin ? nextOrigin() : nil
        // Checked here, where it is computed: a record the transport cannot carry goes to the
        // dead-letter topic with the input that caused it, instead of failing the commit.
        let bytes =
            (keyBytes?.count ?? 0) + (value?.count ?? 0)
            + (origin.map { RecordOrigin.header.utf8.count + $0.count } ?? 0)
        guard bytes <= context.producer.maxRecordBytes else {
            throw StreamrunError.recordTooLarge(topic: topic, bytes: bytes, limit: context.producer.maxRecordBytes)
        }
        if compacting, let keyBytes {
            pending[StoreKey(keyBytes)] = (value, record.timestamp)
        } else if let origin {
            context.send(
                topic: topic, key: keyBytes, value: value, timestamp: record.timestamp,
                headers: [(RecordOrigin.header, origin)])
        } else {
            context.send(topic: topic, key: keyBytes, value: value, timestamp: record.timestamp)
        }
    }

    /// The origin of the next record: the input record being processed and this record's index among its outputs.
    private func nextOrigin() -> [UInt8] {
        if context.originSerial != originSerial {
            originSerial = context.originSerial
            originIndex = 0
        } else {
            originIndex &+= 1
        }
        return RecordOrigin.headerValue(
            OriginPosition(offset: context.originOffset, index: originIndex),
            source: context.originSource)
    }

    /// Sends the latest record per key held since the last commit (below a table, so never to a
    /// repartition topic: those are fed by streams, record by record).
    func flush() throws {
        for (key, entry) in pending {
            context.send(topic: topic, key: key.bytes, value: entry.value, timestamp: entry.timestamp)
        }
        pending.removeAll(keepingCapacity: true)
    }
}

extension SinkSpec: ProcessorSupplier {
    /// Below a table the sink keeps the latest record per key until the commit; a sink into a
    /// repartition topic stamps each record with its origin.
    func makeProcessor(for node: GraphNode, in build: inout TaskBuild) throws -> any Processor {
        let repartitions = node.topic.flatMap { build.graph.topic($0) }?.isInternal == true
        let sink = SinkProcessor(
            node: node, context: build.context, inputKeySerde: build.inputKeySerde(of: node),
            compacting: build.readsTable(node), carriesOrigin: repartitions)
        build.flushing.append(sink)
        return sink
    }
}
