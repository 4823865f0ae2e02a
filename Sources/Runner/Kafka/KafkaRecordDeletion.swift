internal import CRdKafka
import StreamrunEngine

extension KafkaTopicAdmin {
    /// Kafka's DeleteRecords: records below the given offsets become unreadable and the broker
    /// frees their segments (what Kafka Streams does to repartition topics once their records are
    /// committed). Returns each partition's new log start offset; throws naming the first
    /// partition the broker refused.
    func deleteRecords(before offsets: [TopicPartition: Int64]) throws -> [TopicPartition: Int64] {
        guard !offsets.isEmpty else { return [:] }
        let list = KafkaPartitionList(offsets)
        guard let request = list.with({ rd_kafka_DeleteRecords_new($0) }) else {
            throw StreamrunError("kafka: cannot build a DeleteRecords request")
        }
        defer { rd_kafka_DeleteRecords_destroy(request) }
        var requests: [OpaquePointer?] = [request]
        let event = try perform(RD_KAFKA_ADMIN_OP_DELETERECORDS, "DeleteRecords") { options, queue in
            rd_kafka_DeleteRecords(handle.pointer, &requests, 1, options, queue)
        }
        return try withExtendedLifetime(event) { try logStarts(in: event) }
    }

    private func logStarts(in event: KafkaEvent) throws -> [TopicPartition: Int64] {
        if let error = event.error { throw StreamrunError("kafka: DeleteRecords failed: \(error)") }
        guard let result = rd_kafka_event_DeleteRecords_result(event.pointer),
            let list = rd_kafka_DeleteRecords_result_offsets(result)
        else {
            throw StreamrunError("kafka: unexpected answer to DeleteRecords (event type \(event.type))")
        }
        var starts: [TopicPartition: Int64] = [:]
        for entry in KafkaPartitionList.entries(of: list) {
            guard entry.error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw StreamrunError(
                    "kafka: cannot delete records of \(entry.partition): \(KafkaText.describe(entry.error))")
            }
            starts[entry.partition] = entry.offset
        }
        return starts
    }
}
