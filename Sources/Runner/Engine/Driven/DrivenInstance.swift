package import Logging
package import TopologyDSL

/// One instance of a topology run on its caller's thread, one turn at a time, with no stream thread
/// and no waiting: what `StreamrunTesting`'s `TopologyTestDriver` runs, one per simulated instance.
///
/// The work is the engine's own: the consumer's group assigns partitions and the task manager opens
/// (and restores from the changelogs) or closes tasks as the stream thread's rebalance listener
/// tells it; the tasks process what a poll returns; `commit` is the stream thread's commit. Only
/// the loop around them is the caller's (`runOnce` is one turn of it), so the caller decides when
/// records are polled, when commits happen and when the instance crashes.
package final class DrivenInstance {
    package let graph: TopologyGraph
    package let configuration: RunnerConfiguration
    package let metrics = RunnerMetrics()
    private let consumer: any LogConsumer
    private let producer: any LogProducer
    private let tasks: TaskManager
    private let thread: StreamThread
    private let serdes: SerdeCache

    /// Joins `graph.application`'s group on `transport` for the graph's source topics; tasks open
    /// at the first `runOnce` that gets an assignment. Runs at least once (no transactions).
    package init(
        graph: TopologyGraph, transport: any LogTransport, configuration: RunnerConfiguration,
        plugins: PluginRegistry, logger: Logger
    ) throws {
        self.graph = graph
        self.configuration = configuration
        serdes = try SerdeCache(graph: graph, plugins: plugins)
        try TaskState.checkBackends(graph, plugins: plugins)
        producer = try transport.makeProducer()
        consumer = try transport.makeConsumer(group: graph.application)
        tasks = TaskManager(
            graph: graph, transport: transport, producer: producer, restoreProducer: producer,
            serdes: serdes, configuration: configuration, plugins: plugins, metrics: metrics, logger: logger)
        tasks.consumer = consumer
        thread = StreamThread(
            consumer: consumer, producer: producer, transactions: nil, tasks: tasks,
            configuration: configuration, metrics: metrics, logger: logger)
        consumer.subscribe(Array(Set(graph.subtopologies.flatMap(\.sourceTopics))).sorted(), listener: thread)
    }

    /// Whether `key` is the changelog key of a commit marker or a fence (not a store's key).
    package static func isCommitMarker(_ key: [UInt8]) -> Bool { CommitMarker.isReserved(key) }

    /// One turn of the stream thread's loop without its wait: polls (a rebalance the group holds for
    /// this member happens here, revoked tasks committing first), retries tasks that failed to open,
    /// processes the batches and rewinds stalled inputs. Returns how many records the poll returned.
    @discardableResult
    package func runOnce() throws -> Int { try thread.runOnce(timeoutMs: 0) }

    /// Keys waiting in the tasks' record caches (the stream thread commits early past `maxCachedKeys`).
    package var cachedEntries: Int { tasks.cachedEntries }

    /// The stream thread's commit: flush, markers, state, group offsets.
    package func commit() throws { try thread.commit() }

    /// A clean shutdown: the final commit, then every task closes.
    package func close() throws {
        defer { abandon() }
        try thread.commit(beginNext: false)
    }

    /// The process goes away: every task closes with nothing flushed, no markers and no state written.
    package func abandon() {
        tasks.closeAll()
        consumer.close()
    }

    /// The tasks open here.
    package var taskIds: [TaskId] { tasks.tasks.map(\.id).sorted() }

    /// The next input offset of every input partition of the open tasks.
    package var positions: [TopicPartition: Int64] {
        tasks.tasks.reduce(into: [:]) { all, task in all.merge(task.positions) { _, new in new } }
    }

    /// The current value of `key` in `store` if this instance has the task that owns it open
    /// (`.some(nil)`: open here, key absent; nil: not open here), uncommitted updates included.
    package func lookup(store name: String, key: Value) throws -> Value?? {
        let (keyBytes, id) = try serdes.route(store: name, key: key, in: graph)
        guard let store = tasks.view(id)?.stores[name] else {
            return nil
        }
        return .some(try store.read(keyBytes))
    }

    /// Every entry of `store` in the tasks open here, uncommitted updates included, with its key's
    /// bytes, in key-byte order per task.
    package func entries(store name: String) throws
        -> [(keyBytes: [UInt8], key: Value, value: Value)]
    {
        guard let declaration = graph.store(name) else {
            throw StreamrunError("unknown store '\(name)'", code: .unknownStore)
        }
        let serde = serdes.keySerde(of: declaration)
        var entries: [(keyBytes: [UInt8], key: Value, value: Value)] = []
        for task in tasks.taskViews {
            guard let store = task.stores[name] else { continue }
            let keys = try store.keys()
            for key in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) where !CommitMarker.isReserved(key) {
                guard let value = try store.read(key) else { continue }
                entries.append((key, try serde.deserialize(key), value))
            }
        }
        return entries
    }
}
