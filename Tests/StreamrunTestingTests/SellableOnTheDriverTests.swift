import Runner
import StreamrunTesting
import Testing
import TopologyDSL

/// `topologies/sellable.yaml` on the driver: two tables summed per key, left-joined.
@Suite struct SellableOnTheDriverTests {
    @Test func adjustmentsMinusReservationsAreSellableInTheStoreAndTheOutputTopic() throws {
        let driver = try TopologyTestDriver.shipped("sellable.yaml")
        let stl = locationSku("STL", "123123")
        try driver.pipe(topic: "inventory_adjustment", key: stl, value: 100)
        try driver.pipe(topic: "inventory_adjustment", key: stl, value: 50)
        try driver.pipe(topic: "inventory_reservation", key: stl, value: 10)
        #expect(try driver.lookup(store: "sellable_inventory_store", key: stl) == .int(140))
        #expect(try driver.lookup(store: "adjustments", key: stl) == .int(150))
        #expect(try driver.lookup(store: "reservations", key: stl) == .int(10))
        #expect(try driver.store("sellable_inventory_store") == [StoreEntry(key: stl, value: .int(140))])
        let out = try driver.readOutput("sellable_inventory")
        #expect(out.map(\.key) == [stl, stl, stl])
        #expect(out.map(\.value) == [.int(100), .int(150), .int(140)])
        #expect(try driver.readOutput("sellable_inventory").isEmpty)  // read once
        #expect(try driver.deadLetters().isEmpty)
        try driver.close()
    }

    @Test func aReservationForAKeyNeverAdjustedEmitsNothingUntilTheAdjustmentArrives() throws {
        let driver = try TopologyTestDriver.shipped("sellable.yaml")
        let ghost = locationSku("NYC", "ghost")
        try driver.pipe(topic: "inventory_reservation", key: ghost, value: 5)
        #expect(try driver.lookup(store: "sellable_inventory_store", key: ghost) == nil)
        #expect(try driver.lookup(store: "reservations", key: ghost) == .int(5))
        #expect(try driver.readOutput("sellable_inventory").isEmpty)
        try driver.pipe(topic: "inventory_adjustment", key: ghost, value: 20)
        #expect(try driver.readOutput("sellable_inventory").map(\.value) == [.int(15)])
    }

    @Test func anInt32SumOverflowIsADeadLetterWithItsReasonAndTheStoreKeepsItsValue() throws {
        let driver = try TopologyTestDriver.shipped("sellable.yaml")
        let key = locationSku("STL", "big")
        try driver.pipe(topic: "inventory_adjustment", key: key, value: 2_000_000_000)
        try driver.pipe(topic: "inventory_adjustment", key: key, value: 2_000_000_000)
        #expect(try driver.lookup(store: "adjustments", key: key) == .int(2_000_000_000))
        let letters = try driver.deadLetters()
        #expect(letters.count == 1)
        let letter = try #require(letters.first)
        #expect(letter.topic == "inventory_adjustment")
        #expect(letter.offset == 1)
        #expect(letter.key == key)
        #expect(letter.value == .int(2_000_000_000))
        #expect(letter.reason.contains("adjustments"), "\(letter.reason)")
        #expect(letter.reason.contains("4000000000"), "\(letter.reason)")
        // Processing goes on with the next record.
        try driver.pipe(topic: "inventory_adjustment", key: key, value: -1)
        #expect(try driver.lookup(store: "sellable_inventory_store", key: key) == .int(1_999_999_999))
    }

    @Test func recordsTheTopicSerdesCannotReadAreDeadLettersAndProcessingGoesOn() throws {
        let driver = try TopologyTestDriver.shipped("sellable.yaml")
        try driver.pipe(topic: "inventory_adjustment", keyBytes: [1, 2, 3], valueBytes: [0, 0, 0, 1], partition: 0)
        let key = locationSku("DLQ", "1")
        try driver.pipe(topic: "inventory_adjustment", key: key, value: 4)
        #expect(try driver.lookup(store: "sellable_inventory_store", key: key) == .int(4))
        let letters = try driver.deadLetters()
        #expect(letters.map(\.keyBytes) == [[1, 2, 3]])
        #expect(letters.first?.key == nil)  // the key cannot be decoded: that is why it is here
    }

    @Test func theReadmeWalkthroughRunsAsWritten() throws {
        let driver = try TopologyTestDriver(topologyFile: PackageFiles.topology("sellable.yaml"))
        let key: Value = .record(Fields([("location", "STL"), ("sku", "1")]))
        try driver.pipe(topic: "inventory_adjustment", key: key, value: 100)
        #expect(try driver.readOutput("sellable_inventory").map(\.value) == [100])
        #expect(try driver.lookup(store: "sellable_inventory_store", key: key) == .int(100))
        #expect(try driver.deadLetters().isEmpty)
        try driver.crash(at: .afterMarkers)
        try driver.moveTask(TaskId(subtopology: 0, partition: 1), to: "instance-2")
        try driver.compact(topic: "sellableInventoryCalculator-adjustments-changelog")
        #expect(try driver.store("sellable_inventory_store") == [StoreEntry(key: key, value: 100)])
        #expect(driver.owner(of: TaskId(subtopology: 0, partition: 1)) == "instance-2")
    }
}
