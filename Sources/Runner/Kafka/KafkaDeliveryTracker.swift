internal import CRdKafka
import Foundation
import StreamrunEngine

/// A record's delivery callback, carried through librdkafka as the message's opaque pointer.
final class KafkaDeliveryBox {
    let topicPartition: TopicPartition
    let delivery: @Sendable (Result<RecordMetadata, StreamrunError>) -> Void

    init(
        _ topicPartition: TopicPartition,
        _ delivery: @escaping @Sendable (Result<RecordMetadata, StreamrunError>) -> Void
    ) {
        self.topicPartition = topicPartition
        self.delivery = delivery
    }
}

/// Remembers the first failed delivery, of a record produced without a callback, since the last `flush` of a producer.
// @unchecked Sendable: `failure` is read and written only under `lock`.
final class KafkaDeliveryTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: StreamrunError?  // guarded by `lock`

    func noteFailure(_ error: StreamrunError) {
        lock.lock()
        if failure == nil { failure = error }
        lock.unlock()
    }

    /// The first failure since the previous call, cleared.
    func takeFailure() -> StreamrunError? {
        lock.lock()
        defer { lock.unlock() }
        let first = failure
        failure = nil
        return first
    }
}

/// librdkafka's delivery report callback (`dr_msg_cb`), run by whichever thread polls the
/// producer: calls the record's delivery callback and records failures.
let kafkaDeliveryCallback:
    @convention(c) (
        OpaquePointer?, UnsafePointer<rd_kafka_message_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = {
        rk, message, _ in
        guard let message else { return }
        let box = message.pointee._private.map { Unmanaged<KafkaDeliveryBox>.fromOpaque($0).takeRetainedValue() }
        let code = message.pointee.err
        if code == RD_KAFKA_RESP_ERR_NO_ERROR {
            guard let box else { return }
            box.delivery(.success(RecordMetadata(box.topicPartition, offset: message.pointee.offset)))
            return
        }
        let partition =
            box?.topicPartition
            ?? TopicPartition(KafkaText.string(rd_kafka_topic_name(message.pointee.rkt)), message.pointee.partition)
        let error = StreamrunError("kafka: delivery to \(partition) failed: \(KafkaText.describe(code))")
        // A failure belongs to the caller: its callback, or else the producer's next flush.
        if let box { box.delivery(.failure(error)) } else { KafkaClientContext.of(rk)?.delivery?.noteFailure(error) }
    }
