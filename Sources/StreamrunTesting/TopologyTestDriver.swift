import Foundation
import Logging
public import Plugins
public import StreamrunEngine
public import TopologyDSL

/// Runs a topology in-process for tests, as Kafka Streams' `TopologyTestDriver` does: every task of
/// every sub-topology (over all partitions, repartition topics included) on an in-memory log, on
/// the caller's thread, with no threads of its own and no sleeps.
///
/// The processing is the engine's own: the task manager, the tasks and their processors, the
/// state stores and their changelogs, the commit with its markers, and the changelog restorer
/// when a task opens (`DrivenInstance`). `pipe` appends a record to its topic (partitioned as
/// Kafka's clients do) and processes until nothing is left to process, records that go through
/// repartition topics included, then commits (see `CommitPolicy`). Outputs, stores and dead
/// letters are read back decoded; faults are data: `crash(at:)` each step of a commit,
/// `compact(topic:)`, `moveTask(_:to:)` between instances, sinks that fail or refuse rows.
///
/// A driver is used from one thread at a time. The wall clock is the test's
/// (`advanceWallClockTime`): it stamps piped records and drives the commit interval. Topologies run
/// at least once (as on the embedded log; exactly-once needs Kafka's transactions), source plugins
/// do not run (pipe their records instead), and external sinks write to in-memory tables unless
/// `recordExternalSinks` is off.
public final class TopologyTestDriver {
    /// The graph as the driver runs it (external sinks replaced, stores as `Options.stores` says).
    public let graph: TopologyGraph
    public let options: Options
    let plugins: PluginRegistry
    let log: DriverLog
    let sinks: RecordingSinks
    let logs = CapturedLogs()
    let directory: String
    /// The instances in the order they take turns.
    private(set) var instanceIds: [String]
    /// The running instance of each id (an instance is restarted at once when it crashes).
    var running: [String: DrivenInstance] = [:]
    private var serdes: [String: (key: any Serde, value: any Serde)] = [:]
    /// The last sequence of each topic's records read by `readOutput`.
    var outputCursors: [String: UInt64] = [:]
    /// The test's wall clock, in milliseconds since the epoch: the engine's clock too (wall-clock
    /// punctuations and commit times follow it).
    public var wallClockTime: Int64 { clock.now }
    private let clock: ManualClock
    private var lastCommitTime: Int64
    private var closed = false

    /// Starts the driver: creates the topics and every instance, which open and restore their tasks.
    public init(graph: TopologyGraph, plugins: PluginRegistry = BuiltinPlugins.registry, options: Options = Options())
        throws
    {
        guard !options.instances.isEmpty, Set(options.instances).count == options.instances.count else {
            throw TestDriverError("the driver needs at least one instance, each with its own name")
        }
        var plugins = plugins
        let sinks = RecordingSinks()
        var graph = options.recordExternalSinks ? sinks.substitute(in: graph, plugins: &plugins) : graph
        if options.stores == .inMemory {
            for index in graph.stores.indices { graph.stores[index].kind = .memory }
        }
        self.graph = graph
        self.sinks = sinks
        self.plugins = plugins
        self.options = options
        clock = ManualClock(options.initialWallClockTime)
        lastCommitTime = options.initialWallClockTime
        instanceIds = options.instances
        directory = NSTemporaryDirectory() + "streamrun-test-driver-" + UUID().uuidString
        log = DriverLog(maxRecordBytes: options.maxRecordBytes)
        log.coordinator.setInstances(options.instances)
        do {
            try log.createTopics(graph.topicSpecs)
            for topic in graph.topics {
                serdes[topic.name] = (
                    try plugins.serde(for: topic.keyType, topic: topic.name, isKey: true),
                    try plugins.serde(for: topic.valueType, topic: topic.name, isKey: false)
                )
            }
            for id in instanceIds { running[id] = try makeInstance(id) }
            try runUntilIdle()
        } catch {
            abandonAll()
            throw error
        }
    }

    /// Loads topology YAML (`file` names it in diagnostics and anchors relative paths) and starts a driver.
    public convenience init(
        yaml: String, file: String = "<topology>", plugins: PluginRegistry = BuiltinPlugins.registry,
        options: Options = Options()
    ) throws {
        try self.init(
            graph: TopologyLoader(plugins: plugins).load(yaml: yaml, file: file), plugins: plugins, options: options)
    }

    /// Loads the topology file at `path` and starts a driver.
    public convenience init(
        topologyFile path: String, plugins: PluginRegistry = BuiltinPlugins.registry,
        options: Options = Options()
    ) throws {
        try self.init(graph: TopologyLoader(plugins: plugins).load(file: path), plugins: plugins, options: options)
    }

    deinit { abandonAll() }

    /// Commits and closes every instance, then removes the driver's temporary directory.
    public func close() throws {
        guard !closed else { return }
        closed = true
        defer { removeDirectory() }
        var failure: (any Error)?
        for id in instanceIds {
            guard let instance = running.removeValue(forKey: id) else { continue }
            do { try instance.close() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    /// The engine's log messages (warnings and above) since the driver started.
    public var logMessages: [String] { logs.all }

    /// The simulated instances, in the order they take turns.
    public var instances: [String] { instanceIds }

    /// The tasks `instance` has open.
    public func tasks(of instance: String) -> [TaskId] { running[instance]?.taskIds ?? [] }

    // MARK: Input

    /// Serializes `key` and `value` with `topic`'s serdes (`.null` is a missing key or a
    /// tombstone), appends the record to the partition Kafka's clients would choose, and processes
    /// until nothing is left; then commits if the policy says so.
    public func pipe(topic: String, key: Value, value: Value, timestamp: Int64? = nil, headers: [TestHeader] = [])
        throws
    {
        let serdes = try topicSerdes(topic)
        let keyBytes: [UInt8]?
        let valueBytes: [UInt8]?
        do {
            keyBytes = key.isNull ? nil : try serdes.key.serialize(key)
            valueBytes = value.isNull ? nil : try serdes.value.serialize(value)
        } catch {
            throw TestDriverError(
                "cannot write \(ValueText.describe(key)) -> \(ValueText.describe(value)) to '\(topic)': \(error)")
        }
        try pipe(topic: topic, keyBytes: keyBytes, valueBytes: valueBytes, timestamp: timestamp, headers: headers)
    }

    /// Appends a record of raw bytes (to `partition`, or the one murmur2 of the key gives; 0 without
    /// a key) and processes it like `pipe(topic:key:value:)`.
    public func pipe(
        topic: String, keyBytes: [UInt8]?, valueBytes: [UInt8]?, partition: Int32? = nil,
        timestamp: Int64? = nil, headers: [TestHeader] = []
    ) throws {
        guard let declaration = graph.topic(topic) else { throw TestDriverError("unknown topic '\(topic)'") }
        let target =
            partition ?? keyBytes.map { Murmur2Partitioner.partition(of: $0, partitions: declaration.partitions) } ?? 0
        _ = try log.append(
            OutgoingRecord(
                topic: topic, partition: target, key: keyBytes, value: valueBytes,
                timestamp: timestamp ?? wallClockTime, headers: headers.map { ($0.name, $0.value) }))
        try runUntilIdle()
        switch options.commitPolicy {
        case .afterEveryPipe: try commit()
        case .interval: try commitIfDue()
        case .manual: break
        }
    }

    /// Moves the wall clock forward; with `CommitPolicy.interval`, commits when the interval has passed.
    public func advanceWallClockTime(_ milliseconds: Int64) throws {
        guard milliseconds >= 0 else { throw TestDriverError("the wall clock does not go backwards") }
        clock.advance(by: milliseconds)
        try runUntilIdle()  // each instance's turn fires its wall-clock punctuations
        try commitIfDue()
    }

    /// Commits every instance (flush, markers, state, offsets: the stream thread's commit), then
    /// processes what the commit released (a table's outputs into a topic the topology reads).
    public func commit() throws {
        for _ in 0..<1_000 {
            for id in instanceIds { try commit(id) }
            lastCommitTime = wallClockTime
            guard try runUntilIdle() > 0 else { return }
        }
        throw TestDriverError("commits keep releasing records to process (a cycle through a topic?)")
    }

    private func commitIfDue() throws {
        guard case .interval(let interval) = options.commitPolicy, wallClockTime - lastCommitTime >= interval else {
            return
        }
        try commit()
    }

    /// Commits one instance. A commit that fails stops the instance's stream thread, as in the runner:
    /// the instance is restarted from what it had committed, and the error is thrown.
    func commit(_ id: String) throws {
        guard let instance = running[id] else { return }
        do {
            try instance.commit()
        } catch {
            try restart(id)
            throw TestDriverError(
                "the commit of \(id) failed (restarted from its last commit): \(error)", code: .commitFailed)
        }
    }

    // MARK: Processing

    /// Turns until no instance polls anything, nothing is queued for the log and no rebalance is
    /// pending; returns how many records were polled.
    @discardableResult
    func runUntilIdle() throws -> Int {
        var total = 0
        for _ in 0..<100_000 {
            log.deliverQueued()
            var polled = 0
            for id in instanceIds {
                guard let instance = running[id] else { continue }
                polled += try instance.runOnce()
                if instance.cachedEntries > options.maxCachedKeys { try commit(id) }
            }
            total += polled
            if polled == 0 && !log.hasQueuedRecords && !log.coordinator.hasPendingRebalance { return total }
        }
        throw TestDriverError("processing did not settle after 100000 polls (a cycle through a topic?)")
    }

    func makeInstance(_ id: String) throws -> DrivenInstance {
        var configuration = RunnerConfiguration(
            dataDirectory: "\(directory)/\(id)", commitIntervalMs: Int.max / 2,
            maxCachedKeys: options.maxCachedKeys, pollMaxRecords: options.pollMaxRecords,
            instanceId: id, repartitionPurgeIntervalMs: 0)
        configuration.clock = { [clock] in clock.now }
        var logger = logs.logger(level: .warning)
        logger[metadataKey: "instance"] = "\(id)"
        return try DrivenInstance(
            graph: graph, transport: log.transport(for: id), configuration: configuration,
            plugins: plugins, logger: logger)
    }

    /// `id`'s process dies: its tasks close with nothing written, what its producers queued is lost
    /// and, unless `localStateOnCrash` keeps it, its state directory too.
    func kill(_ id: String) {
        running.removeValue(forKey: id)?.abandon()
        log.discardProducers(of: id)
        if options.localStateOnCrash == .lost { try? FileManager.default.removeItem(atPath: "\(directory)/\(id)") }
    }

    /// Kills `id` and starts it again: it joins the group and restores its tasks at its first poll.
    func restart(_ id: String) throws {
        kill(id)
        running[id] = try makeInstance(id)
    }

    /// Adds an instance that joins the group (it owns nothing until a task moves to it).
    func addInstance(_ id: String) throws {
        guard running[id] == nil else { return }
        if !instanceIds.contains(id) { instanceIds.append(id) }
        running[id] = try makeInstance(id)
    }

    func topicSerdes(_ topic: String) throws -> (key: any Serde, value: any Serde) {
        guard let serdes = serdes[topic] else { throw TestDriverError("unknown topic '\(topic)'") }
        return serdes
    }

    private func abandonAll() {
        for id in instanceIds { running.removeValue(forKey: id)?.abandon() }
        removeDirectory()
    }

    private func removeDirectory() { try? FileManager.default.removeItem(atPath: directory) }
}
