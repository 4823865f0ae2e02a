import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunKafka

@Suite("Kafka transport: topics, configuration", .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct KafkaTopicTests {
    @Test func createsTopicsWithTheirPartitionCounts() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            let transport = cluster.transport
            #expect(try transport.partitionCount(of: "orders") == nil)
            try transport.createTopics([
                TopicSpec(name: "orders", partitions: 3),
                TopicSpec(name: "app-store-changelog", partitions: 2, compacted: true),
            ])
            #expect(try transport.partitionCount(of: "orders") == 3)
            #expect(try transport.partitionCount(of: "app-store-changelog") == 2)
            // Again, with the same counts: fine.
            try transport.createTopics([TopicSpec(name: "orders", partitions: 3)])
            #expect(try transport.endOffset(of: TopicPartition("orders", 2)) == 0)
        }
    }

    @Test func refusesAnExistingTopicWithAnotherPartitionCount() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([TopicSpec(name: "orders", partitions: 3)])
            let error = #expect(throws: StreamrunError.self) {
                try cluster.transport.createTopics([
                    TopicSpec(name: "fresh", partitions: 1), TopicSpec(name: "orders", partitions: 5),
                ])
            }
            #expect(error?.description == "kafka: topic 'orders' exists with 3 partitions; cannot create it with 5")
            #expect(try cluster.transport.partitionCount(of: "fresh") == nil)  // nothing created
            #expect(throws: StreamrunError.self) {
                try cluster.transport.createTopics([TopicSpec(name: "none", partitions: 0)])
            }
            #expect(throws: StreamrunError.self) { try cluster.transport.endOffset(of: TopicPartition("orders", 9)) }
            #expect(throws: StreamrunError.self) { _ = try cluster.transport.makeConsumer(group: "") }
        }
    }

    @Test func topicsAreCreatedWithTheirCleanupPolicyAndRetention() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([
                TopicSpec(name: "clicks", partitions: 1, retentionMs: 3_600_000, retentionBytes: 1_048_576),
                TopicSpec(name: "app-repartition", partitions: 1, retentionMs: -1),
                TopicSpec(name: "app-store-changelog", partitions: 1, compacted: true),
            ])
            let clicks = try cluster.transport.configs(of: "clicks")
            #expect(clicks["cleanup.policy"] == "delete")
            #expect(clicks["retention.ms"] == "3600000")
            #expect(clicks["retention.bytes"] == "1048576")
            #expect(try cluster.transport.configs(of: "app-repartition")["retention.ms"] == "-1")
            #expect(try cluster.transport.configs(of: "app-store-changelog")["cleanup.policy"] == "compact")
        }
    }

    /// Tansu 0.6 (memory storage) answers DeleteRecords by dropping the connection (its storage
    /// has no implementation), and librdkafka's mock cluster has no DeleteRecords either: what
    /// can be checked here is that a refused purge is an error naming the partition, and that the
    /// transport goes on working. The engine only warns about it (the next purge asks again).
    @Test func aRefusedDeleteRecordsIsAnErrorNamingThePartitionAndTheTransportGoesOn() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([TopicSpec(name: "rekeyed", partitions: 1)])
            let producer = try cluster.transport.makeProducer()
            defer { producer.close() }
            let records = (0..<5).map {
                OutgoingRecord(
                    topic: "rekeyed", partition: 0, key: kafkaBytes("k\($0)"), value: kafkaBytes("v\($0)"), timestamp: 1
                )
            }
            _ = try produceKafka(producer, records)
            let p0 = TopicPartition("rekeyed", 0)
            #expect(try cluster.transport.startOffset(of: p0) == 0)
            do {
                let starts = try cluster.transport.deleteRecords(before: [p0: 3])
                // A broker that implements it: the log starts at 3 and reads begin there.
                #expect(starts == [p0: 3])
                #expect(try cluster.transport.startOffset(of: p0) == 3)
            } catch let error as StreamrunError {
                expect(error: error, mentions: "rekeyed-0")
                #expect(try cluster.transport.startOffset(of: p0) == 0)
            }
            #expect(try cluster.transport.endOffset(of: p0) == 5)
            _ = try produceKafka(
                producer, [OutgoingRecord(topic: "rekeyed", partition: 0, key: nil, value: [1], timestamp: 1)])
            #expect(try cluster.transport.endOffset(of: p0) == 6)
        }
    }

    @Test func theEndOfAPartitionIsFoundAgainWhenItHasNotMoved() async throws {
        // The end-offset probe reads from Tansu's reported high watermark to the end of the
        // partition; librdkafka signals that end once per offset, so asking again finds no signal.
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([TopicSpec(name: "batched", partitions: 1)])
            let producer = try cluster.transport.makeProducer()
            let records = (0..<200).map {
                OutgoingRecord(topic: "batched", partition: 0, key: Array("k\($0)".utf8), value: [1], timestamp: 1)
            }
            #expect(try produceKafka(producer, records).allSatisfy { (try? $0.get()) != nil })
            for _ in 0..<3 { #expect(try cluster.transport.endOffset(of: TopicPartition("batched", 0)) == 200) }
            #expect(
                !cluster.logs.items.contains { $0.contains("no end of partition seen in time") },
                "\(cluster.logs.items)")
        }
    }

    @Test func theEndOfAPartitionOfManyBatchesIsFoundWhileTansuListsThem() async throws {
        // Tansu lists a partition's batches within a fetch's max wait (the probe's is short): past
        // some thousands of batches its fetch replies hold no records, and no end-of-partition
        // event ever comes; the reply's high watermark is the end.
        try await onKafkaThread {
            let cluster = try KafkaTestCluster(properties: ["batch.num.messages": "1", "linger.ms": "0"])
            try cluster.transport.createTopics([TopicSpec(name: "many-batches", partitions: 1)])
            let producer = try cluster.transport.makeProducer()
            let count = 30_000
            let records = (0..<count).map {
                OutgoingRecord(
                    topic: "many-batches", partition: 0, key: nil, value: [UInt8(truncatingIfNeeded: $0)], timestamp: 1)
            }
            #expect(try produceKafka(producer, records).allSatisfy { (try? $0.get()) != nil })
            // Then one batch of ten, so that ListOffsets (its base offset plus one) falls inside it.
            let batching = try KafkaTransport(configuration: kafkaTestConfiguration(cluster.broker.bootstrapServers))
            let last = (0..<10).map {
                OutgoingRecord(topic: "many-batches", partition: 0, key: nil, value: [UInt8($0)], timestamp: 1)
            }
            #expect(try produceKafka(try batching.makeProducer(), last).allSatisfy { (try? $0.get()) != nil })
            cluster.note("produced \(count) batches and one of 10")
            #expect(try cluster.transport.endOffset(of: TopicPartition("many-batches", 0)) == Int64(count + 10))
            #expect(!cluster.logs.items.contains { $0.contains("in time") }, "\(cluster.logs.items.suffix(5))")
        }
    }

    @Test func unknownOrInvalidPropertiesAreNamed() throws {
        let unknown = #expect(throws: StreamrunError.self) {
            _ = try KafkaTransport(
                configuration: kafkaTestConfiguration("127.0.0.1:1", properties: ["no.such.property": "1"]))
        }
        expect(error: unknown, mentions: "'no.such.property'")
        let invalid = #expect(throws: StreamrunError.self) {
            _ = try KafkaTransport(
                configuration: kafkaTestConfiguration("127.0.0.1:1", properties: ["linger.ms": "soon"]))
        }
        expect(error: invalid, mentions: "'linger.ms'")
        #expect(try KafkaConfiguration.parseProperty("fetch.min.bytes = 1=2") == ("fetch.min.bytes", " 1=2"))
        #expect(throws: StreamrunError.self) { try KafkaConfiguration.parseProperty("novalue") }
        #expect(throws: StreamrunError.self) { try KafkaConfiguration.parseProperty("=1") }
    }
}

func expect(error: StreamrunError?, mentions text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
        error?.description.contains(text) == true, "\(String(describing: error)) should mention \(text)",
        sourceLocation: sourceLocation)
}
