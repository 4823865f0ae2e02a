import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine

@Suite("Embedded log: consumers, groups and blocking polls")
struct EmbeddedLogConsumerTests {
    @Test func committedOffsetsPersistAcrossReopen() throws {
        try withLogDirectory { dir in
            var log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "a", partitions: 2)])
            let consumer = try log.makeConsumer(group: "app/1 ü")
            #expect(try consumer.committed(TopicPartition("a", 0)) == nil)
            try consumer.commit([TopicPartition("a", 0): 5])
            try consumer.commit([TopicPartition("a", 1): 7])
            try consumer.commit([TopicPartition("a", 0): 6])
            #expect(try consumer.committed(TopicPartition("a", 0)) == 6)
            // Another consumer of the group sees them; another group does not.
            #expect(try log.makeConsumer(group: "app/1 ü").committed(TopicPartition("a", 1)) == 7)
            #expect(try log.makeConsumer(group: "other").committed(TopicPartition("a", 1)) == nil)
            #expect(throws: StreamrunError.self) { try consumer.commit([TopicPartition("nope", 0): 1]) }
            #expect(throws: StreamrunError.self) {
                try log.makeConsumer(group: nil).commit([TopicPartition("a", 0): 1])
            }
            log.close()

            log = try openTestLog(dir)
            let reopened = try log.makeConsumer(group: "app/1 ü")
            #expect(try reopened.committed(TopicPartition("a", 0)) == 6)
            #expect(try reopened.committed(TopicPartition("a", 1)) == 7)
            let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/groups")
            #expect(files == ["app%2F1%20%C3%BC.offsets"])
            log.close()
        }
    }

    @Test func subscribeAssignsEveryPartitionAndResumesFromCommitted() throws {
        try withLogDirectory { dir in
            var log = try openTestLog(dir)
            try log.createTopics([
                TopicSpec(name: "x", partitions: 3), TopicSpec(name: "y", partitions: 1),
                TopicSpec(name: "z", partitions: 1),
            ])
            let producer = try log.makeProducer()
            for i in 0..<30 {
                producer.produce(
                    logRecord(i < 27 ? "x" : "y", Int32(i < 27 ? i % 3 : 0), key: "k", value: "\(i)"), delivery: nil)
            }
            try producer.flush()

            let listener = LogTestListener()
            let consumer = try log.makeConsumer(group: "g")
            consumer.subscribe(["x", "y"], listener: listener)
            #expect(listener.assigned.items.isEmpty)  // only during poll
            let first = try drainLog(consumer, count: 30)
            let all = [TopicPartition("x", 0), TopicPartition("x", 1), TopicPartition("x", 2), TopicPartition("y", 0)]
            #expect(listener.assigned.items == [all])
            #expect(first.count == 30)
            #expect(Set(first.map(\.partition)) == Set(all))
            // Commit part of it: x-0 up to 4, y-0 fully.
            try consumer.commit([TopicPartition("x", 0): 4, TopicPartition("y", 0): 3])
            consumer.close()
            #expect(throws: StreamrunError.self) { _ = try consumer.poll(maxRecords: 1, timeoutMs: 0) }
            log.close()

            log = try openTestLog(dir)
            let resumed = try log.makeConsumer(group: "g")
            let again = LogTestListener()
            resumed.subscribe(["y", "x"], listener: again)
            let rest = try drainLog(resumed, count: 23)
            #expect(again.assigned.items == [all])
            // x-0 resumes at 4, x-1 and x-2 at 0 (never committed), y-0 has nothing left.
            let byPartition = Dictionary(grouping: rest, by: \.partition)
            #expect(byPartition[TopicPartition("x", 0)]?.map(\.offset) == [4, 5, 6, 7, 8])
            #expect(byPartition[TopicPartition("x", 1)]?.count == 9)
            #expect(byPartition[TopicPartition("y", 0)] == nil)
            #expect(rest.count == 23)

            // A new subscription revokes what it drops and assigns what it adds.
            resumed.subscribe(["z"], listener: again)
            #expect(try resumed.poll(maxRecords: 10, timeoutMs: 0).isEmpty)
            #expect(again.revoked.items == [all])
            #expect(again.assigned.items.last == [TopicPartition("z", 0)])
            log.close()
        }
    }

    @Test func pollBlocksUntilDataArrives() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "w", partitions: 2)])
            let consumer = try log.makeConsumer(group: nil)
            consumer.assign([TopicPartition("w", 0): 0, TopicPartition("w", 1): 0])

            var start = Date()
            #expect(try consumer.poll(maxRecords: 10, timeoutMs: 150).isEmpty)
            #expect(Date().timeIntervalSince(start) >= 0.14)

            let producer = try log.makeProducer()
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.3)
                producer.produce(logRecord("w", 1, key: "late", value: "arrival"), delivery: nil)
            }
            start = Date()
            let batches = try consumer.poll(maxRecords: 10, timeoutMs: 20_000)
            let waited = Date().timeIntervalSince(start)
            #expect(copyLogRecords(batches).map(\.key) == [logBytes("late")])
            #expect(waited >= 0.25 && waited < 10)
        }
    }

    @Test func wakeupEndsABlockedPoll() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "w", partitions: 1)])
            let consumer = try log.makeConsumer(group: "g")
            consumer.subscribe(["w"], listener: LogTestListener())
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.3)
                consumer.wakeup()
            }
            let start = Date()
            #expect(try consumer.poll(maxRecords: 10, timeoutMs: 30_000).isEmpty)
            let waited = Date().timeIntervalSince(start)
            #expect(waited >= 0.25 && waited < 15)
            // A wakeup before a poll makes that poll return at once; the next one reads again.
            consumer.wakeup()
            let producer = try log.makeProducer()
            producer.produce(logRecord("w", 0, key: "k", value: "v"), delivery: nil)
            try producer.flush()
            #expect(try consumer.poll(maxRecords: 10, timeoutMs: 5_000).isEmpty)
            #expect(copyLogRecords(try consumer.poll(maxRecords: 10, timeoutMs: 5_000)).count == 1)
        }
    }
}
