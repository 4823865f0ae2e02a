import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

/// `EmbeddedLogOptions.compactionBarrierKeys`: compaction of a partition only considers records up
/// to its newest barrier record (Kafka's last stable offset); what follows is kept as it is.
@Suite("Embedded log: compaction barrier")
struct CompactionBarrierTests {
    let partition = TopicPartition("table", 0)
    static let barrierKey: [UInt8] = [0xFE] + Array("barrier".utf8)
    static let otherBarrierKey: [UInt8] = [0xFD] + Array("barrier".utf8)

    /// A log with small segments (a few records each), the cleaner driven by the test.
    func open(
        _ directory: String, barrierKeys: [[UInt8]] = [barrierKey, otherBarrierKey],
        clock: LogTestClock = LogTestClock()
    ) throws -> EmbeddedLog {
        let options = EmbeddedLogOptions(
            segmentBytes: 512, indexIntervalBytes: 64, backgroundCleaning: false,
            compactionBarrierKeys: barrierKeys, clock: { clock.now }, log: { _ in })
        let log = try EmbeddedLog(directory: directory, options: options)
        try log.createTopics([TopicSpec(name: "table", partitions: 1, compacted: true)])
        return log
    }

    /// A record of about 150 bytes, so a 512-byte segment holds three.
    func record(_ key: String?, _ value: String?) -> OutgoingRecord {
        logRecord("table", 0, key: key, value: value.map { $0 + String(repeating: ".", count: 100) })
    }

    func barrier(_ value: String, key: [UInt8] = barrierKey) -> OutgoingRecord {
        OutgoingRecord(topic: "table", partition: 0, key: key, value: logBytes(value), timestamp: 0)
    }

    /// Filler records with distinct keys, so what precedes them ends up in closed segments.
    func filler(_ count: Int, from start: Int = 0) -> [OutgoingRecord] {
        (start..<(start + count)).map { record("filler-\($0)", "f") }
    }

    func values(of key: String, in records: [CleanedTestRecord]) -> [String] {
        records.filter { $0.key == logBytes(key) }.map {
            String(decoding: ($0.value ?? []).prefix { $0 != UInt8(ascii: ".") }, as: UTF8.self)
        }
    }

    func closedEnd(_ dir: String) throws -> Int64 {
        try #require(try logSegmentFiles(dir, "table", 0).last.flatMap(LogSegment.baseOffset(fileName:)))
    }

    /// `K=good, M, K=bad` in closed segments: compaction keeps both values of K (and M); once a
    /// newer barrier follows them, only the newest K survives. With `reopen`, the barrier is found
    /// by the recovery scan instead of on append.
    @Test(arguments: [false, true])
    func recordsAfterTheNewestBarrierAreKeptAndDoNotSupersedeOlderOnes(reopen: Bool) throws {
        try withLogDirectory { dir in
            var log = try open(dir)
            // Offsets: 0 K=good, 1 duplicate-0, 2 duplicate-1, 3 M, 4 K=bad, 5 duplicate-2, 6 no key, then fillers.
            try produceAll(
                log,
                [
                    record("K", "good"), record("dup", "0"), record("dup", "1"), barrier("m1"),
                    record("K", "bad"), record("dup", "2"), record(nil, "no key"),
                ] + filler(6))
            #expect(try closedEnd(dir) > 7)
            if reopen {
                log.close()
                log = try open(dir)
            }
            let report = try #require(try log.compactNow().first)
            var left = try readToEnd(log, partition)
            #expect(values(of: "K", in: left) == ["good", "bad"])
            // Before the barrier compaction goes on as usual: dup=0 goes, dup=1 stays (dup=2 does not
            // count as newer), and so does the barrier.
            #expect(values(of: "dup", in: left) == ["1", "2"])
            #expect(left.map(\.offset).prefix(6) == [0, 2, 3, 4, 5, 6])
            #expect(left.contains { $0.key == nil })  // past the barrier even a keyless record is kept
            #expect(report.recordsAfter == report.recordsBefore - 1)

            // A compaction after a reopen, or one more pass, changes nothing.
            log.close()
            log = try open(dir)
            try log.compactNow(rollingActiveSegments: true)
            left = try readToEnd(log, partition)
            #expect(values(of: "K", in: left) == ["good", "bad"])

            // A newer barrier after them: everything is stable, only the newest of each key is left.
            try produceAll(log, [barrier("m2")])
            try log.compactNow(rollingActiveSegments: true)
            left = try readToEnd(log, partition)
            #expect(values(of: "K", in: left) == ["bad"])
            #expect(values(of: "dup", in: left) == ["2"])
            #expect(!left.contains { $0.key == nil })
            #expect(left.filter { $0.key == Self.barrierKey }.map(\.value) == [logBytes("m2")])
            log.close()
        }
    }

    @Test func withoutBarrierKeysTheNewestRecordOfEachKeyWinsAsBefore() throws {
        try withLogDirectory { dir in
            let log = try open(dir, barrierKeys: [])
            try produceAll(log, [record("K", "good"), barrier("m1"), record("K", "bad")] + filler(6))
            #expect(try closedEnd(dir) > 3)
            try log.compactNow()
            #expect(values(of: "K", in: try readToEnd(log, partition)) == ["bad"])
            log.close()
        }
    }

    @Test func aPartitionThatNeverHeldABarrierCompactsAsWithout() throws {
        try withLogDirectory { dir in
            let log = try open(dir)
            try produceAll(log, [record("K", "v1"), record("K", "v2")] + filler(6))
            try log.compactNow()
            #expect(values(of: "K", in: try readToEnd(log, partition)) == ["v2"])
            log.close()
        }
    }

    /// The usual case of a running engine: the newest barrier is in the active segment, so every
    /// closed segment is below it and compacts fully.
    @Test func aBarrierInTheActiveSegmentLetsEveryClosedSegmentCompact() throws {
        try withLogDirectory { dir in
            let log = try open(dir)
            try produceAll(log, [record("K", "v1"), record("K", "v2")] + filler(6) + [barrier("m1")])
            let closed = try closedEnd(dir)
            #expect(closed > 2 && closed < 9)  // M is in the active segment
            try log.compactNow()
            #expect(values(of: "K", in: try readToEnd(log, partition)) == ["v2"])
            log.close()
        }
    }

    /// Either barrier key counts, the newest of them is the barrier, and a tombstone after it is
    /// kept however old it is.
    @Test func theNewestRecordOfAnyBarrierKeyIsTheBarrierAndTombstonesPastItStay() throws {
        try withLogDirectory { dir in
            let clock = LogTestClock()
            var log = try open(dir, clock: clock)
            try produceAll(
                log,
                [
                    record("K", "good"), record("T", "t"), barrier("new", key: Self.barrierKey),
                    record("K", "old-key-barrier-follows"), barrier("legacy", key: Self.otherBarrierKey),
                    record("K", "bad"), record("T", nil),
                ] + filler(6))
            clock.advance(hours: 48)  // every tombstone is past delete retention
            try log.compactNow()
            var left = try readToEnd(log, partition)
            #expect(values(of: "K", in: left) == ["old-key-barrier-follows", "bad"])
            #expect(values(of: "T", in: left) == ["t", ""])  // the value and the tombstone after the barrier
            #expect(left.filter { $0.key == Self.barrierKey || $0.key == Self.otherBarrierKey }.count == 2)
            log.close()

            log = try open(dir, clock: clock)
            try produceAll(log, [barrier("next", key: Self.barrierKey)])
            try log.compactNow(rollingActiveSegments: true)
            left = try readToEnd(log, partition)
            #expect(values(of: "K", in: left) == ["bad"])
            #expect(values(of: "T", in: left).isEmpty)  // the expired tombstone went, and T with it
            log.close()
        }
    }
}
