import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

@Suite("Embedded log: compaction")
struct EmbeddedLogCompactionTests {
    let partition = TopicPartition("table", 0)

    /// `count` updates cycling over `keys` keys, each with two headers that name the update.
    func updates(_ count: Int, keys: Int, from start: Int = 0) -> [OutgoingRecord] {
        (start..<(start + count)).map { i in
            logRecord(
                "table", 0, key: "key-\(i % keys)", value: "value-\(i)", timestamp: Int64(i),
                headers: [("update", logBytes("\(i)")), ("binary", [0, 0xFF, UInt8(i % 256)])])
        }
    }

    /// What compaction must leave of `records` (offset = index): the newest record of each key among
    /// offsets below `closedEnd`, and everything from `closedEnd` on.
    func expectedAfterCompaction(_ records: [OutgoingRecord], closedEnd: Int64) -> [CleanedTestRecord] {
        var newest: [[UInt8]: Int] = [:]
        for (i, record) in records.enumerated() where Int64(i) < closedEnd { newest[record.key!] = i }
        return records.enumerated().compactMap { i, record in
            guard Int64(i) >= closedEnd || newest[record.key!] == i else { return nil }
            return CleanedTestRecord(
                offset: Int64(i), key: record.key, value: record.value,
                headers: record.headers.map { "\($0.0)=\($0.1)" })
        }
    }

    func activeBase(_ dir: String) throws -> Int64 {
        try #require(try logSegmentFiles(dir, "table", 0).last.flatMap(LogSegment.baseOffset(fileName:)))
    }

    @Test func compactionKeepsTheNewestRecordPerKeyWithItsHeadersAndOffsetsAndNeverTouchesTheActiveSegment() throws {
        try withLogDirectory { dir in
            var log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            let records = updates(120, keys: 5)
            try produceAll(log, records)
            let closedEnd = try activeBase(dir)
            #expect(closedEnd > 60)
            let before = try readToEnd(log, partition)
            #expect(before.count == 120)

            let report = try #require(try log.compactNow().first)
            let expected = expectedAfterCompaction(records, closedEnd: closedEnd)
            #expect(report.recordsBefore == closedEnd)
            #expect(report.recordsAfter == Int64(expected.filter { $0.offset < closedEnd }.count))
            #expect(report.bytesAfter < report.bytesBefore)
            #expect(try log.endOffset(of: partition) == 120)
            let after = try readToEnd(log, partition)
            #expect(after == expected)
            #expect(after.filter { $0.offset >= closedEnd }.count == 120 - Int(closedEnd))  // the active segment is whole

            log.close()
            log = try openCleaningLog(dir)
            #expect(try readToEnd(log, partition) == expected)
            #expect(try log.endOffset(of: partition) == 120)
            // Appends go on at the old end.
            try produceAll(log, updates(3, keys: 5, from: 120))
            #expect(try readToEnd(log, partition).map(\.offset) == expected.map(\.offset) + [120, 121, 122])
            log.close()
        }
    }

    @Test func readsAcrossGapsStartAtTheNextExistingOffset() throws {
        try withLogDirectory { dir in
            let log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            let records = updates(100, keys: 4)
            try produceAll(log, records)
            let closedEnd = try activeBase(dir)
            try log.compactNow()
            let survivors = expectedAfterCompaction(records, closedEnd: closedEnd)
            let removed = Set(0..<100).subtracting(survivors.map { Int($0.offset) })
            #expect(removed.count > 50)
            // A seek (or a replay) from a removed offset reads from the next one that exists.
            for start in removed.sorted().prefix(40) + [0] {
                let next = survivors.first { $0.offset >= Int64(start) }!
                #expect(try readToEnd(log, partition, from: Int64(start), maxRecords: 1).first == next)
                #expect(
                    try readToEnd(log, partition, from: Int64(start), maxRecords: 500)
                        == survivors.filter { $0.offset >= Int64(start) })
            }
            let consumer = try log.makeConsumer(group: nil) as! EmbeddedLogConsumer
            consumer.assign([partition: 0])
            consumer.seek(partition, to: Int64(removed.sorted()[3]))
            let seeked = try readUntilEnd(consumer, log, partition)
            #expect(seeked.first?.offset == survivors.first { $0.offset > Int64(removed.sorted()[3]) }?.offset)
            #expect(try log.endOffset(of: partition) == 100)
            log.close()
        }
    }

    @Test func aTrailingGapStillLetsAReplayReachTheEnd() throws {
        try withLogDirectory { dir in
            let clock = LogTestClock()
            let log = try openCleaningLog(dir, clock: clock, deleteRetentionMs: 0)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            try produceAll(
                log,
                updates(20, keys: 2) + [
                    logRecord("table", 0, key: "key-0", value: nil),
                    logRecord("table", 0, key: "key-1", value: nil),
                ])
            clock.advance(hours: 1)
            try log.compactNow(rollingActiveSegments: true)  // both keys deleted: no record is left
            #expect(try log.endOffset(of: partition) == 22)
            #expect(try readToEnd(log, partition).isEmpty)
            // The way restores read (PartitionReplay) reaches the end offset through the gap.
            var seen = 0
            try PartitionReplay(transport: log, partition: partition, stallSeconds: 2).read(from: 0, to: 22) { _ in
                seen += 1
            }
            #expect(seen == 0)
            log.close()
        }
    }

    @Test func aConsumerGroupsCommittedOffsetsStillWorkAfterCompaction() throws {
        try withLogDirectory { dir in
            var log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            let records = updates(100, keys: 3)
            try produceAll(log, records)
            let closedEnd = try activeBase(dir)
            let first = try log.makeConsumer(group: "app")
            try first.commit([partition: 10])  // offset 10 will be compacted away
            try log.compactNow()
            let survivors = expectedAfterCompaction(records, closedEnd: closedEnd)
            #expect(!survivors.contains { $0.offset == 10 })
            log.close()

            log = try openCleaningLog(dir)
            let consumer = try log.makeConsumer(group: "app") as! EmbeddedLogConsumer
            #expect(try consumer.committed(partition) == 10)
            consumer.subscribe(["table"], listener: LogTestListener())
            let read = try readUntilEnd(consumer, log, partition)
            #expect(read == survivors.filter { $0.offset >= 10 })
            try consumer.commit([partition: try #require(consumer.position(partition))])
            #expect(try consumer.committed(partition) == 100)
            log.close()
        }
    }

    @Test func aReaderInTheMiddleOfASegmentKeepsReadingWhileItIsSwapped() throws {
        try withLogDirectory { dir in
            let log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            let records = updates(100, keys: 3)
            try produceAll(log, records)
            let consumer = try log.makeConsumer(group: nil) as! EmbeddedLogConsumer
            consumer.assign([partition: 0])
            let head = copyCleanedRecords(try #require(try consumer.poll(maxRecords: 4, timeoutMs: 1000).first))
            try log.compactNow()
            let rest = try readUntilEnd(consumer, log, partition)
            let offsets = (head + rest).map(\.offset)
            #expect(offsets == offsets.sorted() && Set(offsets).count == offsets.count && offsets.last == 99)
            for record in head + rest {  // every record read is the one written at its offset
                #expect(record.value == records[Int(record.offset)].value)
            }
            log.close()
        }
    }

    @Test func tombstonesAreDroppedOnlyAfterDeleteRetention() throws {
        try withLogDirectory { dir in
            let clock = LogTestClock()
            var log = try openCleaningLog(dir, clock: clock)  // delete.retention.ms = 24 h
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            try produceAll(
                log,
                updates(30, keys: 3) + [logRecord("table", 0, key: "key-1", value: nil)]
                    + updates(30, keys: 3, from: 31).filter { $0.key != logBytes("key-1") })
            let tombstone: Int64 = 30
            try log.compactNow(rollingActiveSegments: true)
            var keys = try readToEnd(log, partition)
            #expect(keys.first { $0.key == logBytes("key-1") }?.offset == tombstone)
            #expect(keys.first { $0.key == logBytes("key-1") }?.value == nil)
            #expect(keys.count == 3)

            clock.advance(hours: 23)
            #expect(try log.compactNow().first?.tombstonesDropped == 0)
            #expect(try readToEnd(log, partition).count == 3)

            clock.advance(hours: 2)  // 25 h after the tombstone's segment was written
            #expect(try log.compactNow().first?.tombstonesDropped == 1)
            keys = try readToEnd(log, partition)
            #expect(Set(keys.compactMap(\.key)) == [logBytes("key-0"), logBytes("key-2")])  // no older key-1 came back
            log.close()
            log = try openCleaningLog(dir, clock: clock)
            #expect(try readToEnd(log, partition).count == 2)
            log.close()
        }
    }

    @Test func recordsWithoutAKeyAreDroppedByCompactionAndCommitMarkersAreKeptLikeAnyKey() throws {
        try withLogDirectory { dir in
            let log = try openCleaningLog(dir)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            let marker = OutgoingRecord(topic: "table", partition: 0, key: CommitMarker.key, value: [1], timestamp: 0)
            var markerTwo = marker
            markerTwo.value = [2]
            try produceAll(
                log,
                [logRecord("table", 0, key: nil, value: "no key"), marker]
                    + updates(10, keys: 2, from: 2) + [markerTwo])
            try log.compactNow(rollingActiveSegments: true)
            let left = try readToEnd(log, partition)
            #expect(left.map(\.offset) == [10, 11, 12])
            #expect(left.last?.key == CommitMarker.key && left.last?.value == [2])
            log.close()
        }
    }

    @Test func compactionBoundsDiskUseToAboutOneRecordPerKey() throws {
        try withLogDirectory { dir in
            let log = try openCleaningLog(dir, segmentBytes: 4096)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            let keys = 50
            let count = 5000
            let records = (0..<count).map { i in
                logRecord("table", 0, key: String(format: "key-%03d", i % keys), value: String(format: "value-%06d", i))
            }
            try produceAll(log, records)
            let frame = RecordFrame.encodedSize(records[0])
            let filesBefore = try logSegmentFiles(dir, "table", 0).count
            let bytesBefore = try segmentBytesOnDisk(dir, "table", 0)
            #expect(bytesBefore == frame * count)
            let report = try #require(try log.compactNow(rollingActiveSegments: true).first)
            let filesAfter = try logSegmentFiles(dir, "table", 0).count
            let bytesAfter = try segmentBytesOnDisk(dir, "table", 0)
            print(
                "disk use: \(count) updates to \(keys) keys: \(bytesBefore) bytes in \(filesBefore) segments "
                    + "→ \(bytesAfter) bytes in \(filesAfter) segments (\(keys) records of \(frame) bytes = \(keys * frame))"
            )
            #expect(bytesAfter == keys * frame)
            #expect(report.recordsAfter == Int64(keys) && report.bytesAfter == Int64(keys * frame))
            // A second pass merges what the first left in several groups: one segment and the empty active one.
            try log.compactNow()
            let filesMerged = try logSegmentFiles(dir, "table", 0).count
            print("disk use: a second pass merged \(filesAfter) segment files into \(filesMerged)")
            #expect(filesMerged <= 2)
            #expect(try segmentBytesOnDisk(dir, "table", 0) == keys * frame)
            #expect(try log.sizeInBytes(of: partition) == Int64(bytesAfter))
            let left = try readToEnd(log, partition, maxRecords: 1000)
            #expect(left.map(\.value) == (count - keys..<count).map { logBytes(String(format: "value-%06d", $0)) })
            log.close()
        }
    }

    @Test func theBackgroundCleanerCompactsAsSegmentsRoll() throws {
        try withLogDirectory { dir in
            let log = try openCleaningLog(dir, segmentBytes: 2048, background: true)
            try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
            for round in 0..<20 { try produceAll(log, updates(100, keys: 10, from: round * 100)) }
            let written = updates(2000, keys: 10).reduce(0) { $0 + RecordFrame.encodedSize($1) }
            let deadline = Date(timeIntervalSinceNow: 10)
            var size = try log.sizeInBytes(of: partition)
            while size > Int64(written / 4) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
                size = try log.sizeInBytes(of: partition)
            }
            #expect(size <= Int64(written / 4), "the cleaner left \(size) of \(written) bytes")
            let left = try readToEnd(log, partition, maxRecords: 1000)
            #expect(Set(left.compactMap(\.key)).count == 10)
            #expect(left.last?.offset == 1999)
            log.close()
        }
    }
}
