import Foundation
import Testing

@testable import Runner
@testable import StreamrunEngine

/// A throughput sanity run on Tansu, not an assertion: `KAFKA_BENCH=1 swift test -c release
/// -Xswiftc -enable-testing --filter KafkaThroughput` prints records/s.
@Suite(
    "KafkaThroughput",
    .enabled(if: ProcessInfo.processInfo.environment["KAFKA_BENCH"] != nil && TansuBroker.isAvailable))
struct KafkaThroughput {
    @Test func produceAndConsumeThroughAGroup() async throws {
        try await onKafkaThread {
            let cluster = try KafkaTestCluster()
            let partitions: Int32 = 3
            let total = Int(ProcessInfo.processInfo.environment["KAFKA_BENCH_RECORDS"] ?? "") ?? 300_000
            try cluster.transport.createTopics([TopicSpec(name: "bench", partitions: partitions)])
            let producer = try cluster.transport.makeProducer()
            let key: [UInt8] = Array("key-0001".utf8)  // 8 bytes
            let value: [UInt8] = Array("value-000001".utf8)  // 12 bytes: 20 bytes a record
            var start = Date()
            for i in 0..<total {
                producer.produce(
                    OutgoingRecord(
                        topic: "bench", partition: Int32(i % Int(partitions)), key: key, value: value,
                        timestamp: 1_700_000_000_000), delivery: nil)
            }
            try producer.flush()
            let produceSeconds = Date().timeIntervalSince(start)

            let delivered = LogTestCollector<Int>()
            start = Date()
            for i in 0..<total {
                producer.produce(
                    OutgoingRecord(
                        topic: "bench", partition: Int32(i % Int(partitions)), key: key, value: value,
                        timestamp: 1_700_000_000_000)
                ) { _ in delivered.append(1) }
            }
            try producer.flush()
            let callbackSeconds = Date().timeIntervalSince(start)
            producer.close()

            let consumer = try cluster.transport.makeConsumer(group: "bench-group")
            consumer.subscribe(["bench"], listener: KafkaTestListener())
            var consumed = 0
            var bytes = 0
            var firstRecord: Date?
            start = Date()
            let deadline = Date(timeIntervalSinceNow: 120)
            while consumed < 2 * total && Date() < deadline {
                for batch in try consumer.poll(maxRecords: 10_000, timeoutMs: 100) {
                    if firstRecord == nil { firstRecord = Date() }
                    batch.forEach { bytes += ($0.key?.count ?? 0) + ($0.value?.count ?? 0) }
                    consumed += batch.count
                }
            }
            let end = Date()
            consumer.close()
            let consumeSeconds = end.timeIntervalSince(firstRecord ?? end)
            print(
                String(
                    format:
                        "kafka bench (Tansu, %d partitions, 20-byte records): produce+flush %d: %.2f s = %.0f records/s; "
                        + "with delivery callbacks: %.2f s = %.0f records/s (%d reports); group consume %d: %.2f s after "
                        + "the first record = %.0f records/s (join took %.2f s)",
                    partitions, total, produceSeconds, Double(total) / produceSeconds, callbackSeconds,
                    Double(total) / callbackSeconds, delivered.items.count, consumed, consumeSeconds,
                    Double(consumed) / consumeSeconds, (firstRecord ?? end).timeIntervalSince(start)))
            #expect(consumed == 2 * total)
            #expect(bytes == 2 * total * 20)
        }
    }
}
