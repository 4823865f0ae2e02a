import Logging
import TopologyDSL

/// One partition of one sub-topology: its processors, its stores, and the input offsets it has applied.
final class StreamTask {
    let id: TaskId
    let context: TaskContext
    let state: TaskState
    private let sources: [String: SourceProcessor]
    /// Sinks that write at each commit.
    private let flushing: [any CommitFlushing]
    /// Processor API processors, closed with the task.
    private let custom: [CustomProcessorNode]
    /// The next offset to process per input partition (the stream thread's own).
    private(set) var positions: [TopicPartition: Int64] = [:]
    /// `positions` as other threads may read them (`/metadata`): published once per batch.
    private let publishedPositions = PublishedPositions()
    /// What has been applied from each source of the repartition inputs.
    private var originFilters: [TopicPartition: OriginFilter] = [:]
    /// The origin source bytes of each input partition, for the repartition records it causes.
    private var originSources: [TopicPartition: [UInt8]] = [:]
    private var uncommitted = false
    /// The sequence number of the last commit, and where each store's changelog ended after it.
    private var sequence: Int64
    /// This owner's epoch, written in its markers (see `ChangelogRestorer`).
    private let epoch: Int64
    private var checkpoints: [String: Int64] = [:]
    /// Where this commit's markers landed, per store (filled by delivery reports).
    private let markerOffsets = MarkerOffsets()
    let inputPartitions: [TopicPartition]
    /// Where records that cannot be processed go: `<application>-dead-letters`.
    let deadLetterTopic: String
    let metrics: RunnerMetrics
    /// Input partitions waiting for a record they could not read yet (see `InputStalls`).
    let stalls = InputStalls()
    /// Why the task cannot go on (nil while it can): a record got halfway and then needed
    /// something that cannot be reached now (`SerdeError` `.unavailable` past its source, as a
    /// schema registry that is down). The stream thread closes the task and reopens it from its
    /// last commit (`TaskManager.failed`); what it did since is done again.
    private(set) var failure: (any Error)?

    init(id: TaskId, graph: TopologyGraph, context: TaskContext, state: TaskState, metrics: RunnerMetrics) throws {
        self.id = id
        self.context = context
        self.state = state
        self.metrics = metrics
        for store in state.stores { context.stores[store.name] = store }
        let subtopology = graph.subtopologies[id.subtopology]
        let built = try TaskBuilder(graph: graph, subtopology: subtopology, context: context).build()
        sources = built.sources
        flushing = built.flushing
        custom = built.custom
        inputPartitions = subtopology.sourceTopics.map { TopicPartition($0, id.partition) }
        deadLetterTopic = graph.deadLetterTopic
        let origins = try state.appliedOrigins()
        for partition in inputPartitions {
            if let applied = try state.appliedOffset(partition) { positions[partition] = applied }
            originSources[partition] = RecordOrigin.source(of: partition)
            if graph.topic(partition.topic)?.isInternal == true {
                originFilters[partition] = OriginFilter(input: partition, applied: origins)
            }
        }
        publishedPositions.publish(positions)
        sequence = try state.sequence()
        epoch = try state.epoch()
        for store in state.stores { checkpoints[store.name] = try state.checkpoint(of: store) }
        context.observe(timestamp: try state.streamTime())
        // The stores are restored (the task opens after its restore): custom processors may read them.
        for (index, processor) in custom.enumerated() {
            do { try processor.start() } catch {
                for started in custom[..<index] { started.stop() }
                throw error
            }
        }
    }

    /// Processes a polled batch, skipping records already applied (by offset, and on repartition
    /// topics by origin); a record that fails goes to the dead-letter topic and is skipped. A record
    /// that cannot be read yet (`StreamrunError.Code.inputUnavailable`) stops the partition there until it is read again;
    /// one that needs something unreachable after it was read stops the task (`failure`).
    func process(_ batch: any RecordBatch) {
        let partition = batch.topicPartition
        guard let source = sources[partition.topic], let origin = originSources[partition] else { return }
        let applied = positions[partition] ?? 0
        var processed = 0
        var skipped = 0
        var duplicates = 0
        /// Whether the record could not be read yet (it is neither processed nor skipped).
        func ingest(_ view: ConsumedRecordView) -> Bool {
            context.beginRecord(source: origin, offset: view.offset)
            do {
                try source.ingest(view)
                processed += 1
                if !context.streamTimePunctuations.isEmpty {
                    punctuate(context.streamTimePunctuations, at: context.streamTime)
                }
            } catch let error as StreamrunError where error.code == .inputUnavailable {
                waitForInput(partition, at: view.offset, error: error)
                return true
            } catch let error as SerdeError where error.isRetriable {
                // Its effects so far (store updates, records forwarded) are undone by the reopening.
                failure = error
                return true
            } catch {
                skipped += 1
                deadLetter(view, from: partition, error: error)
            }
            return false
        }
        if let filter = originFilters[partition] {
            batch.forEach(header: RecordOrigin.header) { view, header in
                guard failure == nil, view.offset >= applied, stalls.admits(partition, offset: view.offset) else {
                    return
                }
                guard filter.admit(header) else {
                    duplicates += 1
                    return
                }
                if ingest(view) { filter.undoLastAdmit() }
            }
        } else {
            batch.forEach { view in
                guard failure == nil, view.offset >= applied, stalls.admits(partition, offset: view.offset) else {
                    return
                }
                _ = ingest(view)
            }
        }
        positions[partition] = stalls.waitingOffset(partition) ?? max(applied, batch.nextOffset)
        publishedPositions.publish(partition, positions[partition])
        uncommitted = true
        metrics.recordsProcessed.add(processed)
        metrics.recordsSkipped.add(skipped)
        metrics.duplicatesSkipped.add(duplicates)
    }

    /// What the task has applied of every source of its repartition inputs.
    private var appliedOrigins: [OriginKey: OriginPosition] {
        originFilters.values.reduce(into: [:]) { all, filter in all.merge(filter.applied) { _, new in new } }
    }

    /// Sends a record that could not be processed to the dead-letter topic, with the reason and its
    /// origin in headers, and logs it; processing goes on with the next record.
    private func deadLetter(_ view: ConsumedRecordView, from partition: TopicPartition, error: any Error) {
        let reason = "\(error)"
        context.logger.warning("record \(partition)@\(view.offset) sent to \(deadLetterTopic): \(reason)")
        context.send(
            DeadLetter(
                key: view.key.map { Array($0) }, value: view.value.map { Array($0) }, timestamp: view.timestamp,
                reason: reason,
                input: .init(topic: partition.topic, partition: partition.partition, offset: view.offset)),
            to: deadLetterTopic)
    }

    /// Fires the wall-clock punctuations that are due (the stream thread calls it as it loops).
    func punctuateWallClock() {
        guard !context.wallClockPunctuations.isEmpty else { return }
        punctuate(context.wallClockPunctuations, at: context.clock())
    }

    /// Fires `queue`'s due punctuations; what they forward is committed with the task. A
    /// punctuation that fails is logged and counted, and tried again at its next time: it has no
    /// input record to dead-letter, and it must not stop the task.
    private func punctuate(_ queue: PunctuationQueue, at time: Int64) {
        do {
            if try queue.fire(now: time) > 0 { uncommitted = true }
        } catch {
            uncommitted = true  // what it (and those before it) forwarded or stored is committed
            metrics.punctuationFailures.add(1)
            context.logger.error("task \(id): a punctuation at \(time) failed: \(error)")
        }
    }

    var needsCommit: Bool { uncommitted }
    var cachedEntries: Int { state.stores.reduce(0) { $0 + $1.dirtyCount } }

    /// Sends the changed keys of every store to its changelog (each record with its value's
    /// timestamp) and the buffered sink records to their topics.
    func flushRecords() throws {
        for store in state.stores {
            let topic = store.declaration.changelogTopic
            try store.flush { key, value, timestamp in
                context.send(topic: topic, partition: id.partition, key: key, value: value, timestamp: timestamp)
            }
        }
        for sink in flushing { try sink.flush() }
    }

    /// Once the changelog records are durable: appends this commit's marker to every changelog,
    /// noting where each lands (the changelog's next checkpoint).
    func writeMarkers() {
        markerOffsets.withLock { $0.removeAll() }
        let origins = appliedOrigins
        for store in state.stores {
            let marker = CommitMarker(
                sequence: sequence + 1, coverageStart: checkpoints[store.name] ?? 0, positions: positions,
                origins: origins, epoch: epoch, streamTime: context.streamTime)
            let name = store.name
            let offsets = markerOffsets
            context.producer.produce(
                OutgoingRecord(
                    topic: store.declaration.changelogTopic, partition: id.partition,
                    key: marker.recordKey, value: marker.encoded(), timestamp: 0)
            ) { result in
                switch result {
                case .success(let metadata): offsets.withLock { $0[name] = metadata.offset }
                case .failure(let error): offsets.fail(error)
                }
            }
        }
    }

    /// Once the markers are durable: writes the stores, the applied offsets and the changelog
    /// checkpoints atomically.
    func commitState(transport: any LogTransport) throws {
        var next: [String: Int64] = [:]
        // A marker that did not arrive leaves this commit incomplete: it must not be recorded as done.
        if let failure = markerOffsets.takeFailure() { throw failure }
        let delivered = markerOffsets.withLock { $0 }
        for store in state.stores {
            next[store.name] = try transport.offset(
                after: delivered[store.name],
                in: TopicPartition(store.declaration.changelogTopic, id.partition))
        }
        try state.commit(
            offsets: positions, origins: appliedOrigins, checkpoints: next, sequence: sequence + 1,
            streamTime: context.streamTime)
        checkpoints = next
        sequence += 1
        uncommitted = false
    }

    /// What other threads may read of this task.
    var view: TaskView {
        TaskView(
            id: id, inputPartitions: inputPartitions,
            stores: Dictionary(uniqueKeysWithValues: state.stores.map { ($0.name, ReadOnlyStore($0)) }),
            positions: publishedPositions, stalls: stalls)
    }

    func close() {
        for processor in custom { processor.stop() }
        for sink in flushing { sink.close() }
        state.close()
    }
}

/// Marker offsets (or a failure) from delivery reports, which arrive on the log's threads.
final class MarkerOffsets: Sendable {
    private let offsets = Locked<[String: Int64]>([:])
    private let failure = Locked<StreamrunError?>(nil)
    func withLock<R>(_ body: (inout [String: Int64]) -> R) -> R { offsets.withLock { body(&$0) } }
    func fail(_ error: StreamrunError) { failure.withLock { if $0 == nil { $0 = error } } }
    func takeFailure() -> StreamrunError? {
        failure.withLock { error in
            defer { error = nil }
            return error
        }
    }
}
