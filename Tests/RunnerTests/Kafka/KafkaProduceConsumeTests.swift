import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine

@Suite(
    "Kafka transport: producing and reading back", .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage)
)
struct KafkaProduceConsumeTests {
    @Test func deliveredRecordsReadBackByAssignment() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([TopicSpec(name: "events", partitions: 2)])
            let producer = try cluster.transport.makeProducer()
            let records = [
                OutgoingRecord(
                    topic: "events", partition: 0, key: kafkaBytes("k1"), value: kafkaBytes("v1"),
                    timestamp: 1_700_000_000_001,
                    headers: [("trace", kafkaBytes("abc")), ("empty", [])]),
                OutgoingRecord(
                    topic: "events", partition: 0, key: kafkaBytes("k2"), value: nil, timestamp: 1_700_000_000_002),
                OutgoingRecord(
                    topic: "events", partition: 1, key: nil, value: kafkaBytes("v3"), timestamp: 1_700_000_000_003),
                OutgoingRecord(topic: "events", partition: 1, key: [], value: [], timestamp: 1_700_000_000_004),
                OutgoingRecord(
                    topic: "events", partition: 0, key: kafkaBytes("k5"), value: [0, 255, 7],
                    timestamp: 1_700_000_000_005),
            ]
            let reports = try produceKafka(producer, records)
            #expect(
                reports.map { try? $0.get() } == [
                    RecordMetadata(TopicPartition("events", 0), offset: 0),
                    RecordMetadata(TopicPartition("events", 0), offset: 1),
                    RecordMetadata(TopicPartition("events", 1), offset: 0),
                    RecordMetadata(TopicPartition("events", 1), offset: 1),
                    RecordMetadata(TopicPartition("events", 0), offset: 2),
                ])
            #expect(try cluster.transport.endOffset(of: TopicPartition("events", 0)) == 3)
            #expect(try cluster.transport.endOffset(of: TopicPartition("events", 1)) == 2)

            cluster.note("produced")
            let consumer = try cluster.transport.makeConsumer(group: nil)
            consumer.assign([TopicPartition("events", 0): 0, TopicPartition("events", 1): 0])
            let read = try drainKafka(consumer, count: 5).sorted {
                ($0.partition, $0.offset) < ($1.partition, $1.offset)
            }
            let p0 = TopicPartition("events", 0)
            let p1 = TopicPartition("events", 1)
            #expect(
                read == [
                    KafkaTestRecord(
                        partition: p0, offset: 0, timestamp: 1_700_000_000_001, key: kafkaBytes("k1"),
                        value: kafkaBytes("v1"),
                        headers: ["trace": kafkaBytes("abc"), "empty": []]),
                    KafkaTestRecord(
                        partition: p0, offset: 1, timestamp: 1_700_000_000_002, key: kafkaBytes("k2"), value: nil),
                    KafkaTestRecord(
                        partition: p0, offset: 2, timestamp: 1_700_000_000_005, key: kafkaBytes("k5"),
                        value: [0, 255, 7]),
                    KafkaTestRecord(
                        partition: p1, offset: 0, timestamp: 1_700_000_000_003, key: nil, value: kafkaBytes("v3")),
                    KafkaTestRecord(partition: p1, offset: 1, timestamp: 1_700_000_000_004, key: [], value: []),
                ])
            cluster.note("read")
            // Assigning from an offset reads from there; commit needs a group.
            consumer.assign([p0: 2])
            #expect(try drainKafka(consumer, count: 1).map(\.offset) == [2])
            cluster.note("read again")
            #expect(throws: StreamrunError.self) { try consumer.commit([p0: 1]) }
            #expect(try consumer.committed(p0) == nil)
            consumer.close()
            #expect(throws: StreamrunError.self) { _ = try consumer.poll(maxRecords: 1, timeoutMs: 0) }
            producer.close()
        }
    }

    @Test func batchesGroupRecordsByPartitionInOffsetOrder() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([TopicSpec(name: "many", partitions: 3)])
            let producer = try cluster.transport.makeProducer()
            for i in 0..<300 {
                producer.produce(
                    OutgoingRecord(
                        topic: "many", partition: Int32(i % 3), key: nil, value: kafkaBytes("\(i)"),
                        timestamp: 1), delivery: nil)
            }
            try producer.flush()
            let consumer = try cluster.transport.makeConsumer(group: nil)
            consumer.assign(Dictionary(uniqueKeysWithValues: kafkaPartitions("many", 3).map { ($0, Int64(0)) }))
            var next: [TopicPartition: Int64] = [:]
            var total = 0
            let deadline = Date(timeIntervalSinceNow: 15)
            while total < 300 && Date() < deadline {
                let batches = try consumer.poll(maxRecords: 64, timeoutMs: 100)
                #expect(batches.reduce(0) { $0 + $1.count } <= 64)
                #expect(Set(batches.map(\.topicPartition)).count == batches.count)  // one batch per partition
                for batch in batches {
                    var expected = next[batch.topicPartition] ?? 0
                    batch.forEach { view in
                        #expect(view.offset == expected)
                        expected += 1
                    }
                    #expect(batch.nextOffset == expected)
                    next[batch.topicPartition] = expected
                    total += batch.count
                }
            }
            #expect(total == 300)
            // Tansu's ListOffsets reports the last batch's base offset + 1; endOffset corrects it.
            for partition in kafkaPartitions("many", 3) {
                #expect(try cluster.transport.endOffset(of: partition) == 100)
            }
            #expect(next == Dictionary(uniqueKeysWithValues: kafkaPartitions("many", 3).map { ($0, Int64(100)) }))
        }
    }

    @Test func failedDeliveriesGoToTheirCallbackOrElseTheNextFlush() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([TopicSpec(name: "small", partitions: 2)])
            let producer = try cluster.transport.makeProducer()
            let reports = LogTestCollector<Result<RecordMetadata, StreamrunError>>()
            producer.produce(
                OutgoingRecord(topic: "small", partition: 1, key: nil, value: kafkaBytes("ok"), timestamp: 1)
            ) {
                reports.append($0)
            }
            producer.produce(
                OutgoingRecord(topic: "small", partition: 7, key: nil, value: kafkaBytes("lost"), timestamp: 1)
            ) {
                reports.append($0)
            }
            try producer.flush()  // the failure went to the record's callback
            #expect(reports.items.count == 2)
            #expect(reports.items.contains { (try? $0.get()) == RecordMetadata(TopicPartition("small", 1), offset: 0) })
            #expect(reports.items.contains { if case .failure = $0 { true } else { false } })
            // A record without a callback fails the next flush, once; the producer still works.
            producer.produce(
                OutgoingRecord(topic: "small", partition: 7, key: nil, value: kafkaBytes("lost"), timestamp: 1),
                delivery: nil)
            let error = #expect(throws: StreamrunError.self) { try producer.flush() }
            expect(error: error, mentions: "small-7")
            producer.produce(
                OutgoingRecord(topic: "small", partition: 0, key: nil, value: kafkaBytes("x"), timestamp: 1),
                delivery: nil)
            try producer.flush()
            #expect(try cluster.transport.endOffset(of: TopicPartition("small", 0)) == 1)
            producer.close()
            let closed = LogTestCollector<Result<RecordMetadata, StreamrunError>>()
            producer.produce(OutgoingRecord(topic: "small", partition: 0, key: nil, value: nil, timestamp: 1)) {
                closed.append($0)
            }
            #expect(closed.items.count == 1)
            producer.produce(
                OutgoingRecord(topic: "small", partition: 0, key: nil, value: nil, timestamp: 1), delivery: nil)
            #expect(throws: StreamrunError.self) { try producer.flush() }
        }
    }

    @Test func producingToAMissingTopicFailsWithoutCreatingIt() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster(properties: ["message.timeout.ms": "3000"])
            let producer = try cluster.transport.makeProducer()
            let result = LogTestCollector<Result<RecordMetadata, StreamrunError>>()
            producer.produce(OutgoingRecord(topic: "never-created", partition: 0, key: nil, value: nil, timestamp: 1)) {
                result.append($0)
            }
            try producer.flush()
            #expect(result.items.count == 1)
            #expect(result.items.allSatisfy { if case .failure = $0 { true } else { false } })
            #expect(try cluster.transport.partitionCount(of: "never-created") == nil)
        }
    }
}
