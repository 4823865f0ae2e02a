import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunKafka

@Suite("Kafka transport: consumer groups", .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct KafkaGroupTests {
    @Test func subscribeAssignsEveryPartitionOnThePollingThreadAndCommits() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            try cluster.transport.createTopics([
                TopicSpec(name: "x", partitions: 3), TopicSpec(name: "y", partitions: 1),
            ])
            let producer = try cluster.transport.makeProducer()
            for i in 0..<30 {
                producer.produce(
                    OutgoingRecord(
                        topic: i < 27 ? "x" : "y", partition: Int32(i < 27 ? i % 3 : 0), key: nil,
                        value: kafkaBytes("\(i)"), timestamp: 1), delivery: nil)
            }
            try producer.flush()

            let listener = KafkaTestListener()
            let consumer = try cluster.transport.makeConsumer(group: "app")
            let all = kafkaPartitions("x", 3) + kafkaPartitions("y", 1)
            #expect(try consumer.committed(all[0]) == nil)
            consumer.subscribe(["x", "y"], listener: listener)
            var started = Date()
            let records = try drainKafka(consumer, count: 30, timeout: 20)
            cluster.note("first assignment and 30 records after \(Date().timeIntervalSince(started)) s")
            #expect(records.count == 30)
            #expect(listener.events.items == [.assigned(all)])
            #expect(listener.threads.items == [pthread_self()])
            #expect((consumer as? KafkaConsumer)?.assignedPartitions == all)

            try consumer.commit([all[0]: 4, all[3]: 3])
            #expect(try consumer.committed(all[0]) == 4)
            #expect(try consumer.committed(all[3]) == 3)
            #expect(try consumer.committed(all[1]) == nil)
            started = Date()
            consumer.close()
            cluster.note("closed after \(Date().timeIntervalSince(started)) s")
            // The group's offsets are seen by another member of the group.
            let other = try cluster.transport.makeConsumer(group: "app")
            #expect(try other.committed(all[0]) == 4)
            #expect(try cluster.transport.makeConsumer(group: "another").committed(all[0]) == nil)
        }
    }

    @Test(arguments: ["cooperative-sticky", "range"])
    func aSecondMemberSplitsTheAssignmentAfterARevocation(strategy: String) async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster(assignmentStrategy: strategy)
            let all = kafkaPartitions("split", 4)
            try cluster.transport.createTopics([TopicSpec(name: "split", partitions: 4)])
            let first = try cluster.transport.makeConsumer(group: "pair")
            let firstListener = KafkaTestListener()
            let commitErrors = LogTestCollector<String>()
            firstListener.onRevoked = { partitions in  // commit what was processed, as a runner does
                do { try first.commit(Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(0)) })) } catch {
                    commitErrors.append("\(error)")
                }
            }
            first.subscribe(["split"], listener: firstListener)
            var started = Date()
            #expect(try pollKafka([first], timeout: 20) { firstListener.held == Set(all) })
            cluster.note("first member assigned after \(Date().timeIntervalSince(started)) s")

            let second = try cluster.transport.makeConsumer(group: "pair")
            let secondListener = KafkaTestListener()
            second.subscribe(["split"], listener: secondListener)
            started = Date()
            let split = try pollKafka([first, second], timeout: 30) {
                let a = firstListener.held
                let b = secondListener.held
                return !a.isEmpty && !b.isEmpty && a.isDisjoint(with: b) && a.union(b) == Set(all)
            }
            cluster.note(
                "\(strategy): split after \(Date().timeIntervalSince(started)) s: \(firstListener.events.items) / \(secondListener.events.items)"
            )
            #expect(split)
            #expect(firstListener.events.items.contains { if case .revoked = $0 { true } else { false } })
            #expect(Set(firstListener.threads.items).count == 1 && Set(secondListener.threads.items).count == 1)
            #expect(commitErrors.items.isEmpty)

            // When the second member leaves, the first gets everything back.
            second.close()
            started = Date()
            #expect(try pollKafka([first], timeout: 20) { firstListener.held == Set(all) })
            cluster.note(
                "\(strategy): all back to the first member \(Date().timeIntervalSince(started)) s after the other left")
            first.close()
        }
    }
}
