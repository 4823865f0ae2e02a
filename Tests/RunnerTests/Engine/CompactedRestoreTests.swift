import Foundation
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// A restore from an empty state directory after the changelogs were compacted (only the newest
/// record per key left, the newest commit marker among them) yields exactly the state before.
@Suite(.serialized) struct CompactedRestoreTests {
    static let adjustments = "sellableInventoryCalculator-adjustments-changelog"

    /// How many commit markers each partition of the adjustments changelog holds.
    static func markers(_ t: RunningTopology, partitions: Int32) throws -> [Int] {
        try (0..<partitions).map { p in
            let partition = TopicPartition(adjustments, p)
            let consumer = try t.log.makeConsumer(group: nil)
            defer { consumer.close() }
            consumer.assign([partition: 0])
            var count = 0
            var seen: Int64 = 0
            let end = try t.log.endOffset(of: partition)
            while seen < end {
                let batches = try consumer.poll(maxRecords: 1000, timeoutMs: 200)
                if batches.isEmpty { break }
                for batch in batches {
                    batch.forEach { view in if CommitMarker.isMarker(view.key) { count += 1 } }
                    seen = batch.nextOffset
                }
            }
            return count
        }
    }

    @Test func aRestoreFromEmptyStateAfterCompactionYieldsTheSameState() async throws {
        let directory = TemporaryDirectory.make()
        let t = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        let keys = (0..<12).map { SellableSemanticsTests.key("COMPACT", "k\($0)") }
        var expected: [Value: Int64] = [:]
        // Several commits: every key is updated in each round, and waited for, so the changelogs
        // hold one record per key per round and a marker per commit.
        for round in 1...4 {
            for (index, key) in keys.enumerated() where round == 1 || index % round != 0 {
                _ = try await t.send("inventory_adjustment", key: key, value: .int(Int64(round)))
                expected[key, default: 0] += Int64(round)
            }
            for key in keys {
                let want = Value.int(expected[key] ?? 0)
                #expect(try await t.value("adjustments", key) { $0 == want } == want)
            }
            try await Task.sleep(for: .milliseconds(60))  // past the 20 ms commit interval
        }
        _ = try await t.send("inventory_reservation", key: keys[0], value: 3)
        #expect(try await t.value("sellable_inventory_store", keys[0]) { $0 == .int(expected[keys[0]]! - 3) } != nil)
        var sellable: [Value: Value?] = [:]
        for key in keys { sellable[key] = try await t.runner.lookup(store: "sellable_inventory_store", key: key) }
        try await t.stop()

        // Several commits reached each changelog partition, so compaction has markers to remove.
        #expect(try Self.markers(t, partitions: 3).allSatisfy { $0 >= 4 })
        let reports = try t.log.compactNow(rollingActiveSegments: true)
        let adjustmentReports = reports.filter { $0.topicPartition.topic == Self.adjustments }
        #expect(adjustmentReports.contains { $0.recordsAfter < $0.recordsBefore }, "\(reports)")
        try FileManager.default.removeItem(atPath: "\(directory)/state")

        let again = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        for key in keys {
            #expect(try await again.runner.lookup(store: "adjustments", key: key) == .int(expected[key]!), "\(key)")
            #expect(
                try await again.runner.lookup(store: "sellable_inventory_store", key: key) == sellable[key]!, "\(key)")
        }
        #expect(try await again.runner.lookup(store: "reservations", key: keys[0]) == .int(3))
        // The restored input offsets hold too: nothing is applied twice, and new input counts once.
        _ = try await again.send("inventory_adjustment", key: keys[1], value: 100)
        let next = Value.int(expected[keys[1]]! + 100)
        #expect(try await again.value("adjustments", keys[1]) { $0 == next } == next)
        try await again.stop()
    }
}

/// A task whose local state is behind because it ran elsewhere meanwhile restores from its own
/// checkpoint even when the markers of the commits in between were compacted away.
@Suite(.serialized) struct CompactedCheckpointRestoreTests {
    @Test func aLocalCheckpointRestoreAppliesCommitsWhoseMarkersWereCompactedAway() async throws {
        let (directory, old, key, marker, partition) = try await CrashRecoveryTests().prepare()
        let serde = try #require(old.runner.serdes(of: "inventory_adjustment")).key
        var other: [UInt8]?
        for i in 0..<200 where other == nil {
            let bytes = try serde.serialize(SellableSemanticsTests.key("STL", "other\(i)"))
            if Murmur2Partitioner.partition(of: bytes, partitions: 3) == partition { other = bytes }
        }
        let otherKey = try #require(other)
        let changelog = TopicPartition(CompactedRestoreTests.adjustments, partition)
        // Commits N+1 and N+2 ran on another instance: N+1 changed the key, N+2 another one.
        let producer = try old.log.makeProducer()
        func append(_ key: [UInt8], _ value: [UInt8]) throws {
            producer.produce(
                OutgoingRecord(topic: changelog.topic, partition: partition, key: key, value: value, timestamp: 0),
                delivery: nil)
            try producer.flush()
        }
        let first = try old.log.endOffset(of: changelog)
        try append(key, [0, 0, 0, 111])
        try append(
            CommitMarker.key,
            CommitMarker(
                sequence: marker.sequence + 1, coverageStart: first,
                positions: marker.positions
            ).encoded())
        let second = try old.log.endOffset(of: changelog)
        try append(otherKey, [0, 0, 0, 222])
        try append(
            CommitMarker.key,
            CommitMarker(
                sequence: marker.sequence + 2, coverageStart: second,
                positions: marker.positions
            ).encoded())
        _ = try old.log.compactNow(rollingActiveSegments: true)  // marker N+1 is gone

        let topology = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        #expect(try await topology.runner.lookup(store: "adjustments", key: CrashRecoveryTests.key) == .int(111))
        try await topology.stop()
    }
}
