import Runner
import StreamrunTesting
import Testing
import TopologyDSL

/// Compaction, tasks moving between instances and sinks that fail, as steps of a test.
@Suite struct FaultsAsDataTests {
    static func payment(_ account: String, _ amount: Int64) -> Value {
        .record(Fields([("account", .string(account)), ("amount", .int(amount))]))
    }

    static var twoInstances: TopologyTestDriver.Options {
        var options = TopologyTestDriver.Options()
        options.instances = ["instance-1", "instance-2"]
        return options
    }

    @Test func compactedChangelogsRestoreTheSameStateAfterACrash() throws {
        let driver = try TopologyTestDriver.shipped("sellable.yaml")
        let key = locationSku("STL", "compact")
        for count in 1...20 { try driver.pipe(topic: "inventory_adjustment", key: key, value: .int(Int64(count))) }
        try driver.pipe(topic: "inventory_reservation", key: key, value: 10)
        let changelog = "sellableInventoryCalculator-adjustments-changelog"
        let (before, after) = try driver.compact(topic: changelog)
        #expect(before > after)
        try driver.compactAll()
        try driver.crash(at: .afterOffsetCommit)
        #expect(try driver.lookup(store: "adjustments", key: key) == .int(210))
        #expect(try driver.lookup(store: "sellable_inventory_store", key: key) == .int(200))
        try driver.pipe(topic: "inventory_adjustment", key: key, value: 1)
        #expect(try driver.lookup(store: "sellable_inventory_store", key: key) == .int(201))
    }

    @Test func compactionNeverRemovesWhatAnUnfinishedCommitLeftAfterTheNewestMarker() throws {
        var options = TopologyTestDriver.Options()
        options.commitPolicy = .manual
        let driver = try TopologyTestDriver.shipped("sellable.yaml", options: options)
        let key = locationSku("STL", "barrier")
        try driver.pipe(topic: "inventory_adjustment", key: key, value: 5)
        try driver.commit()
        try driver.pipe(topic: "inventory_adjustment", key: key, value: 6)
        // The second commit's changelog records land, its markers do not; then compaction runs.
        try driver.crash(at: .afterFlush)
        try driver.compactAll()
        try driver.crash()
        #expect(try driver.lookup(store: "adjustments", key: key) == .int(11))
    }

    @Test func aTopicThatIsNotCompactedCannotBeCompacted() throws {
        let driver = try TopologyTestDriver.shipped("sellable.yaml")
        #expect(throws: TestDriverError.self) { try driver.compact(topic: "inventory_adjustment") }
    }

    @Test func rangeAssignmentSpreadsPartitionsOverTheInstances() throws {
        let driver = try TopologyTestDriver.shipped("account-balances.yaml", options: Self.twoInstances)
        #expect(driver.tasks(of: "instance-1").map(\.partition).allSatisfy { $0 % 2 == 0 })
        #expect(driver.tasks(of: "instance-2").map(\.partition).allSatisfy { $0 % 2 == 1 })
        #expect(driver.tasks(of: "instance-1").count + driver.tasks(of: "instance-2").count == 6)
    }

    @Test func aTaskMovedToAnotherInstanceIsRestoredThereAndGoesOnWithoutCountingTwice() throws {
        let driver = try TopologyTestDriver.shipped("account-balances.yaml", options: Self.twoInstances)
        for index in 0..<9 {
            try driver.pipe(topic: "payments", key: .string("p\(index)"), value: Self.payment("A", 1))
        }
        let id = try task(ofKey: "A", in: driver)
        let owner = try #require(driver.owner(of: id))
        let target = owner == "instance-1" ? "instance-2" : "instance-1"
        try driver.moveTask(id, to: target)
        #expect(driver.owner(of: id) == target)
        #expect(!driver.tasks(of: owner).contains(id))
        #expect(try driver.lookup(store: "balances", key: "A") == .int(9))
        try driver.pipe(topic: "payments", key: "p9", value: Self.payment("A", 1))
        #expect(try driver.lookup(store: "balances", key: "A") == .int(10))
        // And back to a third instance, which joins the group for it.
        try driver.moveTask(id, to: "instance-3")
        #expect(driver.owner(of: id) == "instance-3")
        try driver.pipe(topic: "payments", key: "p10", value: Self.payment("A", 1))
        #expect(try driver.lookup(store: "balances", key: "A") == .int(11))
        #expect(
            try driver.readOutput("balances_out").filter { $0.key == "A" }.map(\.value)
                == (1...11).map { .int(Int64($0)) })
    }

    @Test func aTaskMovedAwayAndBackSurvivesACrashOfItsOwnerAtTheMarkers() throws {
        let driver = try TopologyTestDriver.shipped("account-balances.yaml", options: Self.twoInstances)
        try driver.pipe(topic: "payments", key: "p1", value: Self.payment("A", 1))
        let id = try task(ofKey: "A", in: driver)
        let owner = try #require(driver.owner(of: id))
        try driver.moveTask(id, to: owner == "instance-1" ? "instance-2" : "instance-1")
        try driver.moveTask(id, to: owner)
        try driver.crash(at: .afterMarkers, instance: owner)
        #expect(try driver.lookup(store: "balances", key: "A") == .int(1))
        #expect(driver.owner(of: id) == owner)
    }

    @Test func aSinkThatIsDownFailsTheTaskWhichReopensFromItsLastCommitAfterABackoff() throws {
        let driver = try TopologyTestDriver.shipped("sellable-service.yaml")
        let key = locationSku("STL", "1")
        try driver.pipe(topic: "sellable_inventory", key: key, value: 7)
        #expect(try driver.sinkRows("sellable") == [StoreEntry(key: key, value: .int(7))])
        try driver.failSink("sellable-sqlite-sink", times: 2)
        try driver.pipe(topic: "sellable_inventory", key: key, value: 8)  // its commit fails: the task closes
        #expect(try driver.sinkRows("sellable-sqlite-sink") == [StoreEntry(key: key, value: .int(7))])
        // Only the key's task had something to commit: the other two go on.
        #expect(driver.tasks(of: "instance-1").count == 2)
        try driver.advanceWallClockTime(499)
        #expect(driver.tasks(of: "instance-1").count == 2)  // half a second of backoff
        try driver.advanceWallClockTime(1)  // reopened from its last commit, the record processed again
        try driver.commit()  // fails once more: the backoff doubles
        #expect(driver.tasks(of: "instance-1").count == 2)
        try driver.advanceWallClockTime(999)
        #expect(driver.tasks(of: "instance-1").count == 2)
        try driver.advanceWallClockTime(1)
        try driver.commit()  // the sink is back
        #expect(try driver.sinkRows("sellable-sqlite-sink") == [StoreEntry(key: key, value: .int(8))])
        #expect(driver.tasks(of: "instance-1").count == 3)
        #expect(driver.logMessages.contains { $0.contains("failed, reopening from the last commit") })
    }

    @Test func aRowTheSinkRefusesIsADeadLetterNamingTheSinkAndTheOthersAreWritten() throws {
        let driver = try TopologyTestDriver.shipped("sellable-service.yaml")
        let refused = locationSku("STL", "refused")
        let fine = locationSku("STL", "fine")
        try driver.refuseSinkRows("sellable-sqlite-sink", key: refused, reason: "violates check constraint")
        try driver.pipe(topic: "sellable_inventory", key: refused, value: -1)
        try driver.pipe(topic: "sellable_inventory", key: fine, value: 3)
        #expect(try driver.sinkRows("sellable-sqlite-sink") == [StoreEntry(key: fine, value: .int(3))])
        let letter = try #require(try driver.deadLetters().first)
        #expect(letter.reason == "violates check constraint")
        #expect(letter.sink?.contains("sellable") == true)
        #expect(letter.topic == "sellable_inventory")
        #expect(letter.key == refused)
        #expect(letter.value == .int(-1))
    }

    @Test func withACommitIntervalOutputsWaitForTheWallClock() throws {
        var options = TopologyTestDriver.Options()
        options.commitPolicy = .interval(ms: 1_000)
        options.initialWallClockTime = 1_700_000_000_000
        let driver = try TopologyTestDriver.shipped("sellable.yaml", options: options)
        let key = locationSku("STL", "clock")
        for _ in 0..<3 { try driver.pipe(topic: "inventory_adjustment", key: key, value: 1) }
        #expect(try driver.readOutput("sellable_inventory").isEmpty)
        #expect(try driver.lookup(store: "sellable_inventory_store", key: key) == .int(3))  // queries read the cache
        try driver.advanceWallClockTime(999)
        #expect(try driver.readOutput("sellable_inventory").isEmpty)
        try driver.advanceWallClockTime(1)
        let outputs = try driver.readOutput("sellable_inventory")
        #expect(outputs.map(\.value) == [3])  // one record per key per commit
        #expect(outputs.first?.timestamp == 1_700_000_000_000)
    }

    /// The task of the balances store that holds `key`.
    func task(ofKey key: String, in driver: TopologyTestDriver) throws -> TaskId {
        let subtopology = try #require(driver.graph.subtopologies.first { $0.stores.contains("balances") })
        return TaskId(
            subtopology: subtopology.id,
            partition: Murmur2Partitioner.partition(of: Array(key.utf8), partitions: subtopology.partitions))
    }
}
