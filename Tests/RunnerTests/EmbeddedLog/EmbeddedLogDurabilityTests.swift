import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

@Suite("Embedded log: durability, recovery and segments")
struct EmbeddedLogDurabilityTests {
    private func produce(_ log: EmbeddedLog, _ topic: String, partitions: Int32, count: Int, from start: Int = 0) throws
    {
        let producer = try log.makeProducer()
        for i in start..<(start + count) {
            producer.produce(
                logRecord(topic, Int32(i) % partitions, key: "key-\(i)", value: "value-\(i)", timestamp: Int64(i)),
                delivery: nil)
        }
        try producer.flush()
    }

    private func readAll(_ log: EmbeddedLog, _ topic: String, partitions: Int32) throws -> [LogTestRecord] {
        let consumer = try log.makeConsumer(group: nil)
        var positions: [TopicPartition: Int64] = [:]
        var total = 0
        for p in 0..<partitions {
            positions[TopicPartition(topic, p)] = 0
            total += Int(try log.endOffset(of: TopicPartition(topic, p)))
        }
        consumer.assign(positions)
        return try drainLog(consumer, count: total).sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
    }

    @Test func recordsAndEndOffsetsSurviveReopen() throws {
        try withLogDirectory { dir in
            var log = try openTestLog(dir)
            try log.createTopics([
                TopicSpec(name: "events", partitions: 3), TopicSpec(name: "table", partitions: 1, compacted: true),
            ])
            try produce(log, "events", partitions: 3, count: 100)
            let before = try readAll(log, "events", partitions: 3)
            let ends = try (0..<3).map { try log.endOffset(of: TopicPartition("events", Int32($0))) }
            #expect(before.count == 100)
            log.close()
            #expect(throws: StreamrunError.self) { try log.makeProducer() }

            log = try openTestLog(dir)
            #expect(try log.partitionCount(of: "events") == 3)
            #expect(try log.partitionCount(of: "table") == 1)
            #expect(log.isCompacted("table") == true && log.isCompacted("events") == false)
            #expect(try (0..<3).map { try log.endOffset(of: TopicPartition("events", Int32($0))) } == ends)
            #expect(try readAll(log, "events", partitions: 3) == before)
            // Appends continue where the log ended.
            try produce(log, "events", partitions: 3, count: 30, from: 100)
            #expect(try log.endOffset(of: TopicPartition("events", 0)) == ends[0] + 10)
            log.close()
            log = try openTestLog(dir)
            let after = try readAll(log, "events", partitions: 3)
            #expect(after.count == 130)
            #expect(
                Array(after.filter { $0.partition.partition == 0 }.map(\.offset)) == (0..<(ends[0] + 10)).map { $0 })
            log.close()
        }
    }

    @Test(arguments: ["garbage", "truncated frame", "flipped byte"])
    func tornTailIsTruncatedOnOpen(damage: String) throws {
        try withLogDirectory { dir in
            var log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "t", partitions: 1)])
            try produce(log, "t", partitions: 1, count: 10)
            let intact = try readAll(log, "t", partitions: 1)
            log.close()

            let path = "\(dir)/topics/t/0/" + LogSegment.fileName(baseOffset: 0)
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            let size = data.count
            let lastFrame = RecordFrame.encodedSize(logRecord("t", 0, key: "key-9", value: "value-9"))
            switch damage {
            case "garbage": data.append(contentsOf: [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0, 0, 0, 1])
            case "truncated frame": data.removeLast(5)
            default: data[size - 2] ^= 0xFF  // inside the last frame's value
            }
            try data.write(to: URL(fileURLWithPath: path))

            let messages = LogTestCollector<String>()
            log = try openTestLog(dir, messages: messages)
            let expectedEnd: Int64 = damage == "garbage" ? 10 : 9
            #expect(try log.endOffset(of: TopicPartition("t", 0)) == expectedEnd)
            #expect(try readAll(log, "t", partitions: 1) == Array(intact.prefix(Int(expectedEnd))))
            #expect(messages.items.count == 1)
            #expect(messages.items.first?.contains("torn tail") == true)
            let truncatedSize = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
            #expect(truncatedSize == (damage == "garbage" ? size : size - lastFrame))
            // The log goes on from the truncation point, with no gap.
            try produce(log, "t", partitions: 1, count: 1, from: 50)
            let reread = try readAll(log, "t", partitions: 1)
            #expect(reread.map(\.offset) == (0...expectedEnd).map { $0 })
            #expect(reread.last?.value == logBytes("value-50"))
            log.close()
        }
    }

    @Test func corruptionBeforeTheLastSegmentIsAnError() throws {
        try withLogDirectory { dir in
            var log = try openTestLog(dir, segmentBytes: 300)
            try log.createTopics([TopicSpec(name: "t", partitions: 1)])
            for i in 0..<3 { try produce(log, "t", partitions: 1, count: 6, from: i * 6) }
            log.close()
            let files = try logSegmentFiles(dir, "t", 0)
            #expect(files.count >= 2)
            let path = "\(dir)/topics/t/0/\(files[0])"
            var data = try Data(contentsOf: URL(fileURLWithPath: path))
            data[20] ^= 0x01
            try data.write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: StreamrunError.self) { log = try openTestLog(dir, segmentBytes: 300) }
            #expect(error?.description.contains("corrupt segment") == true)
        }
    }

    @Test func segmentsRollAndReadsCrossThem() throws {
        try withLogDirectory { dir in
            var log = try openTestLog(dir, segmentBytes: 256)
            try log.createTopics([TopicSpec(name: "r", partitions: 1)])
            // Both many small flushes and one big batch must roll.
            try produce(log, "r", partitions: 1, count: 10)
            for i in 10..<20 { try produce(log, "r", partitions: 1, count: 1, from: i) }
            try produce(log, "r", partitions: 1, count: 30, from: 20)
            let files = try logSegmentFiles(dir, "r", 0)
            #expect(files.count >= 10)
            #expect(files.first == "00000000000000000000.log")
            let bases = files.compactMap(LogSegment.baseOffset(fileName:))
            #expect(bases == bases.sorted() && Set(bases).count == bases.count)
            for file in files {
                let size =
                    try FileManager.default.attributesOfItem(atPath: "\(dir)/topics/r/0/\(file)")[.size] as? Int ?? 0
                let frame = RecordFrame.encodedSize(logRecord("r", 0, key: "key-10", value: "value-10"))
                #expect(size > 0 && size <= 256 + frame)
            }
            let all = try readAll(log, "r", partitions: 1)
            #expect(all.map(\.offset) == (0..<50).map { $0 })
            #expect(all.map(\.value) == (0..<50).map { logBytes("value-\($0)") })
            let consumer = try log.makeConsumer(group: nil)
            for start in bases.map({ $0 - 1 }).filter({ $0 >= 0 }) + [bases[3], 49] {
                consumer.assign([TopicPartition("r", 0): start])
                #expect(
                    try drainLog(consumer, count: Int(50 - start), maxRecords: 7).map(\.offset)
                        == (start..<50).map { $0 })
            }
            log.close()
            log = try openTestLog(dir, segmentBytes: 256)
            #expect(try readAll(log, "r", partitions: 1) == all)
            try produce(log, "r", partitions: 1, count: 5, from: 50)
            #expect(try readAll(log, "r", partitions: 1).map(\.offset) == (0..<55).map { $0 })
            log.close()
        }
    }

    @Test func reopeningInTheSameProcessClosesTheEarlierInstance() throws {
        try withLogDirectory { dir in
            let messages = LogTestCollector<String>()
            let first = try openTestLog(dir)
            try first.createTopics([TopicSpec(name: "t", partitions: 1)])
            let producer = try first.makeProducer()
            producer.produce(logRecord("t", 0, key: nil, value: "queued"), delivery: nil)
            let second = try openTestLog(dir, messages: messages)  // a restart while `first` is still referenced
            #expect(messages.items.first?.contains("closing the earlier instance") == true)
            #expect(throws: StreamrunError.self) { try first.makeProducer() }
            #expect(try second.endOffset(of: TopicPartition("t", 0)) == 1)  // the queued record was written
            // Another open of the lock file (as another process would do) is refused while `second` is open.
            let error = #expect(throws: StreamrunError.self) { _ = try DirectoryLock(directory: dir) }
            #expect(error?.description.contains("in use") == true)
            second.close()
            _ = try DirectoryLock(directory: dir)
        }
    }
}
