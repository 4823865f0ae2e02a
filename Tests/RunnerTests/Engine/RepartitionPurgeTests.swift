import Foundation
import Plugins
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// Committed records of repartition topics are deleted from the log (Kafka Streams' purge), so a
/// re-keying topology's disk use stays bounded; the state they fed stays exact.
@Suite struct RepartitionPurgeTests {
    static let repartitions = (Int32(0)..<2).map { TopicPartition(RepartitionOriginTests.repartition, $0) }

    @Test func committedRepartitionRecordsAreDeletedAndTheStateSurvivesARestoreWithoutThem() async throws {
        let directory = TemporaryDirectory.make()
        var t = try await RunningTopology.start(yaml: RepartitionOriginTests.yaml, directory: directory) {
            $0.repartitionPurgeIntervalMs = 0
        }
        for (i, account) in ["ann", "bob", "ann", "cy", "bob", "ann"].enumerated() {
            _ = try await t.send(
                "payments", key: .string("p\(i)"), value: RepartitionOriginTests.payment(account, Int64(i + 1)))
        }
        #expect(try await t.value("balances", "ann") { $0 == .int(10) } == .int(10))
        let log = t.log
        try await Eventually.wait("repartition records purged", seconds: 30) {
            let ends = try Self.repartitions.map { try log.endOffset(of: $0) }
            let starts = try Self.repartitions.map { try log.startOffset(of: $0) }
            return ends.reduce(0, +) == 6 && starts == ends
        }
        #expect(try t.records(RepartitionOriginTests.repartition).isEmpty)
        try await t.stop()

        // A new instance without local state restores from the changelog alone and counts on.
        try FileManager.default.removeItem(atPath: "\(directory)/state")
        t = try await RunningTopology.start(yaml: RepartitionOriginTests.yaml, directory: directory) {
            $0.repartitionPurgeIntervalMs = 0
        }
        #expect(try await t.runner.lookup(store: "balances", key: "bob") == .int(7))
        _ = try await t.send("payments", key: "p9", value: RepartitionOriginTests.payment("ann", 100))
        #expect(try await t.value("balances", "ann") { $0 == .int(110) } == .int(110))
        #expect(try await t.runner.lookup(store: "balances", key: "cy") == .int(4))
        try await t.stop()
    }

    @Test func theRepartitionTopicKeepsItsRecordsUntilTheyArePurged() throws {
        let graph = try TopologyLoader(plugins: BuiltinPlugins.registry).load(
            yaml: RepartitionOriginTests.yaml, file: "test.yaml")
        #expect(graph.repartitionTopics.map(\.name) == [RepartitionOriginTests.repartition])
        #expect(graph.repartitionTopics.map(\.retentionMs) == [-1])
    }

    @Test func aPurgeAsksOncePerIntervalForWhatCommitsMadeUnneeded() throws {
        let graph = try TopologyLoader(plugins: BuiltinPlugins.registry).load(
            yaml: RepartitionOriginTests.yaml, file: "test.yaml")
        let second: UInt64 = 1_000_000_000
        var purge = RepartitionPurge(graph: graph, intervalMs: 30_000, now: 0)
        let (p0, p1) = (Self.repartitions[0], Self.repartitions[1])
        let input = TopicPartition("payments", 0)
        #expect(purge.committed([p0: 4, input: 9], now: 10 * second) == nil)  // not yet due
        #expect(purge.committed([p1: 2], now: 31 * second) == [p0: 4, p1: 2])  // input topics are never purged
        // That purge failed: what it asked for stays due, with what was committed since.
        #expect(purge.committed([p0: 6], now: 62 * second) == [p0: 6, p1: 2])
        purge.deleted([p0: 6, p1: 2])
        #expect(purge.committed([p0: 6], now: 93 * second) == nil)  // nothing new
        #expect(purge.committed([p1: 3], now: 94 * second) == [p1: 3])
        purge.deleted([p1: 3])
        #expect(purge.committed([p0: 8], now: 100 * second) == nil)  // new, but within the interval
        #expect(purge.committed([:], now: 124 * second) == [p0: 8])
    }
}
