import Foundation
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// Restores after crashes in the middle of a commit, reproduced by writing what a crashed commit
/// would have left in the changelogs and then losing the local state.
@Suite(.serialized) struct CrashRecoveryTests {
    static let key = SellableSemanticsTests.key("STL", "crash")

    /// Runs sellable to adjust 70 / reserve 20, stops cleanly, and returns the directory and the
    /// encoded key plus the last commit marker of the adjustments changelog.
    func prepare() async throws -> (
        directory: String, topology: RunningTopology, key: [UInt8], marker: CommitMarker, partition: Int32
    ) {
        let directory = TemporaryDirectory.make()
        let topology = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        _ = try await topology.send("inventory_adjustment", key: Self.key, value: 70)
        _ = try await topology.send("inventory_reservation", key: Self.key, value: 20)
        _ = try await topology.value("sellable_inventory_store", Self.key) { $0 == .int(50) }
        try await topology.stop()
        let keyBytes = try #require(topology.runner.serdes(of: "inventory_adjustment")).key.serialize(Self.key)
        let partition = Murmur2Partitioner.partition(of: keyBytes, partitions: 3)
        let changelog = "sellableInventoryCalculator-adjustments-changelog"
        var marker: CommitMarker?
        let consumer = try topology.log.makeConsumer(group: nil)
        consumer.assign([TopicPartition(changelog, partition): 0])
        for batch in try consumer.poll(maxRecords: 1000, timeoutMs: 500) {
            batch.forEach { view in
                if CommitMarker.isMarker(view.key), let value = view.value { marker = CommitMarker(value) }
            }
        }
        consumer.close()
        return (directory, topology, keyBytes, try #require(marker), partition)
    }

    func append(_ topology: RunningTopology, _ store: String, _ partition: Int32, key: [UInt8], value: [UInt8]) throws {
        let producer = try topology.log.makeProducer()
        producer.produce(
            OutgoingRecord(
                topic: "sellableInventoryCalculator-\(store)-changelog", partition: partition,
                key: key, value: value, timestamp: 0), delivery: nil)
        try producer.flush()
    }

    @Test func recordsOfACommitWithoutMarkersAreNotRestored() async throws {
        let (directory, old, key, _, partition) = try await prepare()
        // The crashed commit wrote its changelog records but no marker.
        try append(old, "adjustments", partition, key: key, value: [0, 0, 3, 231])
        try append(old, "sellable_inventory_store", partition, key: key, value: [0, 0, 3, 211])
        try FileManager.default.removeItem(atPath: "\(directory)/state")
        let topology = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        #expect(try await topology.runner.lookup(store: "adjustments", key: Self.key) == .int(70))
        #expect(try await topology.runner.lookup(store: "sellable_inventory_store", key: Self.key) == .int(50))
        _ = try await topology.send("inventory_adjustment", key: Self.key, value: 1)
        #expect(try await topology.value("sellable_inventory_store", Self.key) { $0 == .int(51) } == .int(51))
        try await topology.stop()
    }

    @Test func aCommitWhoseMarkerReachedOneChangelogIsCompletedInAll() async throws {
        let (directory, old, key, marker, partition) = try await prepare()
        // Commit N+1 wrote all its records, then a marker reached the adjustments changelog only.
        let start = try old.log.endOffset(
            of: TopicPartition("sellableInventoryCalculator-adjustments-changelog", partition))
        try append(old, "adjustments", partition, key: key, value: [0, 0, 0, 80])
        try append(old, "sellable_inventory_store", partition, key: key, value: [0, 0, 0, 60])
        let next = CommitMarker(sequence: marker.sequence + 1, coverageStart: start, positions: marker.positions)
        try append(old, "adjustments", partition, key: CommitMarker.key, value: next.encoded())
        try FileManager.default.removeItem(atPath: "\(directory)/state")
        let topology = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        #expect(try await topology.runner.lookup(store: "adjustments", key: Self.key) == .int(80))
        #expect(try await topology.runner.lookup(store: "sellable_inventory_store", key: Self.key) == .int(60))
        try await topology.stop()
        // The restore wrote the missing marker, so a second restore from scratch agrees.
        try FileManager.default.removeItem(atPath: "\(directory)/state")
        let again = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        #expect(try await again.runner.lookup(store: "sellable_inventory_store", key: Self.key) == .int(60))
        try await again.stop()
    }

    @Test func localStateResumesFromItsOwnOffsetsWithoutReplayingChangelogs() async throws {
        let (directory, old, key, _, partition) = try await prepare()
        // A record after the local checkpoint without a marker is ignored when the state is kept, too.
        try append(old, "adjustments", partition, key: key, value: [0, 0, 3, 231])
        let topology = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        #expect(try await topology.runner.lookup(store: "adjustments", key: Self.key) == .int(70))
        try await topology.stop()
    }

    @Test func markersRoundTrip() throws {
        let marker = CommitMarker(
            sequence: 42, coverageStart: 7,
            positions: [TopicPartition("a", 1): 10, TopicPartition("b", 0): 3])
        let decoded = marker.encoded().withUnsafeBytes { CommitMarker($0) }
        #expect(decoded == marker)
        #expect(Array("x".utf8).withUnsafeBytes { CommitMarker($0) } == nil)
    }
}

/// A store kept in memory is rebuilt from its changelog at every start.
@Suite(.serialized) struct InMemoryStoreTests {
    static let yaml = """
        application: memory
        topics:
          counts_in: { partitions: 2, key: string, value: int32 }
        tables:
          totals: { from: counts_in, reduce: "aggregate + value", store-type: memory }
        """

    @Test func isRestoredFromItsChangelogAfterARestart() async throws {
        let directory = TemporaryDirectory.make()
        var topology = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        _ = try await topology.send("counts_in", key: "k", value: 5)
        _ = try await topology.send("counts_in", key: "k", value: 6)
        #expect(try await topology.value("totals", "k") { $0 == .int(11) } == .int(11))
        try await topology.stop()
        topology = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        #expect(try await topology.runner.lookup(store: "totals", key: "k") == .int(11))
        _ = try await topology.send("counts_in", key: "k", value: 1)
        #expect(try await topology.value("totals", "k") { $0 == .int(12) } == .int(12))
        try await topology.stop()
    }

    @Test func anOrphanedCommitIsNeverAppliedAcrossTwoQuickRestarts() async throws {
        let directory = TemporaryDirectory.make()
        var topology = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        _ = try await topology.send("counts_in", key: "k", value: 5)
        #expect(try await topology.value("totals", "k") { $0 == .int(5) } == .int(5))
        try await topology.stop()
        // A commit cut short by a crash left a record for a key that never existed, and no marker,
        // in the changelog partition of "k".
        let partition = Murmur2Partitioner.partition(of: Array("k".utf8), partitions: 2)
        let ghost = try #require(
            (0..<50).map { "ghost\($0)" }.first {
                Murmur2Partitioner.partition(of: Array($0.utf8), partitions: 2) == partition
            })
        let producer = try topology.log.makeProducer()
        producer.produce(
            OutgoingRecord(
                topic: "memory-totals-changelog", partition: partition, key: Array(ghost.utf8),
                value: [0, 0, 3, 231], timestamp: 0), delivery: nil)
        try producer.flush()
        topology = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        #expect(try await topology.runner.lookup(store: "totals", key: .string(ghost)) == nil)
        // A commit of that task follows, then a second restart rebuilds the store again.
        _ = try await topology.send("counts_in", key: "k", value: 1)
        #expect(try await topology.value("totals", "k") { $0 == .int(6) } == .int(6))
        try await topology.stop()
        // Compaction keeps only the newest record per key: the orphan survives unless the restore
        // overwrote it, and the markers before the newest are gone.
        _ = try topology.log.compactNow(rollingActiveSegments: true)
        topology = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        #expect(try await topology.runner.lookup(store: "totals", key: .string(ghost)) == nil)
        #expect(try await topology.runner.lookup(store: "totals", key: "k") == .int(6))
        try await topology.stop()
    }
}
