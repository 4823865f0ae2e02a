import Foundation
import Logging
import Plugins
import Runner
import ServiceLifecycle
import StreamrunCommands
import TopologyDSL

/// A topology running in-process on a real embedded log and real RocksDB stores in a temporary directory.
final class RunningTopology: @unchecked Sendable {
    let directory: String
    let runner: StreamRunner
    let log: EmbeddedLog
    private let group: ServiceGroup
    private var task: Task<Void, any Error>?

    private init(
        yaml: String, directory: String?, commitIntervalMs: Int, plugins: PluginRegistry,
        configure: (inout RunnerConfiguration) -> Void
    ) throws {
        self.directory = directory ?? TemporaryDirectory.make()
        let graph = try TopologyLoader(plugins: plugins).load(yaml: yaml, file: "test.yaml")
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        log = try EmbeddedLog.opening(dataDirectory: self.directory)
        var configuration = RunnerConfiguration(dataDirectory: self.directory, commitIntervalMs: commitIntervalMs)
        configure(&configuration)
        runner = try StreamRunner(
            graph: graph, transport: log, configuration: configuration, plugins: plugins, logger: logger)
        group = ServiceGroup(services: [runner], logger: logger)
        let group = self.group
        task = Task { try await group.run() }
    }

    /// Starts the topology and waits until it is ready.
    static func start(
        yaml: String, directory: String? = nil, commitIntervalMs: Int = 20,
        plugins: PluginRegistry = StreamrunPlugins.registry,
        waitUntilReady: Bool = true,
        configure: (inout RunnerConfiguration) -> Void = { _ in }
    ) async throws -> RunningTopology {
        let topology = try RunningTopology(
            yaml: yaml, directory: directory, commitIntervalMs: commitIntervalMs, plugins: plugins,
            configure: configure)
        let runner = topology.runner
        guard waitUntilReady else { return topology }
        // Generous: the whole suite runs in parallel on two cores, and only readiness is awaited.
        try await Eventually.wait("runner ready", seconds: 60) { runner.isReady }
        return topology
    }

    /// Appends a record as a command would.
    func send(_ topic: String, key: Value, value: Value) async throws -> RecordMetadata {
        try await runner.append(topic: topic, key: key, value: value)
    }

    /// The committed value of `key` in `store` once `condition` holds for it (or the last seen value).
    func value(_ store: String, _ key: Value, until condition: (Value?) -> Bool) async throws -> Value? {
        var last: Value?
        _ = try? await Eventually.wait("\(store) value") {
            last = try? runner.lookup(store: store, key: key)
            return condition(last)
        }
        return last
    }

    /// Every record of `topic` currently in the log, decoded with the topic's serdes.
    func records(_ topic: String) throws -> [(key: Value, value: Value?)] {
        try timestampedRecords(topic).map { ($0.key, $0.value) }
    }

    /// `records` with each record's timestamp.
    func timestampedRecords(_ topic: String) throws -> [(key: Value, value: Value?, timestamp: Int64)] {
        guard let serdes = runner.serdes(of: topic), let partitions = try log.partitionCount(of: topic) else {
            return []
        }
        let consumer = try log.makeConsumer(group: nil)
        defer { consumer.close() }
        var ends: [TopicPartition: Int64] = [:]
        for p in 0..<partitions { ends[TopicPartition(topic, p)] = try log.endOffset(of: TopicPartition(topic, p)) }
        consumer.assign(ends.mapValues { _ in 0 })
        var out: [(Int64, Value, Value?)] = []
        var seen = 0
        let total = ends.values.reduce(0) { $0 + Int($1) }
        while seen < total {
            let batches = try consumer.poll(maxRecords: 1000, timeoutMs: 100)
            if batches.isEmpty { break }
            for batch in batches {
                try batch.forEach { view in
                    seen += 1
                    let key = try view.key.map { try serdes.key.deserialize($0) } ?? .null
                    let value = try view.value.map { try serdes.value.deserialize($0) }
                    out.append((view.timestamp, key, value))
                }
            }
        }
        return out.map { ($0.1, $0.2, $0.0) }
    }

    /// Appends a record with these bytes (as another client's producer would) and waits until it is durable.
    func produce(
        _ topic: String, key: Value, value: [UInt8]?, timestamp: Int64 = Int64(Date().timeIntervalSince1970 * 1000)
    ) async throws {
        let keyBytes = try runner.serdes(of: topic).map { try $0.key.serialize(key) }
        let producer = try log.makeProducer()
        defer { producer.close() }
        _ = try await producer.send(
            OutgoingRecord(topic: topic, partition: 0, key: keyBytes, value: value, timestamp: timestamp))
    }

    /// `produce` of a value in the topic's serde, with its own timestamp.
    func produce(_ topic: String, key: Value, value: Value, timestamp: Int64) async throws {
        try await produce(
            topic, key: key, value: try runner.serdes(of: topic).map { try $0.value.serialize(value) },
            timestamp: timestamp)
    }

    /// The records of the dead-letter topic: each value as text and its headers.
    func deadLetters() throws -> [(value: String, headers: [String: String])] {
        let consumer = try log.makeConsumer(group: nil)
        defer { consumer.close() }
        let partition = TopicPartition(runner.graph.deadLetterTopic, 0)
        let end = try log.endOffset(of: partition)
        consumer.assign([partition: 0])
        var letters: [(value: String, headers: [String: String])] = []
        while letters.count < end {
            let batches = try consumer.poll(maxRecords: 1000, timeoutMs: 500)
            if batches.isEmpty { break }
            for case let batch as EmbeddedLogBatch in batches {
                batch.forEachWithHeaders { view, headers in
                    var fields: [String: String] = [:]
                    headers.forEach { name, value in
                        fields[String(decoding: name, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
                    }
                    let value = view.value.map { String(decoding: $0, as: UTF8.self) } ?? ""
                    letters.append((value, fields))
                }
            }
        }
        return letters
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task?.value
    }
}

/// Polls a condition until it holds or a deadline passes.
enum Eventually {
    struct Timeout: Error, CustomStringConvertible { let description: String }

    static func wait(_ what: String, seconds: Double = 10, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw Timeout(description: "timed out waiting for \(what)")
    }
}

/// Fresh temporary directories under the system's temp folder.
enum TemporaryDirectory {
    static func make() -> String {
        let path = NSTemporaryDirectory() + "streamrun-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
