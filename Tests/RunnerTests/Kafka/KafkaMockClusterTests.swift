import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunKafka

/// The transport against librdkafka's in-process mock cluster: no broker binary needed.
@Suite("Kafka transport: librdkafka mock cluster")
struct KafkaMockClusterTests {
    @Test func producesAndReadsBackThroughAGroup() async throws {
        try await onKafkaThread {
            let mock = try KafkaMockCluster(log: { _ in })
            let logs = LogTestCollector<String>()
            let transport = try KafkaTransport(configuration: kafkaTestConfiguration(mock.bootstrapServers, logs: logs))
            try mock.createTopic("m", partitions: 2)
            try transport.createTopics([TopicSpec(name: "m", partitions: 2)])  // exists: fine
            #expect(try transport.partitionCount(of: "m") == 2)
            let producer = try transport.makeProducer()
            let reports = try produceKafka(
                producer,
                (0..<6).map {
                    OutgoingRecord(
                        topic: "m", partition: Int32($0 % 2), key: kafkaBytes("k\($0)"), value: kafkaBytes("v\($0)"),
                        timestamp: 1_000 + Int64($0))
                })
            #expect(reports.compactMap { try? $0.get().offset } == [0, 0, 1, 1, 2, 2])
            #expect(try transport.endOffset(of: TopicPartition("m", 1)) == 3)

            let consumer = try transport.makeConsumer(group: "mock-app")
            let listener = KafkaTestListener()
            consumer.subscribe(["m"], listener: listener)
            let records = try drainKafka(consumer, count: 6, timeout: 20)
            #expect(records.count == 6)
            #expect(listener.events.items == [.assigned(kafkaPartitions("m", 2))])
            #expect(
                records.filter { $0.partition.partition == 1 }.map(\.value) == [
                    kafkaBytes("v1"), kafkaBytes("v3"), kafkaBytes("v5"),
                ])
            try consumer.commit([TopicPartition("m", 0): 3])
            #expect(try consumer.committed(TopicPartition("m", 0)) == 3)
            consumer.close()
            producer.close()
        }
    }
}
