internal import CRdKafka
import Foundation
public import StreamrunEngine

/// librdkafka's transactional API: a commit's records and the group's input offsets become
/// visible to `read_committed` readers together, and a newer producer with the same
/// `transactional.id` fences this one.
extension KafkaProducer: TransactionalProducer {
    func initTransactions(timeoutMs: Int) throws {
        try run("initialize transactions") { rd_kafka_init_transactions(handle.pointer, Int32(clamping: timeoutMs)) }
    }

    public func beginTransaction() throws {
        try run("begin a transaction") { rd_kafka_begin_transaction(handle.pointer) }
    }

    public func commitTransaction(offsets: [TopicPartition: Int64], consumer: any LogConsumer) throws {
        if !offsets.isEmpty {
            guard let group = (consumer as? KafkaConsumer)?.handle,
                let metadata = rd_kafka_consumer_group_metadata(group.pointer)
            else {
                throw StreamrunError("kafka: a transaction's offsets need a Kafka group consumer")
            }
            defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
            let list = KafkaPartitionList(offsets)
            try run("send the input offsets to the transaction") {
                list.with {
                    rd_kafka_send_offsets_to_transaction(handle.pointer, $0, metadata, Int32(clamping: flushTimeoutMs))
                }
            }
        }
        try run("commit the transaction") {
            rd_kafka_commit_transaction(handle.pointer, Int32(clamping: flushTimeoutMs))
        }
    }

    public func abortTransaction() throws {
        try run("abort the transaction") { rd_kafka_abort_transaction(handle.pointer, Int32(clamping: flushTimeoutMs)) }
    }

    /// Runs a transactional call, retrying what librdkafka calls retriable; an error that needs
    /// an abort aborts and throws `.transactionAborted`, a fatal one throws `.fenced` when another
    /// producer took over.
    private func run(_ what: String, _ call: () -> OpaquePointer?) throws {
        for attempt in 1... {
            guard let error = call() else { return }
            defer { rd_kafka_error_destroy(error) }
            let code = rd_kafka_error_code(error)
            let text =
                "kafka: cannot \(what) (\(transactionalId ?? "")): \(KafkaText.string(rd_kafka_error_string(error)))"
            if rd_kafka_error_is_retriable(error) != 0 && attempt < 10 {
                // Backs off 50 ms, 100 ms, ... up to 1 s: a coordinator that is loading or moving
                // answers fast, and retrying at once would only spin.
                Thread.sleep(forTimeInterval: min(0.05 * Double(1 << (attempt - 1)), 1))
                continue
            }
            if rd_kafka_error_txn_requires_abort(error) != 0 {
                if let abort = rd_kafka_abort_transaction(handle.pointer, Int32(clamping: flushTimeoutMs)) {
                    defer { rd_kafka_error_destroy(abort) }
                    throw StreamrunError(
                        text + "; the abort failed too: \(KafkaText.string(rd_kafka_error_string(abort)))")
                }
                throw StreamrunError(text + "; the transaction was aborted", code: .transactionAborted)
            }
            let fenced = [
                RD_KAFKA_RESP_ERR__FENCED, RD_KAFKA_RESP_ERR_PRODUCER_FENCED,
                RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH,
            ].contains(code)
            throw StreamrunError(text, code: fenced ? .fenced : .failed)
        }
    }
}
