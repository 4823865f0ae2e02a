import Runner
import StreamrunTesting
import Testing
import TopologyDSL

/// A crash at each step of the commit, then a restore from the changelogs: the state is exactly
/// what was committed plus what is processed again, each input counted once; only outputs may repeat.
@Suite struct CrashAtEachCommitStepTests {
    static var manual: TopologyTestDriver.Options {
        var options = TopologyTestDriver.Options()
        options.commitPolicy = .manual
        return options
    }

    static func payment(_ account: String, _ amount: Int64) -> Value {
        .record(Fields([("account", .string(account)), ("amount", .int(amount))]))
    }

    /// account-balances: payments re-keyed by account through a repartition topic, summed per account.
    static func balancesAfterACrash(at step: CommitStep, options: TopologyTestDriver.Options = manual) throws
        -> (driver: TopologyTestDriver, report: CrashReport)
    {
        let driver = try TopologyTestDriver.shipped("account-balances.yaml", options: options)
        try driver.pipe(topic: "payments", key: "p1", value: payment("A", 10))
        try driver.pipe(topic: "payments", key: "p2", value: payment("A", 5))
        try driver.commit()
        try driver.pipe(topic: "payments", key: "p3", value: payment("A", 7))
        try driver.pipe(topic: "payments", key: "p4", value: payment("B", 1))
        let report = try driver.crash(at: step)
        return (driver, report)
    }

    @Test(arguments: CommitStep.allCases)
    func aCrashAtEachCommitStepOfAGroupByCountsEveryPaymentOnce(step: CommitStep) throws {
        let (driver, report) = try Self.balancesAfterACrash(at: step)
        #expect(report.reachedStep)
        #expect(
            try driver.store("balances") == [
                StoreEntry(key: "A", value: .int(22)), StoreEntry(key: "B", value: .int(1)),
            ]
                || driver.store("balances") == [
                    StoreEntry(key: "B", value: .int(1)), StoreEntry(key: "A", value: .int(22)),
                ])
        #expect(try driver.lookup(store: "balances", key: "A") == .int(22))
        try driver.pipe(topic: "payments", key: "p5", value: Self.payment("A", 100))
        try driver.commit()
        #expect(try driver.lookup(store: "balances", key: "A") == .int(122))
        #expect(try driver.readOutput("balances_out").last { $0.key == "A" }?.value == .int(122))
        try driver.close()
    }

    @Test(arguments: CommitStep.allCases)
    func aCrashAtEachCommitStepOfTheSellableJoinCountsEveryAdjustmentOnce(step: CommitStep) throws {
        let driver = try TopologyTestDriver.shipped("sellable.yaml", options: Self.manual)
        let keys = (1...6).map { locationSku("STL", "\($0)") }
        for key in keys { try driver.pipe(topic: "inventory_adjustment", key: key, value: 10) }
        try driver.commit()
        for key in keys {
            try driver.pipe(topic: "inventory_adjustment", key: key, value: 5)
            try driver.pipe(topic: "inventory_reservation", key: key, value: 2)
        }
        #expect(try driver.crash(at: step).reachedStep)
        for key in keys {
            #expect(try driver.lookup(store: "adjustments", key: key) == .int(15))
            #expect(try driver.lookup(store: "reservations", key: key) == .int(2))
            #expect(try driver.lookup(store: "sellable_inventory_store", key: key) == .int(13))
        }
        try driver.close()
    }

    /// Outputs are at least once: only a crash after the flush and before the markers makes the
    /// commit's table outputs durable while its state is not, so processing again repeats them.
    @Test(arguments: CommitStep.allCases)
    func onlyACrashBetweenTheFlushAndTheMarkersRepeatsTheCommitsOutputs(step: CommitStep) throws {
        let (driver, _) = try Self.balancesAfterACrash(at: step)
        try driver.commit()
        let outputs = try driver.readOutput("balances_out")
        let expected: [Value] = step == .afterFlush ? [15, 22, 1, 22, 1] : [15, 22, 1]
        let values = outputs.map(\.value)
        #expect(values.count == expected.count, "\(outputs)")
        #expect(Set(values) == Set(expected))
        #expect(outputs.filter { $0.key == "A" }.map(\.value) == (step == .afterFlush ? [15, 22, 22] : [15, 22]))
    }

    @Test func aCrashBetweenCommitsProcessesWhatWasNotCommittedAgainOnce() throws {
        let driver = try TopologyTestDriver.shipped("account-balances.yaml", options: Self.manual)
        try driver.pipe(topic: "payments", key: "p1", value: Self.payment("A", 10))
        try driver.commit()
        try driver.pipe(topic: "payments", key: "p2", value: Self.payment("A", 3))
        try driver.crash()
        try driver.commit()
        #expect(try driver.lookup(store: "balances", key: "A") == .int(13))
    }

    @Test func aCrashWithNothingToCommitSaysTheStepWasNotReached() throws {
        let driver = try TopologyTestDriver.shipped("account-balances.yaml", options: Self.manual)
        try driver.pipe(topic: "payments", key: "p1", value: Self.payment("A", 10))
        try driver.commit()
        let report = try driver.crash(at: .afterMarkers)
        #expect(!report.reachedStep)
        #expect(try driver.lookup(store: "balances", key: "A") == .int(10))
    }

    @Test(arguments: CommitStep.allCases)
    func rocksDBStoresThatKeepTheirLocalStateResumeFromItAfterACrashAtEachStep(step: CommitStep) throws {
        var options = Self.manual
        options.localStateOnCrash = .kept
        let (driver, report) = try Self.balancesAfterACrash(at: step, options: options)
        #expect(report.reachedStep)
        #expect(try driver.lookup(store: "balances", key: "A") == .int(22))
        #expect(try driver.lookup(store: "balances", key: "B") == .int(1))
        try driver.crash(at: .afterOffsetCommit)
        #expect(try driver.lookup(store: "balances", key: "A") == .int(22))
    }

    @Test(arguments: CommitStep.allCases)
    func inMemoryStoresAreRebuiltFromTheirChangelogsAfterACrashAtEachStep(step: CommitStep) throws {
        var options = Self.manual
        options.stores = .inMemory
        options.localStateOnCrash = .kept
        let (driver, report) = try Self.balancesAfterACrash(at: step, options: options)
        #expect(report.reachedStep)
        #expect(try driver.lookup(store: "balances", key: "A") == .int(22))
        #expect(try driver.lookup(store: "balances", key: "B") == .int(1))
    }
}
