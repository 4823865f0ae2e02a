import Foundation
public import Logging
public import ServiceLifecycle
import StreamrunStores
public import TopologyDSL

/// Runs a topology graph over a log transport as a `Service`: creates its topics, restores its
/// stores, processes on a stream thread, and answers key lookups and command writes.
public final class StreamRunner: Service, Sendable {
    public let graph: TopologyGraph
    public let metrics = RunnerMetrics()
    /// The producer of commands and announcements (each record's caller hears of its delivery).
    public let producer: any LogProducer
    /// The stream thread's own producer (changelogs, outputs, markers), so a commit's flush reports
    /// only the failures of the records it wrote.
    private let streamProducer: any LogProducer
    package let transport: any LogTransport
    let serdes: SerdeCache
    let logger: Logger
    private let tasks: TaskManager
    private let thread: StreamThread
    let directory: InstanceDirectory
    private let sources: SourceFeeder
    public let configuration: RunnerConfiguration

    public init(
        graph: TopologyGraph, transport: any LogTransport, configuration: RunnerConfiguration,
        plugins: PluginRegistry, logger: Logger
    ) throws {
        self.graph = graph
        self.transport = transport
        self.logger = logger
        self.configuration = configuration
        serdes = try SerdeCache(graph: graph, plugins: plugins)
        try TaskState.checkBackends(graph, plugins: plugins)
        try transport.createTopics(graph.topicSpecs)
        producer = try transport.makeProducer()
        try StoreSchema.verify(
            graph: graph, transport: transport, producer: producer,
            dataDirectory: configuration.dataDirectory, settings: configuration.rocksDB)
        directory = InstanceDirectory(
            topic: graph.instancesTopic, instanceId: configuration.instanceId,
            url: configuration.advertisedURL, transport: transport, producer: producer,
            logger: logger)
        let consumer = try transport.makeConsumer(group: graph.application)
        let transactions: (any TransactionalProducer)?
        switch configuration.processingGuarantee {
        case .atLeastOnce: transactions = nil
        case .exactlyOnce:
            // Stable per instance: a restarted instance fences its predecessor and ends its open transaction.
            transactions = try transport.makeTransactionalProducer(
                id: "\(graph.application)-\(configuration.instanceId)")
        }
        streamProducer = try transactions ?? transport.makeProducer()
        // Restores write repairs and fences outside any transaction: through the plain producer then.
        tasks = TaskManager(
            graph: graph, transport: transport, producer: streamProducer,
            restoreProducer: transactions == nil ? streamProducer : producer, serdes: serdes,
            configuration: configuration, plugins: plugins, metrics: metrics, logger: logger)
        tasks.consumer = consumer
        let directory = self.directory
        tasks.onTasksChanged = { directory.announce(tasks: $0) }
        sources = SourceFeeder(
            graph: graph, plugins: plugins, serdes: serdes,
            producer: graph.topicSources.isEmpty ? producer : try transport.makeProducer(),
            directory: configuration.dataDirectory, logger: logger)
        thread = StreamThread(
            consumer: consumer, producer: streamProducer, transactions: transactions, tasks: tasks,
            configuration: configuration, metrics: metrics, logger: logger)
    }

    /// True once every task is restored and processing.
    public var isReady: Bool { thread.isRunning && tasks.isReady }

    /// Why the runner is not ready (nil when it is): restoring, the tasks that could not be opened,
    /// or the input partitions waiting for a record they cannot read yet (a schema registry is down).
    public var notReadyReason: String? {
        guard thread.isRunning else { return "the stream thread is starting or has stopped" }
        return tasks.unsettledReason ?? tasks.stalledInputsReason
    }

    public func run() async throws {
        let topics = Array(Set(graph.subtopologies.flatMap(\.sourceTopics))).sorted()
        try directory.start()
        try sources.start()
        thread.start(topics: topics)
        logger.info("processing \(topics.joined(separator: ", ")) as \(graph.application)")
        // The stream thread ends by itself only when it fails; a graceful shutdown asks it to stop.
        await withGracefulShutdownHandler { [thread] in
            await thread.ended.wait()
        } onGracefulShutdown: { [thread] in
            thread.requestStop()
        }
        sources.stop()
        directory.stop()
        streamProducer.close()  // the stream thread's final commit flushed it
        try? producer.flush()
        logger.info("stream thread stopped; state committed")
        if let failure = thread.failure { throw failure }
    }

    /// The key and value serdes of `topic`.
    public func serdes(of topic: String) -> (key: any Serde, value: any Serde)? {
        serdes.serdes(topic: topic)
    }

    /// Serializes and appends a record to `topic` (partition by murmur2 of the key) and waits until
    /// it is durable; a record larger than the transport carries is refused before anything is produced.
    public func append(topic: String, key: Value, value: Value, timestamp: Int64? = nil) async throws -> RecordMetadata
    {
        guard let declaration = graph.topic(topic) else {
            throw StreamrunError("unknown topic '\(topic)'", code: .unknownTopic)
        }
        let record = try serdes.record(
            for: declaration, key: key, value: value,
            timestamp: timestamp ?? configuration.clock())
        guard producer.accepts(record) else {
            throw StreamrunError.recordTooLarge(
                topic: topic, bytes: (record.key?.count ?? 0) + (record.value?.count ?? 0),
                limit: producer.maxRecordBytes)
        }
        return try await producer.send(record)
    }

    /// The current value of `key` in `store` (uncommitted updates included; the read never fills the
    /// task's cache), or nil when the key is absent.
    public func lookup(store name: String, key: Value) throws(StreamrunError) -> Value? {
        let (keyBytes, id) = try serdes.route(store: name, key: key, in: graph)
        guard let state = tasks.view(id)?.stores[name] else {
            if let owner = directory.owner(of: id), owner.instanceId != configuration.instanceId {
                throw StreamrunError("task \(id) is owned by \(owner.instanceId)", code: .remote(ownerURL: owner.url))
            }
            throw StreamrunError(
                "store '\(name)' is not ready for partition \(id.partition) (restoring, or its owner is not known yet)",
                code: .notReady)
        }
        do { return try state.read(keyBytes) } catch {
            throw StreamrunError("store '\(name)' cannot be read: \(error)", code: .notReady)
        }
    }

    /// `lookup(store:key:)` for async code: the read, which may go to disk, runs on the blocking-work
    /// pool, never on one of Swift concurrency's threads.
    public func lookup(store name: String, key: Value) async throws(StreamrunError) -> Value? {
        do {
            return try await BlockingWork.run { try self.lookup(store: name, key: key) }
        } catch let error as StreamrunError {
            throw error
        } catch {
            throw StreamrunError("store '\(name)' cannot be read: \(error)", code: .failed)
        }
    }

    /// What `/metadata` shows: this instance, every live instance and its tasks, and the local
    /// tasks' input partitions with their lag.
    public func metadata() -> Value {
        let instances: [Value] = directory.instances.map { $0.value }
        let local: [Value] = inputProgress().map { task in
            let partitions: [Value] = task.partitions.map { input in
                .record(
                    Fields([
                        ("topic", .string(input.partition.topic)),
                        ("partition", .int(Int64(input.partition.partition))),
                        ("position", .int(input.position)), ("end", .int(input.end)), ("lag", .int(input.lag)),
                    ]))
            }
            return .record(Fields([("task", .string(task.id.description)), ("partitions", .list(partitions))]))
        }
        return .record(
            Fields([
                ("application", .string(graph.application)), ("instance", .string(configuration.instanceId)),
                ("url", .string(configuration.advertisedURL)), ("ready", .bool(isReady)),
                ("tasks", .list(local)), ("instances", .list(instances)),
            ]))
    }

    /// Where each local task stands in each of its input partitions, by task id.
    private func inputProgress() -> [(
        id: TaskId, partitions: [(partition: TopicPartition, position: Int64, end: Int64, lag: Int64)]
    )] {
        tasks.taskViews.map { task in
            let positions = task.currentPositions
            return (
                task.id,
                task.inputPartitions.map { partition in
                    let position = positions[partition] ?? 0
                    let end = (try? transport.endOffset(of: partition)) ?? position
                    return (partition, position, end, max(0, end - position))
                }
            )
        }
    }

    /// `/metrics` text: the counters and latency histograms, each store's approximate key count,
    /// each input partition's lag, and readiness.
    public func metricsText() -> String {
        let sizes = tasks.taskViews.flatMap { task in
            task.stores.values.sorted { $0.name < $1.name }.map {
                (store: $0.name, task: "\(task.id)", keys: $0.approximateCount)
            }
        }
        let lags = inputProgress().flatMap { task in
            task.partitions.map {
                (task: "\(task.id)", topic: $0.partition.topic, partition: $0.partition.partition, records: $0.lag)
            }
        }
        return metrics.prometheusText(storeSizes: sizes, lags: lags, ready: isReady)
    }
}
