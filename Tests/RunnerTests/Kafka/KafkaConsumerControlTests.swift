import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine

@Suite("Kafka transport: wakeup, seek, close", .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct KafkaConsumerControlTests {
    @Test func wakeupEndsABlockedPoll() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([TopicSpec(name: "quiet", partitions: 1)])
            let consumer = try cluster.transport.makeConsumer(group: nil)
            consumer.assign([TopicPartition("quiet", 0): 0])
            // A wakeup before the poll makes it return at once.
            consumer.wakeup()
            var started = Date()
            #expect(try consumer.poll(maxRecords: 10, timeoutMs: 10_000).isEmpty)
            #expect(Date().timeIntervalSince(started) < 2)
            // That poll served the wakeup: the next one waits its full timeout.
            started = Date()
            #expect(try consumer.poll(maxRecords: 10, timeoutMs: 300).isEmpty)
            #expect(Date().timeIntervalSince(started) >= 0.25)
            // From another thread, while the poll blocks.
            Thread {
                Thread.sleep(forTimeInterval: 0.3)
                consumer.wakeup()
            }.start()
            started = Date()
            #expect(try consumer.poll(maxRecords: 10, timeoutMs: 10_000).isEmpty)
            let waited = Date().timeIntervalSince(started)
            #expect(waited >= 0.25 && waited < 3, "poll returned after \(waited) s")
        }
    }

    @Test func wakeupEndsAPollOfAGroupMemberAndCloseWaitsForIt() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([TopicSpec(name: "quiet", partitions: 1)])
            let consumer = try cluster.transport.makeConsumer(group: "sleepy")
            consumer.subscribe(["quiet"], listener: KafkaTestListener())
            let done = LogTestCollector<Double>()
            let started = Date()
            Thread {
                _ = try? consumer.poll(maxRecords: 10, timeoutMs: 20_000)
                done.append(Date().timeIntervalSince(started))
            }.start()
            Thread.sleep(forTimeInterval: 0.5)
            consumer.wakeup()
            let deadline = Date(timeIntervalSinceNow: 5)
            while done.items.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            #expect((done.items.first ?? 99) < 2.5, "the poll ended after \(done.items) s")
            consumer.close()
        }
    }

    @Test func seekMovesTheReadPositionAndASeekDuringAssignmentSetsTheStart() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([TopicSpec(name: "s", partitions: 1)])
            let producer = try cluster.transport.makeProducer()
            for i in 0..<10 {
                producer.produce(
                    OutgoingRecord(topic: "s", partition: 0, key: nil, value: kafkaBytes("\(i)"), timestamp: 1),
                    delivery: nil)
            }
            try producer.flush()
            let partition = TopicPartition("s", 0)
            let reader = try cluster.transport.makeConsumer(group: nil)
            reader.assign([partition: 0])
            #expect(try drainKafka(reader, count: 10).map(\.offset) == Array(0..<10))
            reader.seek(partition, to: 7)
            #expect(try drainKafka(reader, count: 3).map(\.offset) == [7, 8, 9])

            // A group member whose listener seeks (as a task restoring its own offsets would).
            let member = try cluster.transport.makeConsumer(group: "seeker")
            try member.commit([partition: 2])
            let listener = KafkaTestListener()
            listener.onAssigned = { partitions in
                for partition in partitions { member.seek(partition, to: 5) }
            }
            member.subscribe(["s"], listener: listener)
            #expect(try drainKafka(member, count: 5, timeout: 20).map(\.offset) == [5, 6, 7, 8, 9])
            member.close()
        }
    }
}

@Suite("Kafka transport: a lost broker", .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct KafkaBrokerLossTests {
    @Test func errorsAreReportedNotFatal() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster(properties: ["message.timeout.ms": "1000"], requestTimeoutMs: 1_000)
            try cluster.transport.createTopics([TopicSpec(name: "t", partitions: 1)])
            let producer = try cluster.transport.makeProducer()
            _ = try produceKafka(
                producer, [OutgoingRecord(topic: "t", partition: 0, key: nil, value: [1], timestamp: 1)])
            let consumer = try cluster.transport.makeConsumer(group: nil)
            consumer.assign([TopicPartition("t", 0): 0])
            #expect(try drainKafka(consumer, count: 1).count == 1)

            cluster.broker.stop()
            let started = Date()
            let reports = LogTestCollector<Result<RecordMetadata, StreamrunError>>()
            producer.produce(OutgoingRecord(topic: "t", partition: 0, key: nil, value: [2], timestamp: 2)) {
                reports.append($0)
            }
            try producer.flush()  // the failure goes to the record's callback
            #expect(reports.items.count == 1)
            #expect(reports.items.allSatisfy { if case .failure = $0 { true } else { false } })
            #expect(Date().timeIntervalSince(started) < 5)
            #expect(try consumer.poll(maxRecords: 10, timeoutMs: 200).isEmpty)
            #expect(throws: StreamrunError.self) { try cluster.transport.endOffset(of: TopicPartition("t", 0)) }
            #expect(throws: StreamrunError.self) {
                try cluster.transport.createTopics([TopicSpec(name: "u", partitions: 1)])
            }
            #expect(cluster.logs.items.contains { $0.contains("Connect to") || $0.contains("Disconnected") })
            cluster.note("errors seen after \(Date().timeIntervalSince(started)) s")
            consumer.close()
            producer.close()
            cluster.note("closed after \(Date().timeIntervalSince(started)) s")
        }
    }
}
