import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

@Suite("Embedded log: produce and read")
struct EmbeddedLogRoundTripTests {
    @Test func recordsRoundTripWithNullKeysValuesAndHeaders() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "orders", partitions: 2)])
            let producer = try log.makeProducer()
            let sent = [
                logRecord("orders", 0, key: "a", value: "one", timestamp: 10, headers: [("trace", [9, 8, 7])]),
                logRecord("orders", 0, key: nil, value: "no key", timestamp: 11),
                logRecord("orders", 0, key: "tombstone", value: nil, timestamp: 12),
                logRecord("orders", 0, key: "", value: "", timestamp: -5, headers: [("a", []), ("ü", [0])]),
                logRecord("orders", 1, key: nil, value: nil, timestamp: 13),
            ]
            for record in sent { producer.produce(record, delivery: nil) }
            try producer.flush()
            #expect(try log.endOffset(of: TopicPartition("orders", 0)) == 4)
            #expect(try log.endOffset(of: TopicPartition("orders", 1)) == 1)

            let consumer = try log.makeConsumer(group: nil)
            consumer.assign([TopicPartition("orders", 0): 0, TopicPartition("orders", 1): 0])
            let batches = try consumer.poll(maxRecords: 100, timeoutMs: 1000)
            let read = copyLogRecords(batches).sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
            #expect(read.map(\.offset) == [0, 1, 2, 3, 0])
            #expect(read.map(\.key) == sent.map(\.key))
            #expect(read.map(\.value) == sent.map(\.value))
            #expect(read.map(\.timestamp) == sent.map(\.timestamp))
            // Headers (which ConsumedRecordView lacks) through the embedded batch.
            var headers: [[(String, [UInt8])]] = []
            for case let batch as EmbeddedLogBatch in batches where batch.topicPartition.partition == 0 {
                batch.forEachWithHeaders { _, view in headers.append(view.decoded()) }
            }
            #expect(headers.count == 4)
            #expect(headers[0].map(\.0) == ["trace"] && headers[0].map(\.1) == [[9, 8, 7]])
            #expect(headers[1].isEmpty && headers[2].isEmpty)
            #expect(headers[3].map(\.0) == ["a", "ü"] && headers[3].map(\.1) == [[], [0]])
            #expect(batches.allSatisfy { $0.nextOffset == ($0.topicPartition.partition == 0 ? 4 : 1) })
            #expect(try consumer.poll(maxRecords: 100, timeoutMs: 0).isEmpty)
        }
    }

    @Test func offsetsAreConsecutivePerPartitionAcrossProducers() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "t", partitions: 3)])
            let first = try log.makeProducer()
            let second = try log.makeProducer()
            let reports = LogTestCollector<(String, RecordMetadata)>()
            for i in 0..<300 {
                let producer = i % 2 == 0 ? first : second
                let value = "v\(i)"
                producer.produce(logRecord("t", Int32(i % 3), key: nil, value: value)) { result in
                    if case .success(let metadata) = result { reports.append((value, metadata)) }
                }
                if i % 50 == 0 { try producer.flush() }
            }
            try first.flush()
            try second.flush()
            #expect(reports.items.count == 300)
            for partition in Int32(0)..<3 {
                let tp = TopicPartition("t", partition)
                let mine = reports.items.filter { $0.1.topicPartition == tp }
                // Produce order per partition maps to offsets 0, 1, 2, ... without gaps.
                let expectedValues = stride(from: Int(partition), to: 300, by: 3).map { "v\($0)" }
                #expect(mine.sorted { $0.1.offset < $1.1.offset }.map(\.0) == expectedValues)
                #expect(mine.map(\.1.offset).sorted() == (0..<100).map(Int64.init))
                #expect(try log.endOffset(of: tp) == 100)
                let consumer = try log.makeConsumer(group: nil)
                consumer.assign([tp: 0])
                let read = try drainLog(consumer, count: 100)
                #expect(read.map(\.offset) == (0..<100).map(Int64.init))
                #expect(read.map { String(decoding: $0.value!, as: UTF8.self) } == expectedValues)
            }
        }
    }

    @Test func largeRecordsAndReadsFromTheMiddle() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "big", partitions: 1)])
            let producer = try log.makeProducer()
            for i in 0..<20 {
                let size = i == 10 ? 3 << 20 : 100 + i
                producer.produce(
                    OutgoingRecord(
                        topic: "big", partition: 0, key: [UInt8(i)],
                        value: [UInt8](repeating: UInt8(i), count: size), timestamp: Int64(i)),
                    delivery: nil)
            }
            try producer.flush()
            let consumer = try log.makeConsumer(group: nil)
            for start in [Int64(0), 9, 10, 11, 19] {
                consumer.assign([TopicPartition("big", 0): start])
                let read = try drainLog(consumer, count: Int(20 - start), maxRecords: 3)
                #expect(read.map(\.offset) == (start..<20).map { $0 })
                for record in read {
                    let size = record.offset == 10 ? 3 << 20 : 100 + Int(record.offset)
                    #expect(record.key == [UInt8(record.offset)])
                    #expect(record.value == [UInt8](repeating: UInt8(record.offset), count: size))
                }
            }
            consumer.assign([TopicPartition("big", 0): 5])
            consumer.seek(TopicPartition("big", 0), to: 17)
            #expect(try drainLog(consumer, count: 3).map(\.offset) == [17, 18, 19])
            consumer.seek(TopicPartition("big", 0), to: 2)
            #expect(try consumer.poll(maxRecords: 2, timeoutMs: 100).first?.nextOffset == 4)
        }
    }

    @Test func pollSharesRecordsFairlyAcrossPartitions() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "fair", partitions: 3)])
            let producer = try log.makeProducer()
            for i in 0..<300 {
                producer.produce(logRecord("fair", Int32(i % 3), key: "k", value: "\(i)"), delivery: nil)
            }
            try producer.flush()
            let consumer = try log.makeConsumer(group: nil)
            consumer.assign([TopicPartition("fair", 0): 0, TopicPartition("fair", 1): 0, TopicPartition("fair", 2): 0])
            let batches = try consumer.poll(maxRecords: 30, timeoutMs: 100)
            #expect(batches.count == 3)
            #expect(batches.map(\.count) == [10, 10, 10])
            #expect(Set(batches.map(\.topicPartition.partition)) == [0, 1, 2])
            // Odd budgets rotate the remainder.
            var totals = [Int32: Int]()
            for _ in 0..<3 {
                for batch in try consumer.poll(maxRecords: 2, timeoutMs: 100) {
                    totals[batch.topicPartition.partition, default: 0] += batch.count
                }
            }
            #expect(totals.values.sorted() == [2, 2, 2])
        }
    }
}
