import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine

@Suite("Embedded log: errors")
struct EmbeddedLogErrorTests {
    @Test func createTopicsIsIdempotentAndRejectsAnotherPartitionCount() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "orders", partitions: 3)])
            try log.createTopics([TopicSpec(name: "orders", partitions: 3), TopicSpec(name: "more", partitions: 1)])
            #expect(try log.partitionCount(of: "orders") == 3)
            let error = #expect(throws: StreamrunError.self) {
                try log.createTopics([
                    TopicSpec(name: "fresh", partitions: 1), TopicSpec(name: "orders", partitions: 5),
                ])
            }
            let text = error?.description ?? ""
            #expect(text.contains("orders") && text.contains("3") && text.contains("5"))
            #expect(try log.partitionCount(of: "fresh") == nil)  // nothing created when one spec fails
            #expect(throws: StreamrunError.self) { try log.createTopics([TopicSpec(name: "../etc", partitions: 1)]) }
            #expect(throws: StreamrunError.self) { try log.createTopics([TopicSpec(name: "zero", partitions: 0)]) }
            #expect(throws: StreamrunError.self) { try log.createTopics([TopicSpec(name: "", partitions: 1)]) }
            log.close()
        }
    }

    @Test func unknownTopicsAndPartitionsAreClearErrors() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "known", partitions: 2)])
            #expect(try log.partitionCount(of: "missing") == nil)
            let endError = #expect(throws: StreamrunError.self) { try log.endOffset(of: TopicPartition("missing", 0)) }
            #expect(endError?.description.contains("missing") == true)
            #expect(throws: StreamrunError.self) { try log.endOffset(of: TopicPartition("known", 2)) }
            #expect(throws: StreamrunError.self) { try log.endOffset(of: TopicPartition("known", -1)) }

            let producer = try log.makeProducer()
            let reports = LogTestCollector<String>()
            producer.produce(logRecord("missing", 0, key: nil, value: "x")) { result in
                if case .failure(let error) = result { reports.append(error.description) }
            }
            producer.produce(logRecord("known", 7, key: nil, value: "x")) { result in
                if case .failure(let error) = result { reports.append(error.description) }
            }
            #expect(reports.items.count == 2)
            #expect(reports.items.first?.contains("missing") == true)
            try producer.flush()  // the failures went to the records' callbacks
            producer.produce(logRecord("missing", 0, key: nil, value: "x"), delivery: nil)
            #expect(throws: StreamrunError.self) { try producer.flush() }
            // The failure is reported once; good records go on.
            producer.produce(logRecord("known", 1, key: nil, value: "ok"), delivery: nil)
            try producer.flush()
            #expect(try log.endOffset(of: TopicPartition("known", 1)) == 1)

            let subscriber = try log.makeConsumer(group: "g")
            subscriber.subscribe(["known", "missing"], listener: LogTestListener())
            let pollError = #expect(throws: StreamrunError.self) {
                _ = try subscriber.poll(maxRecords: 10, timeoutMs: 0)
            }
            #expect(pollError?.description.contains("missing") == true)
            let assigned = try log.makeConsumer(group: nil)
            assigned.assign([TopicPartition("known", 9): 0])
            #expect(throws: StreamrunError.self) { _ = try assigned.poll(maxRecords: 10, timeoutMs: 0) }
            #expect(throws: StreamrunError.self) { try log.makeConsumer(group: "") }
            log.close()
        }
    }

    @Test func closedProducersAndLogsRefuseRecords() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "t", partitions: 1)])
            let producer = try log.makeProducer()
            producer.produce(logRecord("t", 0, key: nil, value: "before"), delivery: nil)
            producer.close()  // flushes
            #expect(try log.endOffset(of: TopicPartition("t", 0)) == 1)
            let refused = LogTestCollector<Bool>()
            producer.produce(logRecord("t", 0, key: nil, value: "after")) { refused.append((try? $0.get()) == nil) }
            #expect(refused.items == [true])
            let other = try log.makeProducer()
            other.produce(logRecord("t", 0, key: nil, value: "queued"), delivery: nil)
            log.close()  // writes what is queued
            other.produce(logRecord("t", 0, key: nil, value: "late")) { refused.append((try? $0.get()) == nil) }
            #expect(refused.items == [true, true])
            other.produce(logRecord("t", 0, key: nil, value: "later"), delivery: nil)
            #expect(throws: StreamrunError.self) { try other.flush() }
            let reopened = try openTestLog(dir)
            #expect(try reopened.endOffset(of: TopicPartition("t", 0)) == 2)
            reopened.close()
        }
    }
}
