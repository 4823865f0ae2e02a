import Foundation
import Plugins
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunStores

/// Stores keep each value's timestamp (Kafka Streams' timestamped stores) in RocksDB and in the
/// changelog records, so an aggregate's output timestamp (the newest record folded in) holds across
/// a restart and across a restore into an empty state directory.
@Suite(.serialized) struct StoredTimestampTests {
    static let yaml = """
        application: stampedSums
        topics:
          adjustments: { partitions: 1, key: string, value: int64 }
          sums_out: { partitions: 1, key: string, value: int64 }
        tables:
          sums: { from: adjustments, reduce: "aggregate + value", to: sums_out }
        """

    @Test func anAggregatesTimestampSurvivesARestartAndARestoreIntoAnEmptyStateDirectory() async throws {
        let directory = TemporaryDirectory.make()
        var t = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        try await t.produce("adjustments", key: "a", value: .int(5), timestamp: 3_000)
        try await t.produce("adjustments", key: "a", value: .int(1), timestamp: 1_000)
        try await Eventually.wait("the first sums") { try t.records("sums_out").last?.value == .int(6) }
        try await t.stop()

        // Restarted on its RocksDB state: the stored timestamp is read back from RocksDB.
        t = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        try await t.produce("adjustments", key: "a", value: .int(1), timestamp: 2_000)
        try await Eventually.wait("the sum after the restart") { try t.records("sums_out").last?.value == .int(7) }
        try await t.stop()

        // The state directory is gone: the store comes back from its changelog, timestamps included.
        try FileManager.default.removeItem(atPath: directory + "/state")
        t = try await RunningTopology.start(yaml: Self.yaml, directory: directory)
        try await t.produce("adjustments", key: "a", value: .int(1), timestamp: 500)
        try await Eventually.wait("the sum after the restore") { try t.records("sums_out").last?.value == .int(8) }
        try await t.stop()
        // The store's cache may merge the first two updates into one record; every sum is as of 3 000.
        let out = try t.timestampedRecords("sums_out")
        #expect(out.map(\.value).suffix(2) == [.int(7), .int(8)])
        #expect(out.allSatisfy { $0.timestamp == 3_000 }, "\(out)")
    }

    @Test func localStateWrittenBeforeValuesCarriedTimestampsIsDroppedToBeRebuilt() throws {
        let directory = TemporaryDirectory.make() + "/task"
        let graph = try TopologyLoader(plugins: BuiltinPlugins.registry).load(yaml: Self.yaml, file: "sums.yaml")
        let declaration = try #require(graph.stores.first)
        let family = declaration.name
        // A state as the previous version wrote it: the bare serialized value, and no format record.
        let old = try RocksDatabase(path: directory, columnFamilies: [family, TaskState.metaFamily], options: .default)
        try old.put(
            try #require(old.columnFamily(family)), key: Array("a".utf8), value: [0, 0, 0, 0, 0, 0, 0, 5], sync: true)
        try old.put(
            try #require(old.columnFamily(TaskState.metaFamily)), key: Array("sequence".utf8),
            value: [0, 0, 0, 0, 0, 0, 0, 9], sync: true)
        old.close()

        let serdes = try SerdeCache(graph: graph, plugins: BuiltinPlugins.registry)
        var state = try TaskState(
            directory: directory, task: TaskId(subtopology: 0, partition: 0), declarations: [declaration],
            serdes: serdes,
            settings: .default, maxRecordBytes: .max)
        #expect(state.rebuiltForFormat)
        #expect(try state.stores[0].get(Array("a".utf8)) == nil)
        #expect(try state.sequence() == 0)
        try state.stores[0].put(Array("a".utf8), .int(7), timestamp: 42)
        try state.stores[0].flush { _, _, _ in }
        try state.commit(offsets: [:])
        state.close()

        state = try TaskState(
            directory: directory, task: TaskId(subtopology: 0, partition: 0), declarations: [declaration],
            serdes: serdes,
            settings: .default, maxRecordBytes: .max)
        #expect(!state.rebuiltForFormat)
        #expect(
            try state.stores[0].getWithTimestamp(Array("a".utf8)) == TimestampedValue(value: .int(7), timestamp: 42))
        state.close()
    }
}
