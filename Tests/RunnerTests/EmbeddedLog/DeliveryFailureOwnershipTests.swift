import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine

/// A failed delivery belongs to the caller that produced the record: its callback hears of it,
/// and a flush by the same producer reports only records produced without a callback.
@Suite("Embedded log: delivery failures belong to their caller")
struct DeliveryFailureOwnershipTests {
    @Test func aRecordRefusedWithACallbackDoesNotFailTheProducersNextFlush() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "t", partitions: 1)])
            let producer = try log.makeProducer()
            let failures = LogTestCollector<String>()
            // A command-like record the log refuses (an unknown partition), with its own callback.
            producer.produce(logRecord("t", 7, key: "k", value: "v")) { result in
                if case .failure(let error) = result { failures.append(error.description) }
            }
            producer.produce(logRecord("t", 0, key: "k", value: "v"), delivery: nil)
            try producer.flush()  // the stream thread's flush: its own record was durable
            #expect(failures.items.count == 1)
            // A record without a callback still fails the flush that follows it.
            producer.produce(logRecord("t", 9, key: "k", value: "v"), delivery: nil)
            #expect(throws: StreamrunError.self) { try producer.flush() }
        }
    }

    @Test func theLimitOfARecordIsTheLogsRecordLimit() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            let producer = try log.makeProducer()
            let small = OutgoingRecord(
                topic: "t", partition: 0, key: [1], value: [UInt8](repeating: 0, count: 100), timestamp: 0)
            let huge = OutgoingRecord(
                topic: "t", partition: 0, key: nil, value: [UInt8](repeating: 0, count: producer.maxRecordBytes + 1),
                timestamp: 0)
            #expect(producer.accepts(small))
            #expect(!producer.accepts(huge))
        }
    }
}
