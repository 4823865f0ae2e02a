internal import CRdKafka
import Foundation
import StreamrunEngine

/// Finds a partition's end offset from the high watermark a fetch reply carries, read by a consumer
/// of its own assigned at the watermark that ListOffsets reported. Kafka's two answers agree. Tansu
/// answers ListOffsets with the base offset of the last record batch plus one, but its fetch replies
/// carry the true end; and it may answer a fetch with no records while it lists a long partition's
/// batches (its listing stops at the fetch's max wait), so an end-of-partition event may never come.
/// The watermark of the first reply does come, records or not.
struct KafkaEndOffsetProbe: Sendable {
    let configuration: KafkaConfiguration

    /// The end of `partition` given the high watermark `reported` for it.
    func endOffset(of partition: TopicPartition, reported: Int64) throws -> Int64 {
        guard reported > 0 else { return reported }
        let properties =
            configuration.consumerProperties(group: nil) + [
                ("enable.partition.eof", "true"),
                ("isolation.level", "read_uncommitted"),
                ("fetch.wait.max.ms", "10"),
            ]
        let context = KafkaClientContext(name: "\(configuration.clientId)-end-offsets", log: configuration.log)
        // A handle per probe: librdkafka keeps a partition's last fetched watermark across
        // assignments, so a reused handle could answer with an old one.
        let handle = try KafkaHandle(.consumer, conf: try KafkaConf(properties), context: context)
        guard let queue = KafkaQueue(consumerOf: handle) else {
            throw StreamrunError("kafka: end offset probe has no consumer queue")
        }
        defer { _ = rd_kafka_consumer_close(handle.pointer) }
        let list = KafkaPartitionList([partition: reported])
        let code = list.with { rd_kafka_assign(handle.pointer, $0) }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return reported }
        let deadline = Date(timeIntervalSinceNow: Double(configuration.requestTimeoutMs) / 1000)
        while Date() < deadline {
            // Records and end-of-partition events come from a fetch reply, whose watermark is then
            // cached; an error of the partition (it is gone, ...) ends the probe.
            if let message = rd_kafka_consume_queue(queue.pointer, 20) {
                let record = message.pointee
                let error = record.err
                let ours =
                    record.partition == partition.partition
                    && KafkaText.string(rd_kafka_topic_name(record.rkt)) == partition.topic
                rd_kafka_message_destroy(message)
                if ours, error != RD_KAFKA_RESP_ERR_NO_ERROR, error != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                    handle.log("end offset of \(partition): \(KafkaText.describe(error)); using \(reported)")
                    return reported
                }
            }
            var low: Int64 = 0
            var high = Int64(RD_KAFKA_OFFSET_INVALID)
            let cached = rd_kafka_get_watermark_offsets(
                handle.pointer, partition.topic, partition.partition, &low, &high)
            if cached == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 { return max(reported, high) }
        }
        handle.log("end offset of \(partition): no fetch reply in time; using \(reported)")
        return reported
    }
}
