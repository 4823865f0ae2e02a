import StreamrunTesting
import Testing
import TopologyDSL

/// KTable-KTable joins with Kafka Streams' tombstone semantics, on the driver (the real runtime
/// runs the sellable left join in its HTTP, cluster and torture suites).
@Suite struct JoinSemanticsOnTheDriverTests {
    static func driver(_ join: String) throws -> TopologyTestDriver {
        try TopologyTestDriver(
            yaml: """
                application: joins
                topics:
                  l: { partitions: 2, key: string, value: int32 }
                  r: { partitions: 2, key: string, value: int32 }
                  out: { partitions: 2, key: string, value: int32 }
                tables:
                  lt: { from: l }
                  rt: { from: r }
                  j:
                    \(join): { left: lt, right: rt, value: "(left ?? 0) * 100 + (right ?? 0)" }
                    to: out
                """)
    }

    func outputs(_ driver: TopologyTestDriver, _ key: String) throws -> [Value] {
        try driver.readOutput("out").filter { $0.key == .string(key) }.map(\.value)
    }

    @Test func anInnerJoinEmitsOnlyWithBothSidesAndRetractsOnADelete() throws {
        let driver = try Self.driver("join")
        try driver.pipe(topic: "l", key: "k", value: 1)
        #expect(try driver.lookup(store: "lt", key: "k") == .int(1))
        #expect(try driver.lookup(store: "j", key: "k") == nil)
        #expect(try outputs(driver, "k") == [])
        try driver.pipe(topic: "r", key: "k", value: 2)
        #expect(try driver.lookup(store: "j", key: "k") == .int(102))
        try driver.pipe(topic: "r", key: "k", value: .null)
        #expect(try driver.lookup(store: "j", key: "k") == nil)
        // Read together: the join's result, then its tombstone.
        #expect(try outputs(driver, "k") == [.int(102), .null])
    }

    @Test func aLeftJoinEmitsTheLeftValueUntilTheRightSideArrives() throws {
        let driver = try Self.driver("left-join")
        try driver.pipe(topic: "r", key: "only-right", value: 5)
        try driver.pipe(topic: "l", key: "k", value: 3)
        #expect(try driver.lookup(store: "j", key: "k") == .int(300))
        #expect(try driver.lookup(store: "rt", key: "only-right") == .int(5))
        #expect(try driver.lookup(store: "j", key: "only-right") == nil)
        try driver.pipe(topic: "r", key: "k", value: 4)
        #expect(try driver.lookup(store: "j", key: "k") == .int(304))
        #expect(try outputs(driver, "k") == [.int(300), .int(304)])
        #expect(try outputs(driver, "only-right") == [])
    }

    @Test func anOuterJoinEmitsWithEitherSide() throws {
        let driver = try Self.driver("outer-join")
        try driver.pipe(topic: "r", key: "k", value: 7)
        #expect(try driver.lookup(store: "j", key: "k") == .int(7))
        try driver.pipe(topic: "l", key: "k", value: 1)
        #expect(try driver.lookup(store: "j", key: "k") == .int(107))
        #expect(try outputs(driver, "k") == [.int(7), .int(107)])
    }
}
