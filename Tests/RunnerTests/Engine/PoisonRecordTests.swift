import Foundation
import Plugins
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunStores

/// Records whose results do not fit where they go never stop processing: they go to the
/// dead-letter topic with the reason, the key keeps its last valid value, and other keys flow.
@Suite(.serialized) struct PoisonRecordTests {
    @Test func aSumPastInt32IsDeadLetteredAndTheKeyKeepsItsLastValidValue() async throws {
        let directory = TemporaryDirectory.make()
        let t = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        let big = SellableSemanticsTests.key("POISON", "big")
        let other = SellableSemanticsTests.key("POISON", "other")
        _ = try await t.send("inventory_adjustment", key: big, value: 2_000_000_000)
        #expect(try await t.value("adjustments", big) { $0 == .int(2_000_000_000) } == .int(2_000_000_000))
        _ = try await t.send("inventory_adjustment", key: big, value: 2_000_000_000)
        _ = try await t.send("inventory_adjustment", key: other, value: 7)
        // Other keys keep flowing through the commits that follow.
        #expect(try await t.value("sellable_inventory_store", other) { $0 == .int(7) } == .int(7))
        try await Eventually.wait("the sink topic gets the other key") {
            try t.records("sellable_inventory").contains { $0.key == other && $0.value == .int(7) }
        }
        #expect(try await t.runner.lookup(store: "adjustments", key: big) == .int(2_000_000_000))
        #expect(try await t.runner.lookup(store: "sellable_inventory_store", key: big) == .int(2_000_000_000))
        try await t.stop()  // throws if the stream thread failed
        let letters = try t.deadLetters()
        #expect(letters.count == 1)
        #expect(letters.first?.headers["streamrun.topic"] == "inventory_adjustment")
        #expect(letters.first?.headers["streamrun.error"]?.contains("int32") == true, "\(letters)")
        // A restart is clean and keeps the last valid value.
        let again = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml, directory: directory)
        #expect(try await again.runner.lookup(store: "adjustments", key: big) == .int(2_000_000_000))
        _ = try await again.send("inventory_adjustment", key: big, value: -1)
        #expect(try await again.value("adjustments", big) { $0 == .int(1_999_999_999) } == .int(1_999_999_999))
        try await again.stop()
    }

    @Test func aJoinResultPastItsTypeIsDeadLetteredWhileTheTablesKeepTheirValues() async throws {
        let t = try await RunningTopology.start(yaml: SellableSemanticsTests.yaml)
        let key = SellableSemanticsTests.key("POISON", "join")
        _ = try await t.send("inventory_adjustment", key: key, value: 2_000_000_000)
        _ = try await t.send("inventory_reservation", key: key, value: -2_000_000_000)
        #expect(try await t.value("reservations", key) { $0 == .int(-2_000_000_000) } == .int(-2_000_000_000))
        #expect(try await t.runner.lookup(store: "sellable_inventory_store", key: key) == .int(2_000_000_000))
        try await t.stop()
        #expect(try t.deadLetters().first?.headers["streamrun.topic"] == "inventory_reservation")
    }

    @Test func storesRefuseTheReservedMarkerKey() throws {
        let declaration = StoreDeclaration(
            name: "s", kind: .memory, keyType: .bytes, valueType: .int64,
            changelogTopic: "s-changelog", node: 0)
        let store = StateStore(
            declaration: declaration, valueSerde: try BuiltinPlugins.registry.serde(for: .int64),
            backend: InMemoryStoreBackend())
        #expect(throws: SerdeError.self) { try store.put(CommitMarker.key, .int(1), timestamp: 0) }
        try store.put(Array("ordinary".utf8), .int(1), timestamp: 0)
        #expect(store.dirtyCount == 1)
    }

    @Test func aQueryReadDoesNotPutAStaleValueIntoTheTaskCache() throws {
        let declaration = StoreDeclaration(
            name: "s", kind: .memory, keyType: .string, valueType: .int64,
            changelogTopic: "s-changelog", node: 0)
        let serde = try BuiltinPlugins.registry.serde(for: .int64)
        let backend = InMemoryStoreBackend()
        let store = StateStore(declaration: declaration, valueSerde: serde, backend: backend)
        let key = Array("k".utf8)
        try store.stage(key, try serde.serialize(.int(1)), timestamp: 0)
        backend.didCommit()
        // A query reads the committed value while the task's cache does not hold the key...
        #expect(try store.read(key) == .int(1))
        // ...then the task's commit changes it underneath (and the cache was evicted).
        try store.stage(key, try serde.serialize(.int(2)), timestamp: 0)
        backend.didCommit()
        #expect(try store.get(key) == .int(2))
    }

    @Test func aCraftedMarkerIsRejectedWithoutTrapping() {
        var bytes: [UInt8] = [2]
        for value in [Int64(1), 0, 1, Int64.max] { BigEndian.append(value, to: &bytes) }  // a topic "length" of Int64.max
        #expect(bytes.withUnsafeBytes { CommitMarker($0) } == nil)
        var negative: [UInt8] = [2]
        for value in [Int64(1), 0, -5] { BigEndian.append(value, to: &negative) }
        #expect(negative.withUnsafeBytes { CommitMarker($0) } == nil)
    }

    @Test func markersRoundTripWithOrigins() {
        let marker = CommitMarker(
            sequence: 9, coverageStart: 3, positions: [TopicPartition("t", 1): 5],
            origins: [
                OriginKey(
                    input: TopicPartition("app-x-repartition", 1),
                    source: RecordOrigin.source(of: TopicPartition("t", 2))):
                    OriginPosition(offset: 40, index: 2)
            ])
        #expect(marker.encoded().withUnsafeBytes { CommitMarker($0) } == marker)
    }
}
