import Runner
import StreamrunTesting
import Testing
import TopologyDSL

/// Topologies whose records go through repartition topics, processed inside `pipe`.
@Suite struct RepartitionOnTheDriverTests {
    static func payment(_ account: String, _ amount: Int64) -> Value {
        .record(Fields([("account", .string(account)), ("amount", .int(amount))]))
    }

    @Test func aGroupByOverARepartitionTopicSumsPerNewKeyWithinOnePipe() throws {
        let driver = try TopologyTestDriver.shipped("account-balances.yaml")
        // Payment ids spread over the 3 partitions; the accounts are summed wherever they land.
        for (index, account) in ["A", "B", "A", "C", "A", "B"].enumerated() {
            try driver.pipe(
                topic: "payments", key: .string("payment-\(index)"), value: Self.payment(account, Int64(index + 1)))
        }
        #expect(try driver.lookup(store: "balances", key: "A") == .int(1 + 3 + 5))
        #expect(try driver.lookup(store: "balances", key: "B") == .int(2 + 6))
        #expect(try driver.lookup(store: "balances", key: "C") == .int(4))
        #expect(Set(try driver.store("balances").map(\.key)) == ["A", "B", "C"])
        let outputs = try driver.readOutput("balances_out")
        #expect(outputs.filter { $0.key == "A" }.map(\.value) == [1, 4, 9])
        #expect(outputs.map(\.timestamp).allSatisfy { $0 == 0 })  // the wall clock's time, carried through
        // Every task of both sub-topologies ran, over all partitions.
        #expect(driver.tasks(of: "instance-1").count == 6)
    }

    @Test func repartitionRecordsAreReadFromTheirTopicAndPurgedOnceCommitted() throws {
        let driver = try TopologyTestDriver.shipped("account-balances.yaml")
        let repartition = try #require(driver.graph.repartitionTopics.first?.name)
        try driver.pipe(topic: "payments", key: "p1", value: Self.payment("A", 1))
        try driver.pipe(topic: "payments", key: "p2", value: Self.payment("A", 1))
        #expect(try driver.records(in: repartition).isEmpty)  // committed, so purged (repartition.purge.interval.ms 0)
        #expect(try driver.lookup(store: "balances", key: "A") == .int(2))
        // The changelog keeps every commit's update, its markers left out.
        #expect(try driver.records(in: "accountBalances-balances-changelog").map(\.value) == [1, 2])
    }

    @Test func aChangedKeyChangesTheTaskThatCountsIt() throws {
        let yaml = """
            application: words
            topics:
              lines: { partitions: 2, key: string, value: string }
              counts: { partitions: 4, key: string, value: int64 }
            streams:
              words:
                from: lines
                steps:
                  - flat-map-values: "[value]"
                  - select-key: value
            tables:
              word-counts: { from: words, count: true, to: counts }
            """
        let driver = try TopologyTestDriver(yaml: yaml)
        for line in ["a", "b", "a", "a", "c"] {
            try driver.pipe(topic: "lines", key: .string("line-\(line)"), value: .string(line))
        }
        #expect(try driver.lookup(store: "word-counts", key: "a") == .int(3))
        #expect(try driver.lookup(store: "word-counts", key: "c") == .int(1))
        let counts = try driver.readOutput("counts")
        #expect(counts.filter { $0.key == "a" }.map(\.value) == [1, 2, 3])
        #expect(
            counts.allSatisfy {
                $0.partition == Murmur2Partitioner.partition(of: Array(($0.key.stringValue ?? "").utf8), partitions: 4)
            })
    }
}
