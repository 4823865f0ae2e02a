import Foundation
import Logging
import TopologyDSL

/// Creates, restores and closes tasks as partitions are assigned and revoked, and finds the task
/// that owns a key for queries.
// @unchecked Sendable: `tasksByID`, `restoring`, `hasAssignment` and `failedTasks` change only under `lock`; the
// other vars are the stream thread's, and `consumer`/`onTasksChanged` are set before it starts.
final class TaskManager: @unchecked Sendable {
    let graph: TopologyGraph
    let transport: any LogTransport
    let producer: any LogProducer
    /// What restores write with (repairs and fences, outside the stream thread's transactions).
    let restoreProducer: any LogProducer
    let serdes: SerdeCache
    let configuration: RunnerConfiguration
    let plugins: PluginRegistry
    let metrics: RunnerMetrics
    let logger: Logger
    private let lock = NSLock()
    private var tasksByID: [TaskId: StreamTask] = [:]
    private var taskByPartition: [TopicPartition: StreamTask] = [:]
    private var restoring = false
    /// Every partition currently assigned to this member (assignments may arrive incrementally).
    private var assigned = Set<TopicPartition>()
    /// Whether the group has assigned partitions at least once.
    private var hasAssignment = false
    /// Tasks that could not be opened, or failed while running, retried with backoff by the stream
    /// thread; guarded by `lock`. Their partitions are paused, and read again from the task's
    /// position once it opens.
    private var failedTasks: [TaskId: TaskOpenRetry] = [:]
    /// How often each task failed while running since it last committed (its backoff grows across
    /// reopenings until a commit succeeds); stream thread only.
    private var runFailures: [TaskId: Int] = [:]
    /// Input partitions of tasks that failed to open, to pause once the assignment is in effect
    /// (not inside the rebalance callback); stream thread only.
    private var toPause: [TopicPartition] = []
    weak var consumer: (any LogConsumer)?
    /// Told the ids of the local tasks after every assignment change.
    var onTasksChanged: (@Sendable ([TaskId]) -> Void)?

    init(
        graph: TopologyGraph, transport: any LogTransport, producer: any LogProducer, restoreProducer: any LogProducer,
        serdes: SerdeCache, configuration: RunnerConfiguration, plugins: PluginRegistry, metrics: RunnerMetrics,
        logger: Logger
    ) {
        self.plugins = plugins
        self.restoreProducer = restoreProducer
        self.graph = graph
        self.transport = transport
        self.producer = producer
        self.serdes = serdes
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    var tasks: [StreamTask] { lock.withLock { Array(tasksByID.values) } }

    /// Keys waiting in the tasks' record caches (a commit comes early past `maxCachedKeys`).
    var cachedEntries: Int { tasks.reduce(0) { $0 + $1.cachedEntries } }

    /// Whether the group has assigned partitions, no task is being restored and every task opened
    /// (read from any thread).
    var isSettled: Bool { lock.withLock { awaitsNoAssignment && !restoring && failedTasks.isEmpty } }

    /// Settled, and no input partition waits for a record it cannot read yet (read from any thread).
    var isReady: Bool { isSettled && stalledInputsReason == nil }

    /// Whether the group assigned partitions, or the topology reads none (commands only).
    private var awaitsNoAssignment: Bool { hasAssignment || graph.subtopologies.isEmpty }

    /// Why the runner is not ready, naming each task that could not be opened (nil when settled).
    var unsettledReason: String? {
        lock.withLock {
            if !awaitsNoAssignment { return "waiting for the group to assign partitions" }
            if restoring { return "stores are being restored" }
            guard !failedTasks.isEmpty else { return nil }
            return failedTasks.sorted { $0.key < $1.key }.map { id, retry in
                "task \(id) \(retry.cause.phrase) (attempt \(retry.attempts), retrying): \(retry.reason)"
            }.joined(separator: "; ")
        }
    }

    func task(for partition: TopicPartition) -> StreamTask? { taskByPartition[partition] }

    func task(_ id: TaskId) -> StreamTask? { lock.withLock { tasksByID[id] } }

    /// Makes a task for every sub-topology partition whose inputs are all assigned.
    func partitionsAssigned(_ partitions: [TopicPartition]) {
        assigned.formUnion(partitions)
        lock.withLock { restoring = true }
        defer { lock.withLock { restoring = false } }
        for subtopology in graph.subtopologies {
            for p in 0..<subtopology.partitions {
                let id = TaskId(subtopology: subtopology.id, partition: p)
                let inputs = subtopology.sourceTopics.map { TopicPartition($0, p) }
                guard tasksByID[id] == nil, inputs.contains(where: assigned.contains) else { continue }
                guard inputs.allSatisfy(assigned.contains) else {
                    logger.warning(
                        "task \(id) needs \(inputs) together, but only some are assigned here; co-partitioned topics need the range assignor"
                    )
                    continue
                }
                do {
                    try open(id)
                } catch {
                    logger.error("cannot open task \(id), retrying: \(error)")
                    let now = configuration.clock()
                    lock.withLock { failedTasks[id] = TaskOpenRetry(.open, reason: "\(error)", now: now) }
                    toPause += inputs
                }
            }
        }
        lock.withLock { hasAssignment = true }
        onTasksChanged?(lock.withLock { Array(tasksByID.keys) })
    }

    /// Tries again to open the tasks whose backoff has passed (stream thread). An opened task's
    /// partitions are read again from its position, or the group's committed offset.
    func retryFailedTasks() {
        if !toPause.isEmpty {
            consumer?.pause(toPause.filter(assigned.contains))
            toPause = []
        }
        let now = configuration.clock()
        let due = lock.withLock { failedTasks.filter { $0.value.isDue(now) }.map(\.key) }
        guard !due.isEmpty else { return }
        for id in due.sorted() {
            do {
                lock.withLock { restoring = true }
                defer { lock.withLock { restoring = false } }
                let task = try open(id)
                // Records polled before the partitions were paused were dropped: read them again.
                readAgainFromCommitted(task)
                consumer?.resume(task.inputPartitions)
                let attempts = lock.withLock { failedTasks.removeValue(forKey: id)?.attempts ?? 0 }
                logger.info("task \(id) opened after \(attempts) failed attempts")
                onTasksChanged?(lock.withLock { Array(tasksByID.keys) })
            } catch {
                logger.error("cannot open task \(id), retrying: \(error)")
                lock.withLock { failedTasks[id]?.failedAgain("\(error)", now: configuration.clock()) }
            }
        }
    }

    /// Seeks the input partitions that `task` has no position for (it never committed) to the
    /// group's committed offset; `open` seeks the others to the task's positions.
    private func readAgainFromCommitted(_ task: StreamTask) {
        for partition in task.inputPartitions where task.positions[partition] == nil {
            do { consumer?.seek(partition, to: try consumer?.committed(partition) ?? 0) } catch {
                logger.error(
                    "task \(task.id): cannot read the committed offset of \(partition) to read it again: \(error)")
            }
        }
    }

    @discardableResult
    private func open(_ id: TaskId) throws -> StreamTask {
        let subtopology = graph.subtopologies[id.subtopology]
        let declarations = graph.stores.filter { subtopology.stores.contains($0.name) }
        let directory = "\(configuration.dataDirectory)/state/\(graph.application)/\(id)"
        let state = try TaskState(
            directory: directory, declarations: declarations, serdes: serdes,
            settings: configuration.rocksDB, maxRecordBytes: producer.maxRecordBytes)
        var opened = false
        defer { if !opened { state.close() } }  // a retry must be able to open the database again
        if state.rebuiltForFormat {
            logger.warning(
                "task \(id): local state written by an older streamrun (values without timestamps); rebuilding it from the changelogs"
            )
        }
        let restored = try ChangelogRestorer(transport: transport, producer: restoreProducer, logger: logger)
            .restore(id, state: state, fencingGeneration: consumer?.groupGeneration)
        metrics.restoredRecords.add(restored.records)
        var taskLogger = logger
        taskLogger[metadataKey: "task"] = "\(id)"
        let partitionCounts = Dictionary(graph.topics.map { ($0.name, $0.partitions) }, uniquingKeysWith: { a, _ in a })
        let context = TaskContext(
            taskId: id, producer: producer, serdes: serdes, partitionCounts: partitionCounts,
            logger: taskLogger, plugins: plugins, clock: configuration.clock)
        let task = try StreamTask(id: id, graph: graph, context: context, state: state, metrics: metrics)
        for partition in task.inputPartitions {
            taskByPartition[partition] = task
            if let position = task.positions[partition] { consumer?.seek(partition, to: position) }
        }
        lock.withLock { tasksByID[id] = task }
        opened = true
        return task
    }

    /// Closes the tasks of revoked or lost partitions, writing nothing (the caller committed first
    /// when they were revoked; lost ones may belong to another member already).
    func partitionsRevoked(_ partitions: [TopicPartition]) {
        let revoked = Set(partitions)
        assigned.subtract(revoked)
        toPause.removeAll(where: revoked.contains)
        lock.withLock {
            failedTasks = failedTasks.filter { id, _ in
                !graph.subtopologies[id.subtopology].sourceTopics.contains {
                    revoked.contains(TopicPartition($0, id.partition))
                }
            }
        }
        for (id, task) in lock.withLock({ tasksByID }) where task.inputPartitions.contains(where: revoked.contains) {
            runFailures[id] = nil
            close(task)
        }
        onTasksChanged?(lock.withLock { Array(tasksByID.keys) })
    }

    /// Closes tasks that failed while running (a commit a sink or store could not take, a serde
    /// that cannot reach what it needs) with nothing written, pauses their partitions, and reopens
    /// them from their last commit once their backoff has passed (`retryFailedTasks`), as Kafka
    /// Streams revives a corrupted task. The backoff grows with each failure until a commit succeeds.
    func failed(_ ids: [TaskId], because error: any Error) {
        let now = configuration.clock()
        for id in ids {
            guard let task = lock.withLock({ tasksByID[id] }) else { continue }
            close(task)
            let attempts = (runFailures[id] ?? 0) + 1
            runFailures[id] = attempts
            lock.withLock { failedTasks[id] = TaskOpenRetry(.run, reason: "\(error)", now: now, attempts: attempts) }
            toPause += task.inputPartitions
            metrics.taskFailures.add(1)
        }
        onTasksChanged?(lock.withLock { Array(tasksByID.keys) })
    }

    /// Notes that these tasks committed: a later failure starts its backoff afresh.
    func committed(_ ids: [TaskId]) {
        guard !runFailures.isEmpty else { return }
        for id in ids { runFailures[id] = nil }
    }

    /// Takes `task` out of the assignment's tasks and closes it, writing nothing.
    private func close(_ task: StreamTask) {
        for partition in task.inputPartitions { taskByPartition[partition] = nil }
        lock.withLock { tasksByID[task.id] = nil }
        task.close()
    }

    /// Closes every task without writing anything and opens it again from its committed state
    /// (after an aborted transaction: what the tasks did since their last commit is undone).
    func reopenAll() {
        let partitions = Array(taskByPartition.keys)
        partitionsRevoked(partitions)
        partitionsAssigned(partitions)
        for task in tasks { readAgainFromCommitted(task) }
    }

    func closeAll() {
        partitionsRevoked(Array(taskByPartition.keys))
    }
}
