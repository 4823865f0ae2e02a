internal import CRdKafka

/// An owned librdkafka queue (`rd_kafka_queue_t`), destroyed in deinit; keeps its client alive.
// @unchecked Sendable: immutable; a librdkafka queue is thread-safe (`yield` is meant for other threads) and
// `handle` keeps its client alive.
final class KafkaQueue: @unchecked Sendable {
    let pointer: OpaquePointer
    private let handle: KafkaHandle

    /// A new queue of `handle`, e.g. for admin results.
    init(newFor handle: KafkaHandle) {
        self.handle = handle
        pointer = rd_kafka_queue_new(handle.pointer)
    }

    /// The consumer queue of a consumer with a `group.id` (nil without one).
    init?(consumerOf handle: KafkaHandle) {
        guard let queue = rd_kafka_queue_get_consumer(handle.pointer) else { return nil }
        self.handle = handle
        pointer = queue
    }

    deinit {
        rd_kafka_queue_destroy(pointer)
    }

    /// Makes a blocked (or the next) poll of this queue return at once.
    func yield() {
        rd_kafka_queue_yield(pointer)
    }

    /// The next event, or nil after `timeoutMs`.
    func pollEvent(timeoutMs: Int) -> KafkaEvent? {
        rd_kafka_queue_poll(pointer, Int32(clamping: timeoutMs)).map(KafkaEvent.init)
    }
}

/// An owned librdkafka event, destroyed in deinit.
final class KafkaEvent {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    deinit { rd_kafka_event_destroy(pointer) }

    var type: Int32 { rd_kafka_event_type(pointer) }

    /// The event's error, if it has one.
    var error: String? {
        guard rd_kafka_event_error(pointer) != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaText.string(rd_kafka_event_error_string(pointer))
    }
}
