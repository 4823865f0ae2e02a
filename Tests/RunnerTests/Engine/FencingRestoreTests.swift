import Foundation
import Logging
import Plugins
import Testing
import TopologyDSL

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

/// Zombie fencing in the changelogs: a task's new owner takes an epoch above every earlier
/// writer's and fences the changelogs; what a zombie (a member that lost the task without
/// noticing) commits after the fence is never restored. Real embedded log, real RocksDB; the
/// writers are reproduced by appending what each would write.
@Suite(.serialized) struct FencingRestoreTests {
    static let yaml = """
        application: fencing
        topics:
          counts: { partitions: 1, key: string, value: int32 }
        tables:
          totals: { from: counts, reduce: "aggregate + value" }
        """
    static let input = TopicPartition("counts", 0)

    /// One task's world: the log, the graph's serdes, and a fresh state directory per open.
    final class World {
        let directory = TemporaryDirectory.make()
        let log: EmbeddedLog
        let graph: TopologyGraph
        let serdes: SerdeCache
        let changelog: TopicPartition
        let producer: any LogProducer
        var logger = Logger(label: "fencing-test")

        init() throws {
            graph = try TopologyLoader(plugins: BuiltinPlugins.registry).load(
                yaml: FencingRestoreTests.yaml, file: "fencing.yaml")
            serdes = try SerdeCache(graph: graph, plugins: BuiltinPlugins.registry)
            log = try EmbeddedLog(
                directory: "\(directory)/log",
                options: EmbeddedLogOptions(compactionBarrierKeys: CommitMarker.compactionBarrierKeys))
            let store = try #require(graph.stores.first)
            changelog = TopicPartition(store.changelogTopic, 0)
            try log.createTopics([TopicSpec(name: store.changelogTopic, partitions: 1, compacted: true)])
            producer = try log.makeProducer()
            logger.logLevel = .error
        }

        /// Opens the task's state in `name` (a state directory of its own) and restores it.
        func restore(_ name: String, generation: Int64?) throws -> (TaskState, ChangelogRestorer.Outcome) {
            let state = try TaskState(
                directory: "\(directory)/state-\(name)", task: TaskId(subtopology: 0, partition: 0),
                declarations: graph.stores, serdes: serdes,
                settings: .default, maxRecordBytes: producer.maxRecordBytes)
            let outcome = try ChangelogRestorer(transport: log, producer: producer, logger: logger)
                .restore(TaskId(subtopology: 0, partition: 0), state: state, fencingGeneration: generation)
            return (state, outcome)
        }

        /// What a writer's commit leaves in the changelog: its records, then its marker.
        func commit(_ records: [(String, Int32)], sequence: Int64, input offset: Int64, epoch: Int64) throws {
            let start = try log.endOffset(of: changelog)
            for (key, value) in records {
                append(
                    try serdes.serde(.string).serialize(.string(key)),
                    try serdes.serde(.int32).serialize(.int(Int64(value))))
            }
            append(
                CommitMarker.key,
                CommitMarker(
                    sequence: sequence, coverageStart: start,
                    positions: [FencingRestoreTests.input: offset], epoch: epoch
                ).encoded())
            try producer.flush()
        }

        func append(_ key: [UInt8], _ value: [UInt8]) {
            producer.produce(
                OutgoingRecord(topic: changelog.topic, partition: 0, key: key, value: value, timestamp: 0),
                delivery: nil)
        }

        func value(_ state: TaskState, _ key: String) throws -> Value? {
            try state.stores[0].read(try serdes.serde(.string).serialize(.string(key)))
        }
    }

    @Test func aNewOwnerTakesAnEpochAboveEveryEarlierWriterAndTheGroupGeneration() throws {
        let world = try World()
        try world.commit([("a", 1)], sequence: 1, input: 1, epoch: 7)
        let (first, opened) = try world.restore("first", generation: 3)
        #expect(opened.epoch == 8)
        #expect(try first.epoch() == 8)
        first.close()
        let (second, again) = try world.restore("second", generation: 20)
        #expect(again.epoch == 20)
        second.close()
        // On a log with one writer there is nothing to fence: no epoch, no fence.
        let end = try world.log.endOffset(of: world.changelog)
        let (single, alone) = try world.restore("single", generation: nil)
        #expect(alone.epoch == 20)
        #expect(try world.log.endOffset(of: world.changelog) == end)
        single.close()
    }

    @Test func aZombiesCommitAfterTheFenceIsNeverRestored() throws {
        let world = try World()
        // The first owner (epoch 0) committed a = 1 for input offset 1.
        try world.commit([("a", 1)], sequence: 1, input: 1, epoch: 0)
        // A new owner opens the task in generation 4 and fences the changelog.
        let (owner, opened) = try world.restore("owner", generation: 4)
        #expect(opened.epoch == 4)
        #expect(try world.value(owner, "a") == .int(1))
        owner.close()
        // The first owner has not noticed: it commits a = 99, b = 5 for input offset 3.
        try world.commit([("a", 99), ("b", 5)], sequence: 2, input: 3, epoch: 0)

        // Restored anywhere, from an empty state directory: the zombie's commit is not there.
        let (fresh, restored) = try world.restore("fresh", generation: 5)
        #expect(try world.value(fresh, "a") == .int(1))
        #expect(try world.value(fresh, "b") == nil)
        #expect(restored.positions?[Self.input] == 1)
        #expect(restored.fencedMarkers == 1)
        fresh.close()

        // After compaction only the newest marker is left, and it is the zombie's: the newest fence
        // survives beside it, and the zombie's records were overwritten by the restore above.
        _ = try world.log.compactNow(rollingActiveSegments: true)
        let (compacted, afterCompaction) = try world.restore("compacted", generation: 6)
        #expect(try world.value(compacted, "a") == .int(1))
        #expect(try world.value(compacted, "b") == nil)
        #expect(afterCompaction.positions?[Self.input] == 1)
        compacted.close()
    }

    @Test func theNewOwnersCommitsAfterTheFenceAreRestored() throws {
        let world = try World()
        try world.commit([("a", 1)], sequence: 1, input: 1, epoch: 0)
        let (owner, opened) = try world.restore("owner", generation: 2)
        owner.close()
        try world.commit([("a", 3), ("c", 4)], sequence: 2, input: 2, epoch: opened.epoch)
        let (fresh, restored) = try world.restore("fresh", generation: 3)
        #expect(try world.value(fresh, "a") == .int(3))
        #expect(try world.value(fresh, "c") == .int(4))
        #expect(restored.positions?[Self.input] == 2)
        #expect(restored.fencedMarkers == 0)
        fresh.close()
    }
}
