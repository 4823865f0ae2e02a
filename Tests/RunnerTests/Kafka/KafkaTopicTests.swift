import Foundation
import Testing
@testable import Runner

@Suite("Kafka transport: topics, configuration", .enabled(if: TansuBroker.isAvailable, TansuBroker.unavailableMessage))
struct KafkaTopicTests {
    @Test func createsTopicsWithTheirPartitionCounts() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            let transport = cluster.transport
            #expect(try transport.partitionCount(of: "orders") == nil)
            try transport.createTopics([TopicSpec(name: "orders", partitions: 3),
                                        TopicSpec(name: "app-store-changelog", partitions: 2, compacted: true)])
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
            let error = #expect(throws: TransportError.self) {
                try cluster.transport.createTopics([TopicSpec(name: "fresh", partitions: 1), TopicSpec(name: "orders", partitions: 5)])
            }
            #expect(error?.description == "kafka: topic 'orders' exists with 3 partitions; cannot create it with 5")
            #expect(try cluster.transport.partitionCount(of: "fresh") == nil)  // nothing created
            #expect(throws: TransportError.self) { try cluster.transport.createTopics([TopicSpec(name: "none", partitions: 0)]) }
            #expect(throws: TransportError.self) { try cluster.transport.endOffset(of: TopicPartition("orders", 9)) }
            #expect(throws: TransportError.self) { _ = try cluster.transport.makeConsumer(group: "") }
        }
    }

    @Test func unknownOrInvalidPropertiesAreNamed() throws {
        let unknown = #expect(throws: TransportError.self) {
            _ = try KafkaTransport(configuration: kafkaTestConfiguration("127.0.0.1:1", properties: ["no.such.property": "1"]))
        }
        expect(error: unknown, mentions: "'no.such.property'")
        let invalid = #expect(throws: TransportError.self) {
            _ = try KafkaTransport(configuration: kafkaTestConfiguration("127.0.0.1:1", properties: ["linger.ms": "soon"]))
        }
        expect(error: invalid, mentions: "'linger.ms'")
        #expect(try KafkaConfiguration.parseProperty("fetch.min.bytes = 1=2") == ("fetch.min.bytes", " 1=2"))
        #expect(throws: TransportError.self) { try KafkaConfiguration.parseProperty("novalue") }
        #expect(throws: TransportError.self) { try KafkaConfiguration.parseProperty("=1") }
    }
}

func expect(error: TransportError?, mentions text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(error?.description.contains(text) == true, "\(String(describing: error)) should mention \(text)",
            sourceLocation: sourceLocation)
}
