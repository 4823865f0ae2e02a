import Plugins
import StreamrunTesting
import Testing
import TopologyDSL

/// Output timestamps follow Kafka Streams' rules: an aggregate is as new as the newest record
/// folded into it, a table-table join result as the newer of its two sides; both are kept in the
/// stores beside the values, so they hold after a restore from the changelogs. A task's stream
/// time is restored with its state too.
@Suite struct OutputTimestampsOnTheDriverTests {
    static let yaml = """
        application: stamps
        topics:
          adjustments: { partitions: 1, key: string, value: int64 }
          reservations: { partitions: 1, key: string, value: int64 }
          adjusted_out: { partitions: 1, key: string, value: int64 }
          sellable_out: { partitions: 1, key: string, value: int64 }
        tables:
          adjusted: { from: adjustments, reduce: "aggregate + value", to: adjusted_out }
          reserved: { from: reservations, reduce: "aggregate + value" }
          sellable:
            left-join: { left: adjusted, right: reserved, value: "left - (right ?? 0)" }
            to: sellable_out
        """

    static func driver() throws -> TopologyTestDriver {
        try TopologyTestDriver(yaml: yaml, file: "stamps.yaml")
    }

    @Test func anAggregateCarriesTheNewestTimestampFoldedIntoIt() throws {
        let driver = try Self.driver()
        try driver.pipe(topic: "adjustments", key: "a", value: .int(5), timestamp: 1_000)
        try driver.pipe(topic: "adjustments", key: "a", value: .int(3), timestamp: 700)  // out of order
        try driver.pipe(topic: "adjustments", key: "a", value: .int(1), timestamp: 2_000)
        let out = try driver.readOutput("adjusted_out")
        #expect(out.map(\.value) == [.int(5), .int(8), .int(9)])
        #expect(out.map(\.timestamp) == [1_000, 1_000, 2_000])
    }

    @Test func aTableJoinResultCarriesTheNewerTimestampOfItsTwoSides() throws {
        let driver = try Self.driver()
        try driver.pipe(topic: "adjustments", key: "a", value: .int(10), timestamp: 1_000)
        try driver.pipe(topic: "reservations", key: "a", value: .int(2), timestamp: 5_000)
        try driver.pipe(topic: "adjustments", key: "a", value: .int(1), timestamp: 2_000)  // older than the reservation
        let out = try driver.readOutput("sellable_out")
        #expect(out.map(\.value) == [.int(10), .int(8), .int(9)])
        #expect(out.map(\.timestamp) == [1_000, 5_000, 5_000])
    }

    @Test func storedTimestampsSurviveARestoreFromTheChangelogs() throws {
        let driver = try Self.driver()
        try driver.pipe(topic: "adjustments", key: "a", value: .int(5), timestamp: 3_000)
        try driver.pipe(topic: "reservations", key: "a", value: .int(1), timestamp: 4_000)
        _ = try driver.readOutput("adjusted_out")
        _ = try driver.readOutput("sellable_out")
        _ = try driver.crash()  // the local state is lost: the stores are restored from their changelogs
        try driver.pipe(topic: "adjustments", key: "a", value: .int(1), timestamp: 100)
        #expect(try driver.readOutput("adjusted_out").map(\.timestamp) == [3_000])
        #expect(try driver.readOutput("sellable_out").map(\.timestamp) == [4_000])
    }

    /// Forwards the task's stream time as each record is processed.
    final class StreamClock: RecordProcessor {
        var context: (any ProcessorContext)?
        func initialize(_ context: any ProcessorContext) throws { self.context = context }
        func process(_ record: ProcessorRecord) throws {
            guard let context else { return }
            try context.forward(
                ProcessorRecord(key: record.key, value: .int(context.streamTime), timestamp: record.timestamp))
        }
    }

    struct StreamClockPlugin: ProcessorPlugin {
        var name: String { "stream-clock" }
        func describe(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws
            -> ProcessorDescription
        {
            ProcessorDescription(keyType: keyType, valueType: .int64) { StreamClock() }
        }
    }

    @Test func streamTimeIsRestoredWithTheStateAfterTheLocalStateIsLost() throws {
        let yaml = """
            application: clocks
            topics:
              events: { partitions: 1, key: string, value: int64 }
              times: { partitions: 1, key: string, value: int64 }
            streams:
              clocked: { from: events, steps: [ { process: { plugin: stream-clock } } ], to: times }
            tables:
              last: { from: clocked }
            """
        var plugins = BuiltinPlugins.registry
        plugins.register(processor: StreamClockPlugin())
        let driver = try TopologyTestDriver(yaml: yaml, file: "clocks.yaml", plugins: plugins)
        try driver.pipe(topic: "events", key: "a", value: .int(1), timestamp: 5_000)
        try driver.pipe(topic: "events", key: "a", value: .int(2), timestamp: 4_000)
        let before = try driver.readOutput("times").map(\.value)
        #expect(before == [.int(5_000), .int(5_000)])
        _ = try driver.crash()  // the task's state comes back from its changelog's commit markers
        try driver.pipe(topic: "events", key: "a", value: .int(3), timestamp: 100)
        let after = try driver.readOutput("times").map(\.value)
        #expect(after == [.int(5_000)])
    }
}
