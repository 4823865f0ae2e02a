import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

@Suite("Embedded log: retention, deleteRecords and crash-safe swaps")
struct EmbeddedLogRetentionTests {
    func events(_ topic: String, _ count: Int, from start: Int = 0) -> [OutgoingRecord] {
        (start..<(start + count)).map { logRecord(topic, 0, key: "key-\($0)", value: "value-\($0)") }
    }

    func bases(_ dir: String, _ topic: String) throws -> [Int64] {
        try logSegmentFiles(dir, topic, 0).compactMap(LogSegment.baseOffset(fileName:))
    }

    @Test func retentionMsDeletesOnlyClosedSegmentsWrittenLongerAgoThanIt() throws {
        try withLogDirectory { dir in
            let clock = LogTestClock()
            let log = try openCleaningLog(dir, clock: clock)
            try log.createTopics([
                TopicSpec(name: "events", partitions: 1, retentionMs: 3_600_000),
                TopicSpec(name: "table", partitions: 1, compacted: true),
            ])
            try produceAll(log, events("events", 60) + events("table", 60))
            let before = try bases(dir, "events")
            #expect(before.count > 3)
            #expect(try log.enforceRetentionNow().isEmpty)  // nothing is an hour old yet
            clock.advance(hours: 0.9)
            #expect(try log.enforceRetentionNow().isEmpty)

            clock.advance(hours: 0.2)
            let deleted = try log.enforceRetentionNow()
            #expect(deleted == [TopicPartition("events", 0): before.count - 1])  // all but the active segment
            #expect(try bases(dir, "events") == [before.last!])
            #expect(try log.startOffset(of: TopicPartition("events", 0)) == before.last!)
            #expect(try log.endOffset(of: TopicPartition("events", 0)) == 60)
            #expect(try readToEnd(log, TopicPartition("events", 0)).map(\.offset) == Array(before.last!..<60))
            // Compacted topics are not subject to retention.
            #expect(try logSegmentFiles(dir, "table", 0).count == before.count)
            log.close()
        }
    }

    @Test func retentionBytesDeletesTheOldestSegmentsUntilThePartitionFits() throws {
        try withLogDirectory { dir in
            let log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "events", partitions: 1, retentionBytes: 1200)])
            try produceAll(log, events("events", 100))
            let partition = TopicPartition("events", 0)
            let total = try log.sizeInBytes(of: partition)
            #expect(total > 3000)
            try log.enforceRetentionNow()
            let size = try log.sizeInBytes(of: partition)
            #expect(size >= 1200 && size < 1200 + 512)  // never below the limit, at most one segment above
            let start = try log.startOffset(of: partition)
            #expect(try bases(dir, "events").first == start)
            #expect(try readToEnd(log, partition).map(\.offset) == Array(start..<100))
            log.close()
        }
    }

    @Test func retentionSettingsArePersistedAndFollowTheDeclaration() throws {
        try withLogDirectory { dir in
            var log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "events", partitions: 1)])
            try produceAll(log, events("events", 60))
            log.close()
            log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "events", partitions: 1, retentionBytes: 0)])
            log.close()
            log = try openCleaningLog(dir)
            let deleted = try log.enforceRetentionNow()
            #expect(deleted[TopicPartition("events", 0)] ?? 0 > 0)
            log.close()
        }
    }

    @Test func deleteRecordsMovesTheLogStartOffsetAndDeletesWholeSegmentsBelowIt() throws {
        try withLogDirectory { dir in
            var log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "repartition", partitions: 2)])
            try produceAll(log, events("repartition", 50))
            let partition = TopicPartition("repartition", 0)
            let before = try bases(dir, "repartition")
            #expect(try log.deleteRecords(before: [partition: 23]) == [partition: 23])
            #expect(try log.startOffset(of: partition) == 23)
            let kept = before.enumerated().filter { i, _ in i + 1 == before.count || before[i + 1] > 23 }.map(\.element)
            #expect(kept.count < before.count)
            #expect(try bases(dir, "repartition") == kept)
            #expect(try readToEnd(log, partition).map(\.offset) == Array(23..<50))
            #expect(try readToEnd(log, partition, from: 5).map(\.offset) == Array(23..<50))
            #expect(try log.endOffset(of: partition) == 50)
            // Lower offsets change nothing; offsets past the end are refused; other partitions are untouched.
            #expect(try log.deleteRecords(before: [partition: 10]) == [partition: 23])
            #expect(throws: StreamrunError.self) { try log.deleteRecords(before: [partition: 51]) }
            #expect(try log.startOffset(of: TopicPartition("repartition", 1)) == 0)

            log.close()
            log = try openCleaningLog(dir)
            #expect(try log.startOffset(of: partition) == 23)
            #expect(try readToEnd(log, partition).map(\.offset) == Array(23..<50))
            // Up to the end: every closed segment goes, reads start at the end.
            #expect(try log.deleteRecords(before: [partition: 50]) == [partition: 50])
            #expect(try bases(dir, "repartition").count == 1)
            #expect(try readToEnd(log, partition).isEmpty)
            try produceAll(log, events("repartition", 1, from: 50))
            #expect(try readToEnd(log, partition).map(\.offset) == [50])
            log.close()
        }
    }

    @Test func aHalfWrittenCompactedSegmentIsDiscardedOnOpen() throws {
        try withLogDirectory { dir in
            var log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            try produceAll(
                log,
                events("table", 40).map {
                    var r = $0
                    r.key = logBytes("same")
                    return r
                })
            let intact = try readToEnd(log, TopicPartition("table", 0))
            let files = try logSegmentFiles(dir, "table", 0)
            log.close()
            // A crash while writing the compacted copy: a torn temp file next to the intact originals.
            let temp = "\(dir)/topics/table/0/\(files[0]).cleaned"
            try Data([1, 2, 3, 4, 5, 6, 7]).write(to: URL(fileURLWithPath: temp))
            let messages = LogTestCollector<String>()
            log = try openCleaningLog(dir, messages: messages)
            #expect(!FileManager.default.fileExists(atPath: temp))
            #expect(messages.items.contains { $0.contains("interrupted compaction") })
            #expect(try logSegmentFiles(dir, "table", 0) == files)
            #expect(try readToEnd(log, TopicPartition("table", 0)) == intact)
            log.close()
        }
    }

    /// A crash after the compacted segment was committed (renamed to `.swap`) but before every
    /// segment it replaces was deleted: opening finishes the swap.
    @Test(arguments: [false, true])
    func aCrashAfterTheSwapWasCommittedIsFinishedOnOpen(someOldSegmentsAlreadyDeleted: Bool) throws {
        try withLogDirectory { dir in
            let copy = dir + "/copy"
            let original = dir + "/original"
            var log = try openCleaningLog(original)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            try produceAll(log, (0..<80).map { logRecord("table", 0, key: "key-\($0 % 4)", value: "value-\($0)") })
            log.close()
            try FileManager.default.copyItem(atPath: original, toPath: copy)
            let originalBases = try bases(original, "table")

            // What a finished compaction of the same log looks like.
            log = try openCleaningLog(copy)
            try log.compactNow()
            try log.compactNow()  // merges the groups of the first pass
            let compacted = try readToEnd(log, TopicPartition("table", 0))
            log.close()
            let compactedBases = try bases(copy, "table")
            #expect(compactedBases.count == 2)
            let (base, upto) = (compactedBases[0], compactedBases[1])
            let replaced = originalBases.filter { $0 >= base && $0 < upto }
            #expect(replaced.count > 2)

            // The original, crashed at step 3 of the swap.
            let partitionDir = "\(original)/topics/table/0"
            try FileManager.default.copyItem(
                atPath: "\(copy)/topics/table/0/\(LogSegment.fileName(baseOffset: base))",
                toPath: partitionDir + "/"
                    + SegmentSwap.fileName(base: base, upto: upto, suffix: SegmentSwap.swapSuffix))
            if someOldSegmentsAlreadyDeleted {
                try FileManager.default.removeItem(
                    atPath: partitionDir + "/" + LogSegment.fileName(baseOffset: replaced[1]))
            }
            let messages = LogTestCollector<String>()
            log = try openCleaningLog(original, messages: messages)
            #expect(messages.items.contains { $0.contains("completed the interrupted swap") })
            #expect(try bases(original, "table") == compactedBases)
            #expect(try readToEnd(log, TopicPartition("table", 0)) == compacted)
            #expect(try log.endOffset(of: TopicPartition("table", 0)) == 80)
            log.close()
        }
    }

    @Test func segmentMsRollsAQuietActiveSegmentSoRetentionCanReachIt() throws {
        try withLogDirectory { dir in
            let clock = LogTestClock()
            let log = try openCleaningLog(dir, segmentBytes: 1 << 20, clock: clock)
            try log.createTopics([TopicSpec(name: "events", partitions: 1, retentionMs: 3_600_000)])
            try produceAll(log, events("events", 5))
            clock.advance(hours: 24 * 8)  // past segment.ms (7 days)
            try produceAll(log, events("events", 1, from: 5))
            #expect(try bases(dir, "events") == [0, 5])
            try log.enforceRetentionNow()
            // By the (moved) clock, the first segment was last written 8 days ago.
            #expect(try bases(dir, "events") == [5])
            log.close()
        }
    }
}
