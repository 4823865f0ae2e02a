import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine
@testable import StreamrunLog

/// A throughput sanity run, not an assertion: `EMBEDDEDLOG_BENCH=1 swift test -c release
/// -Xswiftc -enable-testing --filter EmbeddedLogThroughput` prints records/s.
@Suite("EmbeddedLogThroughput", .enabled(if: ProcessInfo.processInfo.environment["EMBEDDEDLOG_BENCH"] != nil))
struct EmbeddedLogThroughput {
    @Test func bulkProduceAndConsume() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            let partitions: Int32 = 3
            let total = 1_000_000
            try log.createTopics([TopicSpec(name: "bench", partitions: partitions)])
            let producer = try log.makeProducer()
            let key: [UInt8] = Array("key-0001".utf8)  // 8 bytes
            let value: [UInt8] = Array("value-000001".utf8)  // 12 bytes: 20 bytes a record
            var start = Date()
            for i in 0..<total {
                producer.produce(
                    OutgoingRecord(
                        topic: "bench", partition: Int32(i % Int(partitions)), key: key,
                        value: value, timestamp: 1_700_000_000_000), delivery: nil)
            }
            try producer.flush()
            let produceSeconds = Date().timeIntervalSince(start)
            let cycles = log.writer.statistics.cycles

            // With a delivery callback per record, as the HTTP command side produces.
            let acknowledged = LogTestCollector<Int>()
            let counter = LogTestCounter()
            start = Date()
            for i in 0..<total {
                producer.produce(
                    OutgoingRecord(
                        topic: "bench", partition: Int32(i % Int(partitions)), key: key,
                        value: value, timestamp: 1_700_000_000_000)
                ) { _ in counter.add() }
            }
            try producer.flush()
            let callbackSeconds = Date().timeIntervalSince(start)
            acknowledged.append(counter.value)

            let consumer = try log.makeConsumer(group: nil)
            var positions: [TopicPartition: Int64] = [:]
            for p in 0..<partitions { positions[TopicPartition("bench", p)] = 0 }
            consumer.assign(positions)
            start = Date()
            var consumed = 0
            var checksum = 0
            while consumed < 2 * total {
                for batch in try consumer.poll(maxRecords: 10_000, timeoutMs: 1000) {
                    batch.forEach { view in checksum &+= (view.key?.count ?? 0) &+ (view.value?.count ?? 0) }
                    consumed += batch.count
                }
            }
            let consumeSeconds = Date().timeIntervalSince(start)
            print(
                String(
                    format: "embedded log: produced %d x 20-byte records in %.3f s = %.0f records/s (%d group commits)",
                    total, produceSeconds, Double(total) / produceSeconds, cycles))
            print(
                String(
                    format: "embedded log: produced %d with delivery callbacks in %.3f s = %.0f records/s (%d acks)",
                    total, callbackSeconds, Double(total) / callbackSeconds, acknowledged.items[0]))
            print(
                String(
                    format: "embedded log: consumed %d records in %.3f s = %.0f records/s (checksum %d)",
                    consumed, consumeSeconds, Double(consumed) / consumeSeconds, checksum))
            log.close()
        }
    }

    /// Many threads each producing one record and waiting for its delivery, like HTTP commands.
    @Test func requestStyleProducers() throws {
        try withLogDirectory { dir in
            let log = try openTestLog(dir)
            try log.createTopics([TopicSpec(name: "cmd", partitions: 3)])
            let producer = try log.makeProducer()
            let threads = 32
            let perThread = 300
            let start = Date()
            let finished = DispatchGroup()
            for thread in 0..<threads {
                finished.enter()
                Thread.detachNewThread {
                    for i in 0..<perThread {
                        let done = DispatchSemaphore(value: 0)
                        producer.produce(logRecord("cmd", Int32((thread + i) % 3), key: "k\(thread)", value: "v\(i)")) {
                            _ in
                            done.signal()
                        }
                        done.wait()
                    }
                    finished.leave()
                }
            }
            finished.wait()
            let seconds = Date().timeIntervalSince(start)
            let stats = log.writer.statistics
            print(
                String(
                    format: "embedded log: %d threads x %d acknowledged produces: %.0f records/s, "
                        + "%d group commits (%.1f records each, %.2f ms each)",
                    threads, perThread, Double(threads * perThread) / seconds, stats.cycles,
                    Double(stats.records) / Double(stats.cycles), seconds * 1000 / Double(stats.cycles)))
            log.close()
        }
    }
}

final class LogTestCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
