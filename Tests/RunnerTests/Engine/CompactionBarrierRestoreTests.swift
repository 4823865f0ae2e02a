import Foundation
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// Compaction between a crash and the restore (the background cleaner starts when the log opens,
/// or `streamrun log compact` right after a kill) must not let the records of a commit cut short
/// remove the committed values before them: the runner's log stops compacting at each changelog
/// partition's newest commit marker.
@Suite(.serialized) struct CompactionBarrierRestoreTests {
    static let key = CrashRecoveryTests.key

    @Test func anOrphanCompactedBeforeTheRestoreDoesNotReplaceTheCommittedValue() async throws {
        let recovery = CrashRecoveryTests()
        let (directory, old, key, _, partition) = try await recovery.prepare()
        // A commit cut short by a crash wrote the key's records after the last marker, and no marker.
        try recovery.append(old, "adjustments", partition, key: key, value: [0, 0, 3, 231])
        try recovery.append(old, "sellable_inventory_store", partition, key: key, value: [0, 0, 3, 211])
        // Compaction runs before any restore, over every record (`streamrun log compact` does this).
        _ = try old.log.compactNow(rollingActiveSegments: true)
        try FileManager.default.removeItem(atPath: "\(directory)/state")

        let topology = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        #expect(try await topology.runner.lookup(store: "adjustments", key: Self.key) == .int(70))
        #expect(try await topology.runner.lookup(store: "sellable_inventory_store", key: Self.key) == .int(50))
        _ = try await topology.send("inventory_adjustment", key: Self.key, value: 1)
        #expect(try await topology.value("sellable_inventory_store", Self.key) { $0 == .int(51) } == .int(51))
        try await topology.stop()

        // The restore overwrote the orphans and appended a marker: now everything compacts, and a
        // second restore from scratch agrees.
        _ = try topology.log.compactNow(rollingActiveSegments: true)
        try FileManager.default.removeItem(atPath: "\(directory)/state")
        let again = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        #expect(try await again.runner.lookup(store: "adjustments", key: Self.key) == .int(71))
        #expect(try await again.runner.lookup(store: "sellable_inventory_store", key: Self.key) == .int(51))
        try await again.stop()
    }
}
