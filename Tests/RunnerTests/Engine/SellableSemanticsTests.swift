import Foundation
import Runner
import Testing
import TopologyDSL

@Suite(.serialized) struct SellableSemanticsTests {
    static var yaml: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let text =
            (try? String(contentsOf: url.appendingPathComponent("topologies/sellable.yaml"), encoding: .utf8)) ?? ""
        // The schema path is relative to the file; these tests load the text under another name.
        return text.replacingOccurrences(of: "../schemas/", with: url.appendingPathComponent("schemas").path + "/")
    }

    static func key(_ location: String, _ sku: String) -> Value {
        .record(Fields([("location", .string(location)), ("sku", .string(sku))]))
    }

    @Test func sumsAdjustmentsAndSubtractsReservations() async throws {
        let topology = try await RunningTopology.start(yaml: Self.yaml)
        let stl = Self.key("STL", "123123")
        _ = try await topology.send("inventory_adjustment", key: stl, value: 100)
        _ = try await topology.send("inventory_adjustment", key: stl, value: 50)
        #expect(try await topology.value("sellable_inventory_store", stl) { $0 == .int(150) } == .int(150))
        _ = try await topology.send("inventory_reservation", key: stl, value: 10)
        #expect(try await topology.value("sellable_inventory_store", stl) { $0 == .int(140) } == .int(140))
        #expect(try await topology.value("adjustments", stl) { $0 == .int(150) } == .int(150))
        #expect(try await topology.value("reservations", stl) { $0 == .int(10) } == .int(10))
        // Queries read through the record cache; the topic gets the value at the next commit.
        try await Eventually.wait("sink output") {
            try topology.records("sellable_inventory").last { $0.key == stl }?.value == .int(140)
        }
        try await topology.stop()
    }

    @Test func aReservationForAKeyNeverAdjustedEmitsNothing() async throws {
        let topology = try await RunningTopology.start(yaml: Self.yaml)
        let ghost = Self.key("NYC", "none")
        let known = Self.key("NYC", "known")
        _ = try await topology.send("inventory_reservation", key: ghost, value: 5)
        _ = try await topology.send("inventory_adjustment", key: known, value: 1)
        _ = try await topology.value("sellable_inventory_store", known) { $0 == .int(1) }
        let ghostValue = try await topology.runner.lookup(store: "sellable_inventory_store", key: ghost)
        #expect(ghostValue == nil)
        #expect(try await topology.value("reservations", ghost) { $0 == .int(5) } == .int(5))
        #expect(try !topology.records("sellable_inventory").contains { $0.key == ghost })
        // Adjusting it later joins the reservation that was already there.
        _ = try await topology.send("inventory_adjustment", key: ghost, value: 20)
        #expect(try await topology.value("sellable_inventory_store", ghost) { $0 == .int(15) } == .int(15))
        try await topology.stop()
    }

    @Test func theSinkGetsOneRecordPerKeyPerCommit() async throws {
        let topology = try await RunningTopology.start(yaml: Self.yaml, commitIntervalMs: 60_000)
        let key = Self.key("STL", "batch")
        for _ in 0..<50 { _ = try await topology.send("inventory_adjustment", key: key, value: 1) }
        // Processed (not yet committed: the interval is a minute) before the stop's final commit;
        // a stop does not wait for records appended but not polled yet.
        _ = try await topology.value("adjustments", key) { $0 == .int(50) }
        try await topology.stop()
        let out = try topology.records("sellable_inventory").filter { $0.key == key }
        #expect(out.count == 1)
        #expect(out.first?.value == .int(50))
    }

    @Test func stateSurvivesARestartWithoutDoubleCounting() async throws {
        let directory = TemporaryDirectory.make()
        let key = Self.key("STL", "restart")
        var topology = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        _ = try await topology.send("inventory_adjustment", key: key, value: 100)
        _ = try await topology.value("sellable_inventory_store", key) { $0 == .int(100) }
        try await topology.stop()
        topology = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        _ = try await topology.send("inventory_reservation", key: key, value: 10)
        #expect(try await topology.value("sellable_inventory_store", key) { $0 == .int(90) } == .int(90))
        try await topology.stop()
    }

    @Test func storesAreRestoredFromChangelogsWhenTheLocalStateIsLost() async throws {
        let directory = TemporaryDirectory.make()
        let key = Self.key("STL", "lost")
        var topology = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        _ = try await topology.send("inventory_adjustment", key: key, value: 70)
        _ = try await topology.send("inventory_reservation", key: key, value: 20)
        _ = try await topology.value("sellable_inventory_store", key) { $0 == .int(50) }
        try await topology.stop()
        try FileManager.default.removeItem(atPath: "\(directory)/state")
        topology = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        #expect(try await topology.value("sellable_inventory_store", key) { $0 == .int(50) } == .int(50))
        #expect(try await topology.value("adjustments", key) { $0 == .int(70) } == .int(70))
        _ = try await topology.send("inventory_adjustment", key: key, value: 1)
        #expect(try await topology.value("sellable_inventory_store", key) { $0 == .int(51) } == .int(51))
        try await topology.stop()
    }

    @Test func badAvroBytesGoToTheDeadLetterTopicAndProcessingGoesOn() async throws {
        let topology = try await RunningTopology.start(yaml: Self.yaml)
        let bad: [[UInt8]] = [[1, 2, 3], [0, 0, 0, 0, 99, 2, 65]]  // not the wire format; an unknown schema id
        for bytes in bad {
            _ = try await topology.runner.producer.send(
                OutgoingRecord(
                    topic: "inventory_adjustment", partition: 0, key: bytes,
                    value: [0, 0, 0, 1], timestamp: 0))
        }
        let key = Self.key("DLQ", "1")
        _ = try await topology.send("inventory_adjustment", key: key, value: 4)
        #expect(try await topology.value("sellable_inventory_store", key) { $0 == .int(4) } == .int(4))
        #expect(topology.runner.metrics.recordsSkipped.current == 2)
        try await topology.stop()
        let end = try topology.log.endOffset(of: TopicPartition("sellableInventoryCalculator-dead-letters", 0))
        #expect(end == 2)
    }
}
