import Foundation
import Logging
import Plugins
import ServiceLifecycle
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunKafka

/// A member the group moved on without: its partitions are lost (not revoked), a commit the group
/// refuses is not fatal, and the tasks it lost write nothing. On librdkafka's mock cluster, whose
/// answers a test can make fail.
@Suite(.serialized) struct GroupMembershipLossTests {
    @Test func aMemberExpelledFromTheGroupHearsItsPartitionsWereLostNotRevoked() async throws {
        try await onKafkaThread {
            let mock = try KafkaMockCluster(log: { _ in })
            try mock.createTopic("lost", partitions: 2)
            let transport = try KafkaTransport(configuration: kafkaTestConfiguration(mock.bootstrapServers))
            let consumer = try transport.makeConsumer(group: "lost-app")
            let listener = KafkaTestListener()
            consumer.subscribe(["lost"], listener: listener)
            let deadline = Date().addingTimeInterval(30)
            while listener.held.isEmpty && Date() < deadline { _ = try consumer.poll(maxRecords: 10, timeoutMs: 100) }
            #expect(listener.held == Set(kafkaPartitions("lost", 2)))
            #expect(consumer.groupGeneration != nil)
            // The coordinator no longer knows the member: its next heartbeats say so.
            mock.failNext(.heartbeat, count: 3, with: .unknownMember)
            while !listener.events.items.contains(where: { if case .lost = $0 { true } else { false } })
                && Date() < deadline
            {
                _ = try consumer.poll(maxRecords: 10, timeoutMs: 100)
            }
            #expect(listener.events.items.contains(.lost(kafkaPartitions("lost", 2))), "\(listener.events.items)")
            #expect(!listener.events.items.contains { if case .revoked = $0 { true } else { false } })
            consumer.close()
        }
    }

    @Test func aCommitTheGroupRefusesDuringARebalanceSaysTheMemberIsNotInTheGroup() async throws {
        try await onKafkaThread {
            let mock = try KafkaMockCluster(log: { _ in })
            try mock.createTopic("refused", partitions: 1)
            let transport = try KafkaTransport(configuration: kafkaTestConfiguration(mock.bootstrapServers))
            let consumer = try transport.makeConsumer(group: "refused-app")
            let listener = KafkaTestListener()
            consumer.subscribe(["refused"], listener: listener)
            let deadline = Date().addingTimeInterval(30)
            while listener.held.isEmpty && Date() < deadline { _ = try consumer.poll(maxRecords: 10, timeoutMs: 100) }
            mock.failNext(.offsetCommit, count: 1, with: .rebalanceInProgress)
            #expect {
                try consumer.commit([TopicPartition("refused", 0): 1])
            } throws: { ($0 as? StreamrunError)?.code == .notMember }
            try consumer.commit([TopicPartition("refused", 0): 1])
            #expect(try consumer.committed(TopicPartition("refused", 0)) == 1)
            consumer.close()
        }
    }

    @Test func aCommitRefusedDuringARebalanceDoesNotStopTheRunner() async throws {
        let t = try MockClusterRunner()
        try await t.ready()
        try await t.add("a", 1)
        #expect(try await t.total("a", becomes: 1))
        t.mock.failNext(.offsetCommit, count: 2, with: .rebalanceInProgress)
        try await t.add("a", 2)
        #expect(try await t.total("a", becomes: 3))
        try await Task.sleep(for: .milliseconds(300))  // several commit intervals: the refusals are used up
        try await t.add("a", 4)
        #expect(try await t.total("a", becomes: 7))
        #expect(t.runner.notReadyReason == nil)
        try await t.stop()
    }

    @Test func tasksOfLostPartitionsReopenWithANewEpochAndCountEverythingOnce() async throws {
        let t = try MockClusterRunner()
        try await t.ready()
        for key in ["a", "b", "c"] { try await t.add(key, 1) }
        for key in ["a", "b", "c"] { #expect(try await t.total(key, becomes: 1)) }
        let before = try t.fenceEpochs()
        #expect(before.map(\.count) == [2, 2], "\(before)")  // two fences per changelog partition at the first open
        t.mock.failNext(.heartbeat, count: 3, with: .unknownMember)
        try await Eventually.wait("tasks reopened after the loss", seconds: 60) {
            (try? t.fenceEpochs().allSatisfy { $0.count >= 4 }) ?? false
        }
        try await Eventually.wait("runner ready again", seconds: 60) { t.runner.isReady }
        // Each reopening took an epoch above every earlier writer's.
        for (old, new) in zip(before, try t.fenceEpochs()) {
            #expect(new.dropFirst(old.count).allSatisfy { $0 > old.max()! }, "\(old) then \(new)")
        }
        for key in ["a", "b", "c"] { try await t.add(key, 10) }
        for key in ["a", "b", "c"] { #expect(try await t.total(key, becomes: 11)) }
        try await t.stop()
    }
}
