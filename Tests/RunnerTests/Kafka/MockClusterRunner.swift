import Foundation
import Logging
import Plugins
import ServiceLifecycle
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunKafka

/// A runner on librdkafka's mock cluster (in-process, answers a test can make fail), its topics
/// made first (the mock has no Admin API): totals per key of `counts`, emitted to `totals_out`.
final class MockClusterRunner: @unchecked Sendable {
    static let yaml = """
        application: membership
        topics:
          counts: { partitions: 2, key: string, value: int32 }
          totals_out: { partitions: 2, key: string, value: int32 }
        tables:
          totals: { from: counts, reduce: "aggregate + value", to: totals_out }
        """

    let mock: KafkaMockCluster
    let transport: KafkaTransport
    let runner: StreamRunner
    let group: ServiceGroup
    let task: Task<Void, any Error>

    init(
        yaml: String = MockClusterRunner.yaml, guarantee: ProcessingGuarantee = .atLeastOnce,
        instanceId: String = "instance-1",
        kafka properties: [String: String] = [:], mock: KafkaMockCluster? = nil
    ) throws {
        let graph = try TopologyLoader(plugins: BuiltinPlugins.registry).load(yaml: yaml, file: "membership.yaml")
        if let mock {
            self.mock = mock
        } else {
            self.mock = try KafkaMockCluster(log: { _ in })
            for topic in graph.topics { try self.mock.createTopic(topic.name, partitions: topic.partitions) }
            try self.mock.createTopic(graph.instancesTopic, partitions: 1)
            try self.mock.createTopic(graph.deadLetterTopic, partitions: 1)
            try self.mock.createTopic(StoreSchema.topic(graph), partitions: 1)
        }
        transport = try KafkaTransport(
            configuration: kafkaTestConfiguration(self.mock.bootstrapServers, properties: properties))
        var logger = Logger(label: "mock-cluster-runner")
        logger.logLevel = kafkaTestVerbose ? .info : .critical
        runner = try StreamRunner(
            graph: graph, transport: transport,
            configuration: RunnerConfiguration(
                dataDirectory: TemporaryDirectory.make(), commitIntervalMs: 50,
                instanceId: instanceId, processingGuarantee: guarantee),
            plugins: BuiltinPlugins.registry, logger: logger)
        group = ServiceGroup(services: [runner], logger: logger)
        let group = self.group
        task = Task { try await group.run() }
    }

    func ready() async throws {
        try await Eventually.wait("runner ready", seconds: 60) { runner.isReady }
    }

    func add(_ key: String, _ value: Int64) async throws {
        _ = try await runner.append(topic: "counts", key: .string(key), value: .int(value))
    }

    /// Whether `key`'s total becomes `expected` within 30 s.
    func total(_ key: String, becomes expected: Int64) async throws -> Bool {
        (try? await Eventually.wait("\(key) = \(expected)", seconds: 30) {
            (try? runner.lookup(store: "totals", key: .string(key))) == .int(expected)
        }) != nil
    }

    /// Every record of `partition` from its start.
    func records(_ partition: TopicPartition) throws -> [(key: [UInt8]?, value: [UInt8]?)] {
        var records: [(key: [UInt8]?, value: [UInt8]?)] = []
        try PartitionReplay(transport: transport, partition: partition).read(
            from: 0, to: try transport.endOffset(of: partition)
        ) {
            records.append(($0.key.map { Array($0) }, $0.value.map { Array($0) }))
        }
        return records
    }

    /// The `header` of every record of `partition`, as text.
    func headers(_ header: String, of partition: TopicPartition) throws -> [String?] {
        let consumer = try transport.makeConsumer(group: nil)
        defer { consumer.close() }
        consumer.assign([partition: 0])
        let end = try transport.endOffset(of: partition)
        var values: [String?] = []
        let deadline = Date().addingTimeInterval(20)
        while values.count < end && Date() < deadline {
            for batch in try consumer.poll(maxRecords: 100, timeoutMs: 200) {
                batch.forEach(header: header) { _, value in
                    values.append(value.map { String(decoding: $0, as: UTF8.self) })
                }
            }
        }
        return values
    }

    /// The epochs of the fences in each partition of the totals changelog, in log order.
    func fenceEpochs() throws -> [[Int64]] {
        try (Int32(0)..<2).map { p in
            try records(TopicPartition("membership-totals-changelog", p)).compactMap { record -> Int64? in
                guard record.key == CommitMarker.fenceKey, let value = record.value else { return nil }
                return value.withUnsafeBytes { CommitMarker($0) }?.epoch
            }
        }
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
