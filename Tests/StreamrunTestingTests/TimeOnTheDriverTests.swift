import Plugins
import StreamrunTesting
import Testing
import TopologyDSL

/// Record time and punctuation on the driver: timestamps from a topic's `timestamp:`, stream-time
/// punctuation as records arrive, wall-clock punctuation as the test moves the clock.
@Suite struct TimeOnTheDriverTests {
    /// Forwards, at each punctuation, how many records it saw since the last one, under the key
    /// "stream" or "wall", with the punctuation's time as the record's timestamp.
    final class Counter: RecordProcessor {
        var context: (any ProcessorContext)?
        var seen = 0
        func initialize(_ context: any ProcessorContext) throws {
            self.context = context
            for (type, key) in [(PunctuationType.streamTime, "stream"), (.wallClockTime, "wall")] {
                context.schedule(every: 1_000, type) { [unowned self] time in
                    try self.context?.forward(
                        ProcessorRecord(key: .string(key), value: .int(Int64(seen)), timestamp: time))
                }
            }
        }
        func process(_ record: ProcessorRecord) throws { seen += 1 }
    }

    struct CounterPlugin: ProcessorPlugin {
        var name: String { "counter" }
        func describe(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws
            -> ProcessorDescription
        {
            ProcessorDescription(keyType: .string, valueType: .int64, changesKey: true) { Counter() }
        }
    }

    static let yaml = """
        application: ticks
        types:
          Click: { fields: { user: string, ts: int64 } }
        topics:
          clicks: { partitions: 1, key: string, value: Click, timestamp: value.ts }
          ticks: { partitions: 1, key: string, value: int64 }
        streams:
          counted:
            from: clicks
            steps:
              - process: { plugin: counter }
            to: ticks
        """

    static func driver() throws -> TopologyTestDriver {
        var plugins = BuiltinPlugins.registry
        plugins.register(processor: CounterPlugin())
        let graph = try TopologyLoader(plugins: plugins).load(yaml: yaml, file: "ticks.yaml")
        var options = TopologyTestDriver.Options()
        options.initialWallClockTime = 1_000_000
        return try TopologyTestDriver(graph: graph, plugins: plugins, options: options)
    }

    static func click(_ ts: Int64) -> Value { .record(Fields([("user", "ann"), ("ts", .int(ts))])) }

    @Test func streamTimePunctuationFiresAsRecordTimestampsPassItsTimes() throws {
        let driver = try Self.driver()
        try driver.pipe(topic: "clicks", key: "ann", value: Self.click(500))
        #expect(try driver.readOutput("ticks").isEmpty)  // first due at 1 000 of stream time
        try driver.pipe(topic: "clicks", key: "ann", value: Self.click(1_200))
        try driver.pipe(topic: "clicks", key: "ann", value: Self.click(900))  // late: stream time stays 1 200
        try driver.pipe(topic: "clicks", key: "ann", value: Self.click(4_100))  // passes 2 000, 3 000, 4 000: fires once
        let ticks = try driver.readOutput("ticks").filter { $0.key == "stream" }
        #expect(ticks.map(\.timestamp) == [1_200, 4_100])
        #expect(ticks.map(\.value) == [.int(2), .int(4)])  // after the record that moved stream time, as Kafka Streams
    }

    @Test func wallClockPunctuationFiresWhenTheTestMovesTheClock() throws {
        let driver = try Self.driver()
        try driver.pipe(topic: "clicks", key: "ann", value: Self.click(10))
        #expect(try driver.readOutput("ticks").filter { $0.key == "wall" }.isEmpty)
        try driver.advanceWallClockTime(999)
        try driver.commit()
        #expect(try driver.readOutput("ticks").filter { $0.key == "wall" }.isEmpty)
        try driver.advanceWallClockTime(1)
        try driver.commit()
        let ticks = try driver.readOutput("ticks").filter { $0.key == "wall" }
        #expect(ticks.map(\.timestamp) == [1_001_000])
        #expect(ticks.map(\.value) == [.int(1)])
    }

    @Test func aTombstoneOnATopicWithATimestampExpressionStillDeletesItsKey() throws {
        let driver = try TopologyTestDriver(
            yaml: """
                application: prices
                types:
                  Price: { fields: { amount: int64, ts: int64 } }
                topics:
                  prices: { partitions: 1, key: string, value: Price, timestamp: value.ts }
                tables:
                  current: { from: prices }
                """, file: "prices.yaml")
        try driver.pipe(
            topic: "prices", key: "apple", value: .record(Fields([("amount", .int(3)), ("ts", .int(1_000))])))
        #expect(try driver.lookup(store: "current", key: "apple") != nil)
        try driver.pipe(topic: "prices", key: "apple", value: .null, timestamp: 2_000)
        #expect(try driver.lookup(store: "current", key: "apple") == nil)
        #expect(try driver.deadLetters().isEmpty)
    }

    /// Stores a mark at each wall-clock punctuation, then fails.
    final class FailingSweep: RecordProcessor {
        func initialize(_ context: any ProcessorContext) throws {
            let marks = try context.store("marks")
            context.schedule(every: 1_000, .wallClockTime) { time in
                try marks.put(.string("swept"), .int(time))
                throw EvaluationError("the sweep failed after its mark")
            }
        }
        func process(_ record: ProcessorRecord) throws {}
    }

    struct FailingSweepPlugin: ProcessorPlugin {
        var name: String { "failing-sweep" }
        func describe(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws
            -> ProcessorDescription
        {
            ProcessorDescription(stores: [ProcessorStore(name: "marks", keyType: .string, valueType: .int64)]) {
                FailingSweep()
            }
        }
    }

    @Test func whatAFailingPunctuationStoredIsCommittedAndSurvivesACrash() throws {
        var plugins = BuiltinPlugins.registry
        plugins.register(processor: FailingSweepPlugin())
        let graph = try TopologyLoader(plugins: plugins).load(
            yaml: """
                application: sweeps
                topics:
                  events: { partitions: 1, key: string, value: string }
                streams:
                  swept:
                    from: events
                    steps:
                      - process: { plugin: failing-sweep }
                """, file: "sweeps.yaml")
        let driver = try TopologyTestDriver(graph: graph, plugins: plugins)
        try driver.pipe(topic: "events", key: "e", value: "x")
        try driver.advanceWallClockTime(1_000)
        try driver.commit()
        _ = try driver.crash()
        #expect(try driver.lookup(store: "marks", key: "swept") == .int(1_000))
    }
}
