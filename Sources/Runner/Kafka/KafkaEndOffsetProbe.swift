internal import CRdKafka
import Foundation
import StreamrunEngine

/// Finds a partition's end offset by reading up to the end of the log from the high watermark
/// that ListOffsets reports. Kafka's answer is already right (the probe sees the end at once);
/// Tansu 0.6 answers the base offset of the last record batch plus one, which the probe corrects.
// @unchecked Sendable: `client` is made and used only under `lock` (deinit has the last reference); others are `let`.
final class KafkaEndOffsetProbe: @unchecked Sendable {
    private let configuration: KafkaConfiguration
    private let lock = NSLock()
    private var client: (handle: KafkaHandle, queue: KafkaQueue)?  // guarded by `lock`, made on first use

    init(configuration: KafkaConfiguration) {
        self.configuration = configuration
    }

    deinit {
        if let client { _ = rd_kafka_consumer_close(client.handle.pointer) }
    }

    /// The end of `partition` given the high watermark `reported` for it: the offset where a
    /// reader starting at `reported` meets the end of the partition.
    func endOffset(of partition: TopicPartition, reported: Int64) throws -> Int64 {
        guard reported > 0 else { return reported }
        lock.lock()
        defer { lock.unlock() }
        let (handle, queue) = try client ?? makeClient()
        let list = KafkaPartitionList([partition: reported])
        let code = list.with { rd_kafka_assign(handle.pointer, $0) }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return reported }
        defer { _ = rd_kafka_assign(handle.pointer, nil) }
        let deadline = Date(timeIntervalSinceNow: Double(configuration.requestTimeoutMs) / 1000)
        var end = reported
        while Date() < deadline {
            guard let message = rd_kafka_consume_queue(queue.pointer, 100) else { continue }
            defer { rd_kafka_message_destroy(message) }
            let record = message.pointee
            guard record.partition == partition.partition,
                KafkaText.string(rd_kafka_topic_name(record.rkt)) == partition.topic
            else { continue }
            switch record.err {
            case RD_KAFKA_RESP_ERR_NO_ERROR: end = max(end, record.offset + 1)
            case RD_KAFKA_RESP_ERR__PARTITION_EOF: return max(end, record.offset)
            default:
                handle.log("end offset of \(partition): \(KafkaText.describe(record.err)); using \(end)")
                return end
            }
        }
        handle.log("end offset of \(partition): no end of partition seen in time; using \(end)")
        return end
    }

    private func makeClient() throws -> (handle: KafkaHandle, queue: KafkaQueue) {
        let properties =
            configuration.consumerProperties(group: nil) + [
                ("enable.partition.eof", "true"),
                ("isolation.level", "read_uncommitted"),
                ("fetch.wait.max.ms", "10"),
            ]
        let context = KafkaClientContext(name: "\(configuration.clientId)-end-offsets", log: configuration.log)
        let handle = try KafkaHandle(.consumer, conf: try KafkaConf(properties), context: context)
        guard let queue = KafkaQueue(consumerOf: handle) else {
            throw StreamrunError("kafka: end offset probe has no consumer queue")
        }
        client = (handle, queue)
        return (handle, queue)
    }
}
