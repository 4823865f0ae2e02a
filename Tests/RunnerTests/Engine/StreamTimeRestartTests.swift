import Foundation
import Plugins
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine

/// A task's stream time is committed with its state: a restarted task goes on from it (windows
/// and punctuations need it), instead of starting again at its next record's timestamp.
@Suite(.serialized) struct StreamTimeRestartTests {
    /// What each probe saw when its task initialized it, and after each record.
    static let seen = Locked<[Int64]>([])

    final class Probe: RecordProcessor {
        var context: (any ProcessorContext)?
        func initialize(_ context: any ProcessorContext) throws {
            self.context = context
            StreamTimeRestartTests.seen.withLock { $0.append(context.streamTime) }
        }
        func process(_ record: ProcessorRecord) throws {
            try context?.forward(
                ProcessorRecord(key: record.key, value: .int(context?.streamTime ?? -2), timestamp: record.timestamp))
        }
    }

    struct ProbePlugin: ProcessorPlugin {
        var name: String { "probe" }
        func describe(parameters: [String: String], keyType: ValueType, valueType: ValueType) throws
            -> ProcessorDescription
        {
            ProcessorDescription(valueType: .int64) { Probe() }
        }
    }

    static let yaml = """
        application: timekeeping
        types:
          Click: { fields: { user: string, ts: int64 } }
        topics:
          clicks: { partitions: 1, key: string, value: Click, timestamp: value.ts }
        streams:
          probed:
            from: clicks
            steps:
              - process: { plugin: probe }
        tables:
          last_time: { from: probed }
        """

    @Test func aRestartedTaskKeepsItsStreamTime() async throws {
        var plugins = BuiltinPlugins.registry
        plugins.register(processor: ProbePlugin())
        let directory = TemporaryDirectory.make()
        Self.seen.withLock { $0 = [] }
        var t = try await RunningTopology.start(yaml: Self.yaml, directory: directory, plugins: plugins)
        let click = Value.record(Fields([("user", "ann"), ("ts", .int(5_000))]))
        _ = try await t.send("clicks", key: "ann", value: click)
        #expect(try await t.value("last_time", "ann") { $0 == .int(5_000) } == .int(5_000))
        try await t.stop()
        t = try await RunningTopology.start(yaml: Self.yaml, directory: directory, plugins: plugins)
        try await t.stop()
        #expect(Self.seen.withLock { $0 } == [-1, 5_000])
    }
}
