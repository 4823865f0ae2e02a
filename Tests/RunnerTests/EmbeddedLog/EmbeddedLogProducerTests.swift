import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

@Suite("Embedded log: concurrent producers and group commit")
struct EmbeddedLogProducerTests {
    @Test func concurrentProducersGetEveryCallbackOnceWithDistinctOffsets() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "c", partitions: 3)])
            let threads = 8
            let perThread = 1500
            let reports = LogTestCollector<(thread: Int, index: Int, metadata: RecordMetadata)>()
            let failures = LogTestCollector<String>()
            let shared = try log.makeProducer()
            let syncsBefore = log.writer.statistics.cycles
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                // Half the threads share one producer, the others have their own.
                let producer = thread % 2 == 0 ? shared : (try! log.makeProducer())
                for index in 0..<perThread {
                    let record = logRecord("c", Int32((thread + index) % 3), key: "\(thread)", value: "\(index)")
                    producer.produce(record) { result in
                        switch result {
                        case .success(let metadata): reports.append((thread, index, metadata))
                        case .failure(let error): failures.append(error.description)
                        }
                    }
                }
                do { try producer.flush() } catch { failures.append("\(error)") }
            }
            #expect(failures.items.isEmpty)
            let items = reports.items
            #expect(items.count == threads * perThread)
            // Each callback exactly once.
            #expect(Set(items.map { "\($0.thread)/\($0.index)" }).count == threads * perThread)
            // Distinct, gap-free offsets per partition.
            for partition in Int32(0)..<3 {
                let tp = TopicPartition("c", partition)
                let offsets = items.filter { $0.metadata.topicPartition == tp }.map(\.metadata.offset).sorted()
                #expect(offsets == (0..<Int64(offsets.count)).map { $0 })
                #expect(try log.endOffset(of: tp) == Int64(offsets.count))
                // Per thread, offsets follow produce order.
                for thread in 0..<threads {
                    let mine = items.filter { $0.thread == thread && $0.metadata.topicPartition == tp }
                    #expect(
                        mine.sorted { $0.index < $1.index }.map(\.metadata.offset)
                            == mine.map(\.metadata.offset).sorted())
                }
            }
            // The consumer sees exactly what was acknowledged.
            let consumer = try log.makeConsumer(group: nil)
            consumer.assign([TopicPartition("c", 0): 0, TopicPartition("c", 1): 0, TopicPartition("c", 2): 0])
            let read = try drainLog(consumer, count: threads * perThread, maxRecords: 1000)
            #expect(read.count == threads * perThread)
            let acknowledged = Dictionary(
                uniqueKeysWithValues: items.map {
                    ("\($0.metadata.topicPartition)@\($0.metadata.offset)", "\($0.thread)/\($0.index)")
                })
            #expect(
                read.allSatisfy {
                    acknowledged["\($0.partition)@\($0.offset)"]
                        == "\(String(decoding: $0.key!, as: UTF8.self))/\(String(decoding: $0.value!, as: UTF8.self))"
                })
            // Group commit: far fewer fsync rounds than records.
            let syncs = log.writer.statistics.cycles - syncsBefore
            #expect(syncs > 0 && syncs < threads * perThread / 10)
        }
    }

    @Test func backPressureBoundsTheQueueWithoutLosingRecords() throws {
        try withLogDirectory { dir in
            let log = try EmbeddedLog(directory: dir, options: EmbeddedLogOptions(maxQueuedBytes: 2_000))
            try log.createTopics([TopicSpec(name: "bp", partitions: 2)])
            let delivered = LogTestCounter()
            DispatchQueue.concurrentPerform(iterations: 4) { thread in
                let producer = try! log.makeProducer()
                for i in 0..<2_500 {
                    producer.produce(logRecord("bp", Int32(i % 2), key: "\(thread)", value: "\(i)")) { result in
                        if (try? result.get()) != nil { delivered.add() }
                    }
                }
                try! producer.flush()
            }
            #expect(delivered.value == 10_000)
            #expect(
                try log.endOffset(of: TopicPartition("bp", 0)) + log.endOffset(of: TopicPartition("bp", 1)) == 10_000)
            // Many small group commits were needed, since at most ~2 KB could wait at a time.
            #expect(log.writer.statistics.cycles > 100)
            log.close()
        }
    }

    @Test func sendAwaitsDurability() async throws {
        let dir = NSTemporaryDirectory() + "embeddedlog-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = try openTestLog(dir)
        try log.createTopics([TopicSpec(name: "s", partitions: 1)])
        let producer = try log.makeProducer()
        let offsets = try await withThrowingTaskGroup(of: Int64.self) { group in
            for i in 0..<200 {
                group.addTask { try await producer.send(logRecord("s", 0, key: nil, value: "\(i)")).offset }
            }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        #expect(offsets.sorted() == (0..<200).map { $0 })
        #expect(try log.endOffset(of: TopicPartition("s", 0)) == 200)
        log.close()
    }
}

@Suite("Embedded log: failed writes")
struct EmbeddedLogFailureTests {
    @Test(arguments: [128 << 20, 120])
    func aFailedSyncFailsItsRecordsAndLeavesNoGap(segmentBytes: Int) throws {
        try withLogDirectory { dir in
            var log = try openTestLog(dir, segmentBytes: segmentBytes)
            try log.createTopics([TopicSpec(name: "f", partitions: 1)])
            let producer = try log.makeProducer()
            for i in 0..<5 { producer.produce(logRecord("f", 0, key: nil, value: "ok\(i)"), delivery: nil) }
            try producer.flush()
            let filesBefore = try logSegmentFiles(dir, "f", 0)
            let path = "\(dir)/topics/f/0/" + filesBefore.last!
            let sizeBefore = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int

            // The writer may take the three records in one group commit or in up to three (cycles
            // that write other partitions only, as a slow machine may see, use none of the failures).
            log.writer.injectSyncFailures(3, partition: TopicPartition("f", 0))
            let results = LogTestCollector<Bool>()
            for i in 0..<3 {
                producer.produce(logRecord("f", 0, key: nil, value: "lost\(i)")) {
                    results.append((try? $0.get()) != nil)
                }
            }
            try producer.flush()  // the failures went to the records' callbacks
            log.writer.injectSyncFailures(0)
            #expect(results.items == [false, false, false])
            #expect(try log.endOffset(of: TopicPartition("f", 0)) == 5)
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == sizeBefore)
            #expect(try logSegmentFiles(dir, "f", 0) == filesBefore)
            // A record produced without a callback fails the producer's next flush instead.
            log.writer.injectSyncFailures(1, partition: TopicPartition("f", 0))
            producer.produce(logRecord("f", 0, key: nil, value: "lost3"), delivery: nil)
            let error = #expect(throws: StreamrunError.self) { try producer.flush() }
            #expect(error?.description.contains("injected") == true)
            #expect(try log.endOffset(of: TopicPartition("f", 0)) == 5)

            let offsets = LogTestCollector<Int64>()
            for i in 5..<7 {
                producer.produce(logRecord("f", 0, key: nil, value: "ok\(i)")) { offsets.append(try! $0.get().offset) }
            }
            try producer.flush()
            #expect(offsets.items == [5, 6])
            log.close()
            log = try openTestLog(dir, segmentBytes: segmentBytes)
            let segmentCount = try logSegmentFiles(dir, "f", 0).count
            #expect(segmentBytes > 1000 ? segmentCount == 1 : segmentCount == 3)
            let consumer = try log.makeConsumer(group: nil)
            consumer.assign([TopicPartition("f", 0): 0])
            let read = try drainLog(consumer, count: 7)
            #expect(read.map { String(decoding: $0.value!, as: UTF8.self) } == (0..<7).map { "ok\($0)" })
            log.close()
        }
    }
}
