import Foundation
import Logging
import TopologyDSL

/// Creates, restores and closes tasks as partitions are assigned and revoked, and finds the task
/// that owns a key for queries.
// @unchecked Sendable: other threads read only `views` (a Mutex) and `lifecycle` (changed only under `lock`); the
// tasks and the other vars are the stream thread's, and `consumer`/`onTasksChanged` are set before it starts.
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
    /// The open tasks (stream thread only).
    private var tasksByID: [TaskId: StreamTask] = [:]
    /// What other threads see of the open tasks, published as they open and close.
    private let views = Locked<[TaskId: TaskView]>([:])
    private var taskByPartition: [TopicPartition: StreamTask] = [:]
    /// Where each assigned task stands; guarded by `lock`.
    private var lifecycle = StateMachine()
    /// Every partition currently assigned to this member (assignments may arrive incrementally).
    private var assigned = Set<TopicPartition>()
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

    /// The open tasks (stream thread only).
    var tasks: [StreamTask] { Array(tasksByID.values) }

    /// What other threads may read of the open tasks, in task order.
    var taskViews: [TaskView] { views.withLock { $0.values.sorted { $0.id < $1.id } } }

    /// What other threads may read of task `id`, if it is open here.
    func view(_ id: TaskId) -> TaskView? { views.withLock { $0[id] } }

    /// Keys waiting in the tasks' record caches (a commit comes early past `maxCachedKeys`).
    var cachedEntries: Int { tasks.reduce(0) { $0 + $1.cachedEntries } }

    /// Whether the group has assigned partitions, no task is being restored and every task opened
    /// (read from any thread).
    var isSettled: Bool { lock.withLock { lifecycle.isSettled(readsNothing: graph.subtopologies.isEmpty) } }

    /// Settled, and no input partition waits for a record it cannot read yet (read from any thread).
    /// The stream thread asks after every poll: no strings are made, nothing is sorted.
    var isReady: Bool { isSettled && !views.withLock { $0.values.contains { $0.stalls.isWaiting } } }

    /// Why the runner is not ready, naming each task that could not be opened (nil when settled).
    var unsettledReason: String? {
        lock.withLock { lifecycle.unsettledReason(readsNothing: graph.subtopologies.isEmpty) }
    }

    func task(for partition: TopicPartition) -> StreamTask? { taskByPartition[partition] }

    func task(_ id: TaskId) -> StreamTask? { tasksByID[id] }

    /// Makes a task for every sub-topology partition whose inputs are all assigned.
    func partitionsAssigned(_ partitions: [TopicPartition]) {
        assigned.formUnion(partitions)
        var toOpen: [(id: TaskId, inputs: [TopicPartition])] = []
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
                toOpen.append((id, inputs))
            }
        }
        lock.withLock { lifecycle.restoring(toOpen.map(\.id)) }
        for (id, inputs) in toOpen {
            do {
                try open(id)
                _ = lock.withLock { lifecycle.opened(id) }
            } catch {
                logger.error("cannot open task \(id), retrying: \(error)")
                let now = configuration.clock()
                switch lock.withLock({ lifecycle.openFailed(id, reason: "\(error)", now: now) }) {
                case .pauseInputs: toPause += inputs
                case .none: break
                }
            }
        }
        lock.withLock { lifecycle.assignmentApplied() }
        onTasksChanged?(Array(tasksByID.keys))
    }

    /// Tries again to open the tasks whose backoff has passed (stream thread). An opened task's
    /// partitions are read again from its position, or the group's committed offset.
    func retryFailedTasks() {
        if !toPause.isEmpty {
            consumer?.pause(toPause.filter(assigned.contains))
            toPause = []
        }
        let now = configuration.clock()
        for id in lock.withLock({ lifecycle.reopening(now: now) }) {
            do {
                let task = try open(id)
                switch lock.withLock({ lifecycle.opened(id) }) {
                case .resumeInputs(let attempts):
                    // Records polled before the partitions were paused were dropped: read them again.
                    readAgainFromCommitted(task)
                    consumer?.resume(task.inputPartitions)
                    logger.info("task \(id) opened after \(attempts) failed attempts")
                case .none:
                    break
                }
                onTasksChanged?(Array(tasksByID.keys))
            } catch {
                logger.error("cannot open task \(id), retrying: \(error)")
                _ = lock.withLock { lifecycle.openFailed(id, reason: "\(error)", now: configuration.clock()) }
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
            directory: directory, task: id, declarations: declarations, serdes: serdes,
            plugins: plugins, settings: configuration.rocksDB, maxRecordBytes: producer.maxRecordBytes)
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
        tasksByID[id] = task
        views.withLock { $0[id] = task.view }
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
            for id in lifecycle.tasks.keys
            where graph.subtopologies[id.subtopology].sourceTopics.contains(where: {
                revoked.contains(TopicPartition($0, id.partition))
            }) {
                lifecycle.removed(id)
            }
        }
        for (id, task) in tasksByID where task.inputPartitions.contains(where: revoked.contains) {
            runFailures[id] = nil
            close(task)
        }
        onTasksChanged?(Array(tasksByID.keys))
    }

    /// Closes tasks that failed while running (a commit a sink or store could not take, a serde
    /// that cannot reach what it needs) with nothing written, pauses their partitions, and reopens
    /// them from their last commit once their backoff has passed (`retryFailedTasks`), as Kafka
    /// Streams revives a corrupted task. The backoff grows with each failure until a commit succeeds.
    func failed(_ ids: [TaskId], because error: any Error) {
        let now = configuration.clock()
        for id in ids {
            guard let task = tasksByID[id] else { continue }
            close(task)
            let attempts = (runFailures[id] ?? 0) + 1
            runFailures[id] = attempts
            switch lock.withLock({ lifecycle.runFailed(id, reason: "\(error)", now: now, attempts: attempts) }) {
            case .pauseInputs: toPause += task.inputPartitions
            case .none: break
            }
            metrics.taskFailures.add(1)
        }
        onTasksChanged?(Array(tasksByID.keys))
    }

    /// Notes that these tasks committed: a later failure starts its backoff afresh.
    func committed(_ ids: [TaskId]) {
        guard !runFailures.isEmpty else { return }
        for id in ids { runFailures[id] = nil }
    }

    /// Takes `task` out of the assignment's tasks and closes it, writing nothing.
    private func close(_ task: StreamTask) {
        for partition in task.inputPartitions { taskByPartition[partition] = nil }
        tasksByID[task.id] = nil
        views.withLock { $0[task.id] = nil }
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
