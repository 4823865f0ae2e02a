import Foundation
@testable import Runner
import Testing
import TopologyDSL

/// A restore from an empty state directory after the changelogs were compacted (only the newest
/// record per key left, the newest commit marker among them) yields exactly the state before.
@Suite(.serialized) struct CompactedRestoreTests {
    static let adjustments = "sellableInventoryCalculator-adjustments-changelog"

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
        for key in keys { sellable[key] = try t.runner.lookup(store: "sellable_inventory_store", key: key) }
        try await t.stop()

        let reports = try t.log.compactNow(rollingActiveSegments: true)
        let adjustmentReports = reports.filter { $0.topicPartition.topic == Self.adjustments }
        #expect(adjustmentReports.contains { $0.recordsAfter < $0.recordsBefore }, "\(reports)")
        try FileManager.default.removeItem(atPath: "\(directory)/state")

        let again = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        for key in keys {
            #expect(try again.runner.lookup(store: "adjustments", key: key) == .int(expected[key]!), "\(key)")
            #expect(try again.runner.lookup(store: "sellable_inventory_store", key: key) == sellable[key]!, "\(key)")
        }
        #expect(try again.runner.lookup(store: "reservations", key: keys[0]) == .int(3))
        // The restored input offsets hold too: nothing is applied twice, and new input counts once.
        _ = try await again.send("inventory_adjustment", key: keys[1], value: 100)
        let next = Value.int(expected[keys[1]]! + 100)
        #expect(try await again.value("adjustments", keys[1]) { $0 == next } == next)
        try await again.stop()
    }
}
